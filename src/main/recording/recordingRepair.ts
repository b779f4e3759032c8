import { open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MCAP_MAGIC, type McapTypes } from '@mcap/core';
import { defaultChunkCompression } from './chunkCompression';
import { FRAME_SCHEMA_NAME } from './frameMessage';
import { McapFileWriter } from './mcapFileWriter';
import { streamMcapRecords } from './mcapStream';
import { METADATA, recordingPaths } from './recordingLayout';
import { durableRename } from '../storage/durableFiles';

/** What repairing one unfinished recording achieved. */
export interface RepairReport {
  readonly sessionId: string;
  /** The valid, indexed file now at `<sessionId>.mcap`. */
  readonly path: string;
  readonly framesRecovered: number;
  readonly messagesRecovered: number;
  readonly metadataRecovered: number;
  readonly originalBytes: number;
  readonly repairedBytes: number;
  /** Why the read of the original stopped before its end, if it did (damage rather than truncation). */
  readonly damage: string | null;
}

/** The outcome of repairing one file: a report, or what went wrong in words for the operator. */
export type RepairOutcome =
  | { readonly ok: true; readonly report: RepairReport }
  | { readonly ok: false; readonly sessionId: string; readonly message: string };

const MAGIC = Uint8Array.from(MCAP_MAGIC);

/**
 * Session ids in `dir` whose recording did not finish: a `.partial` (the app stopped while
 * recording), a `.corrupt` without a finished file (a repair was interrupted), or a `.mcap` that
 * does not end with the MCAP magic (a file finished elsewhere, or damaged). Leftovers of a repair
 * that did finish (a `.corrupt` beside a finished file, a stray temp file) are removed.
 */
export async function findUnfinishedRecordings(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const present = new Set(names);
  const unfinished = new Set<string>();
  for (const name of names) {
    const match = /^(.+)\.mcap(\.partial|\.corrupt|\.repair-tmp)?$/.exec(name);
    if (!match) continue;
    const [, id, suffix] = match;
    const final = `${id}.mcap`;
    switch (suffix) {
      case '.partial':
        unfinished.add(id);
        break;
      case '.corrupt':
        if (present.has(final) && (await endsWithMagic(join(dir, final)))) await rm(join(dir, name));
        else unfinished.add(id);
        break;
      case '.repair-tmp':
        await rm(join(dir, name));
        break;
      default:
        if (!present.has(`${final}.corrupt`) && !(await endsWithMagic(join(dir, name)))) unfinished.add(id);
    }
  }
  return [...unfinished].sort();
}

/** Repairs every unfinished recording in `dir` (see {@link findUnfinishedRecordings}). */
export async function repairUnfinishedRecordings(dir: string): Promise<RepairOutcome[]> {
  const outcomes: RepairOutcome[] = [];
  for (const sessionId of await findUnfinishedRecordings(dir)) outcomes.push(await repairRecording(dir, sessionId));
  return outcomes;
}

/**
 * Rewrites an unfinished recording as a valid indexed MCAP file, keeping every record the stream
 * reader can parse (every complete chunk; the chunk being written when the app stopped is lost).
 * The original is first renamed to `<id>.mcap.corrupt` and deleted only once the rewrite is
 * synced and renamed into place, so an interrupted repair starts over from the original.
 */
export async function repairRecording(dir: string, sessionId: string): Promise<RepairOutcome> {
  const paths = recordingPaths(dir, sessionId);
  try {
    if (!(await exists(paths.corrupt))) {
      const original = (await exists(paths.partial)) ? paths.partial : paths.final;
      await durableRename(original, paths.corrupt);
    }
    await rm(paths.repairTemp, { force: true });
    const report = await rewrite(paths.corrupt, paths.repairTemp, sessionId);
    await durableRename(paths.repairTemp, paths.final);
    await rm(paths.corrupt);
    return { ok: true, report: { ...report, path: paths.final } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, sessionId, message: `Could not repair recording ${sessionId}: ${reason}. The original is kept as ${paths.corrupt}.` };
  }
}

async function rewrite(from: string, to: string, sessionId: string): Promise<Omit<RepairReport, 'path'>> {
  let writer: McapFileWriter | undefined;
  const schemaIds = new Map<number, number>([[0, 0]]);
  const frameSchemas = new Set<number>();
  const channelIds = new Map<number, number>();
  const frameChannels = new Set<number>();
  let framesRecovered = 0;
  let messagesRecovered = 0;
  let metadataRecovered = 0;
  const copy = (out: McapFileWriter, record: McapTypes.TypedMcapRecord): void => {
    switch (record.type) {
      case 'Schema':
        // A file killed while writing its summary repeats schemas and channels there.
        if (schemaIds.has(record.id)) break;
        schemaIds.set(record.id, out.registerSchema({ name: record.name, encoding: record.encoding, data: record.data }));
        if (record.name === FRAME_SCHEMA_NAME) frameSchemas.add(record.id);
        break;
      case 'Channel': {
        if (channelIds.has(record.id)) break;
        const schemaId = schemaIds.get(record.schemaId);
        if (schemaId === undefined) throw new Error(`channel ${record.topic} names schema ${record.schemaId}, which the file never defines`);
        channelIds.set(record.id, out.registerChannel({ schemaId, topic: record.topic, messageEncoding: record.messageEncoding, metadata: record.metadata }));
        if (frameSchemas.has(record.schemaId)) frameChannels.add(record.id);
        break;
      }
      case 'Message': {
        const channelId = channelIds.get(record.channelId);
        if (channelId === undefined) break;
        out.addMessage({ ...record, channelId });
        messagesRecovered++;
        if (frameChannels.has(record.channelId)) framesRecovered++;
        if (out.openChunkBytes >= REPAIR_CHUNK_BYTES) out.flush();
        break;
      }
      case 'Metadata':
        out.addMetadata(record.name, record.metadata);
        metadataRecovered++;
        break;
      default:
        // Indexes, statistics, summary offsets, data end and footer are rebuilt by the writer.
        break;
    }
  };
  const create = (header: McapTypes.Header): Promise<McapFileWriter> =>
    McapFileWriter.create(to, { compression: defaultChunkCompression(), syncEachChunk: false, profile: header.profile, library: header.library });
  const outcome = await streamMcapRecords(from, async (records) => {
    for (const record of records) {
      if (record.type === 'Header') writer ??= await create(record);
      else if (writer) copy(writer, record);
    }
    // Let the disk catch up before the next piece, so memory stays bounded.
    await writer?.settle();
  });
  // Not even a header survived: the result is a valid file with only the repair record.
  writer ??= await create({ profile: '', library: 'sensor-console repair' });
  writer.addMetadata(
    METADATA.repair,
    new Map([
      ['sessionId', sessionId],
      ['repairedAt', new Date().toISOString()],
      ['framesRecovered', String(framesRecovered)],
      ['originalBytes', String(outcome.fileBytes)],
      ['damage', outcome.error ?? ''],
    ]),
  );
  await writer.close();
  const { size } = await stat(to);
  return {
    sessionId,
    framesRecovered,
    messagesRecovered,
    metadataRecovered,
    originalBytes: outcome.fileBytes,
    repairedBytes: size,
    damage: outcome.error,
  };
}

const REPAIR_CHUNK_BYTES = 1024 * 1024;

async function endsWithMagic(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size < MAGIC.byteLength * 2) return false;
    const tail = new Uint8Array(MAGIC.byteLength);
    await file.read(tail, 0, tail.byteLength, size - tail.byteLength);
    return tail.every((b, i) => b === MAGIC[i]);
  } finally {
    await file.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
