import { open, type FileHandle } from 'node:fs/promises';
import { McapRecordBuilder, McapStreamReader, type McapTypes } from '@mcap/core';
import { decimateMinMax, type DecimatedColumns, type SampleColumns } from '../../shared/domain/minMaxDecimation';
import { decompressHandlers } from './chunkCompression';
import { decodeFrame } from './frameMessage';
import type { CompletedChunk } from './mcapFileWriter';
import { msToNs, sToNs, type FrameKind } from './recordingLayout';

/** Which time a history range is on: the device's clock (s) or the host's (Unix s), as the live view's x axis. */
export type HistoryAxis = 'device' | 'host';

/** A stretch of one device's recorded frames, asked for by the paused live view. */
export interface HistoryQuery {
  readonly axis: HistoryAxis;
  /** Range on the axis in seconds: `from` inclusive, `to` exclusive. */
  readonly from: number;
  readonly to: number;
  /** At most this many points per channel come back (min/max pairs, as the live plots draw). */
  readonly maxPointsPerSeries: number;
}

/** What a recording being written offers a history read: its file, the chunks already in it, and its channels. */
export interface HistorySource {
  readonly path: string;
  readonly completedChunks: readonly CompletedChunk[];
  readonly channels: ReadonlyMap<number, McapTypes.Channel>;
  /** The device's frame channel ids and values per frame. */
  readonly device: { readonly frames: Readonly<Record<FrameKind, number>>; readonly valueCount: number };
}

/** Decimated history: x (on the query's axis) and one column per value of the frame, NaN for gaps. */
export interface HistoryColumns extends DecimatedColumns {
  /** Frames in the range before decimation. */
  readonly frames: number;
  /** The earliest x of the device's frames in the readable part of the recording (null: none yet). */
  readonly recordedFrom: number | null;
}

/**
 * Reads a device's frames in a range from the completed chunks of a recording still being
 * written — the summary (index) only exists once the file is closed, so the writer's in-memory
 * chunk index says where the chunks are, and the chunk the writer still holds is left out (the
 * live view has it in memory anyway). Per chunk the calibrated frames are used where the chunk
 * holds any (they are what the live view showed then), else the raw ones. Each chunk is
 * min/max-decimated on the query's buckets as it is read, and the concatenation once more, so
 * memory stays bounded by one chunk however long the range; extremes survive both passes.
 */
export async function readHistory(source: HistorySource, query: HistoryQuery): Promise<HistoryColumns> {
  const { from, to, axis } = query;
  const buckets = Math.max(1, Math.floor(query.maxPointsPerSeries / 2));
  const columns = Array.from({ length: source.device.valueCount }, (_, c) => c);
  const toNs = axis === 'device' ? sToNs : (s: number) => msToNs(s * 1000);
  const [fromNs, toNsExclusive] = [toNs(from), toNs(to)];
  let recordedFrom: number | null = null;
  const wanted: { chunk: CompletedChunk; channelId: number }[] = [];
  for (const chunk of source.completedChunks) {
    const channelId = [source.device.frames.calibrated, source.device.frames.raw].find((id) => chunk.publishSpans.has(id));
    if (channelId === undefined) continue;
    const [min, max] = spanOf(chunk, channelId, axis);
    recordedFrom ??= axis === 'device' ? Number(min) / 1e9 : Number(chunk.index.messageStartTime) / 1e9;
    if (max >= fromNs && min <= toNsExclusive) wanted.push({ chunk, channelId });
  }
  const partials: DecimatedColumns[] = [];
  let frames = 0;
  if (wanted.length > 0) {
    const file = await open(source.path, 'r');
    try {
      const reader = new McapStreamReader({ noMagicPrefix: true, decompressHandlers: decompressHandlers() });
      reader.append(channelRecords(source.channels));
      for (const { chunk, channelId } of wanted) {
        const picked = await readChunkFrames(file, chunk.index, reader, channelId, source.device.valueCount, (frame) => {
          const x = axis === 'device' ? frame.deviceTimeS : frame.hostTimeMs / 1000;
          return x >= from && x < to ? x : undefined;
        });
        frames += picked.x.length;
        partials.push(decimateMinMax(rowsOf(picked.x, picked.values, source.device.valueCount), 0, picked.x.length, columns, from, to, buckets));
      }
    } finally {
      await file.close();
    }
  }
  const joined = concat(partials, columns.length);
  return { ...decimateMinMax(joined.source, 0, joined.length, columns, from, to, buckets), frames, recordedFrom };
}

function spanOf(chunk: CompletedChunk, channelId: number, axis: HistoryAxis): [bigint, bigint] {
  if (axis === 'host') return [chunk.index.messageStartTime, chunk.index.messageEndTime];
  const span = chunk.publishSpans.get(channelId);
  return span ? [span.min, span.max] : [0n, -1n];
}

/**
 * The stream reader insists on a channel record before a message on it; chunks hold every
 * device's messages, so every channel is declared up front (only the wanted ones are decoded).
 */
function channelRecords(channels: ReadonlyMap<number, McapTypes.Channel>): Uint8Array {
  const builder = new McapRecordBuilder();
  for (const channel of channels.values()) builder.writeChannel(channel);
  return builder.buffer.slice();
}

/** One chunk's frames on `channelId` that `pick` keeps (it returns their x), in file order. */
async function readChunkFrames(
  file: FileHandle,
  index: McapTypes.ChunkIndex,
  reader: McapStreamReader,
  channelId: number,
  valueCount: number,
  pick: (frame: ReturnType<typeof decodeFrame>) => number | undefined,
): Promise<{ x: number[]; values: number[] }> {
  const bytes = new Uint8Array(Number(index.chunkLength));
  const { bytesRead } = await file.read(bytes, 0, bytes.byteLength, Number(index.chunkStartOffset));
  if (bytesRead !== bytes.byteLength) throw new Error(`the recording is shorter than its chunk index says (offset ${index.chunkStartOffset})`);
  reader.append(bytes);
  const x: number[] = [];
  const values: number[] = [];
  for (let record; (record = reader.nextRecord()); ) {
    if (record.type !== 'Message' || record.channelId !== channelId) continue;
    const frame = decodeFrame(record.data);
    const at = pick(frame);
    if (at === undefined || frame.values.length !== valueCount) continue;
    x.push(at);
    for (const v of frame.values) values.push(v);
  }
  return { x, values };
}

function rowsOf(x: readonly number[], values: readonly number[], valueCount: number): SampleColumns {
  return { x: (i) => x[i], value: (i, c) => values[i * valueCount + c] };
}

/** The chunks' decimated columns end to end, as one sample source for the final pass. */
function concat(parts: readonly DecimatedColumns[], columnCount: number): { source: SampleColumns; length: number } {
  const x = parts.flatMap((p) => Array.from(p.x));
  const values: number[] = [];
  for (const part of parts) for (let i = 0; i < part.x.length; i++) for (let c = 0; c < columnCount; c++) values.push(part.columns[c][i]);
  return { source: rowsOf(x, values, columnCount), length: x.length };
}
