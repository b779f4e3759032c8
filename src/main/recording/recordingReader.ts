import { open, type FileHandle } from 'node:fs/promises';
import { McapIndexedReader, type McapTypes } from '@mcap/core';
import { z } from 'zod';
import { parseDeviceProfile, type DeviceProfile } from '../../shared/domain/deviceProfile';
import { FrameBatchBuilder, type FrameBatch } from '../../shared/domain/frameBatch';
import { decompressHandlers } from './chunkCompression';
import { decodeFrame } from './frameMessage';
import {
  decodeJsonMessage,
  recordedEventSchema,
  recordedPredictionSchema,
  type RecordedEvent,
  type RecordedPrediction,
} from './jsonMessages';
import {
  EVENTS_TOPIC,
  FRAME_KINDS,
  frameTopic,
  METADATA,
  msToNs,
  predictionTopic,
  type FrameKind,
  type ValueColumn,
} from './recordingLayout';

/** A device as the recording describes it. */
export interface RecordingDeviceSummary {
  readonly id: string;
  readonly name: string;
  readonly identity: string | null;
  readonly profileId: string;
  /** The profile in force when recording started (null if the file's copy no longer validates). */
  readonly profile: DeviceProfile | null;
  /** Name and unit of each value in a frame. */
  readonly columns: readonly ValueColumn[];
  readonly frames: Readonly<Record<FrameKind, number>>;
  /** The calibration versions that were in force on the device while it was recorded, in order. */
  readonly calibrationVersions: readonly string[];
}

/** Everything about a recording that is cheap to show before reading its data. */
export interface RecordingSummary {
  readonly path: string;
  readonly sizeBytes: number;
  readonly sessionId: string | null;
  readonly name: string | null;
  readonly appVersion: string | null;
  readonly tags: readonly string[];
  readonly notes: string;
  readonly startedAt: string | null;
  /** Null when the recording was repaired after a crash rather than closed. */
  readonly endedAt: string | null;
  readonly repaired: boolean;
  /** Host time of the first and last message (ms since the Unix epoch); null when empty. */
  readonly firstTimeMs: number | null;
  readonly lastTimeMs: number | null;
  readonly durationS: number;
  readonly devices: readonly RecordingDeviceSummary[];
  readonly channels: readonly { readonly topic: string; readonly schema: string; readonly messageEncoding: string; readonly messages: number }[];
  /** Every metadata record, in file order. */
  readonly metadata: readonly { readonly name: string; readonly entries: Readonly<Record<string, string>> }[];
}

/** A host-time range in ms since the Unix epoch: `startMs` inclusive, `endMs` exclusive; either may be open. */
export interface TimeRange {
  readonly startMs?: number;
  readonly endMs?: number;
}

/** The outcome of {@link openRecording}. */
export type OpenRecordingResult = { readonly ok: true; readonly recording: Recording } | { readonly ok: false; readonly message: string };

const columnsSchema = z.array(z.object({ name: z.string(), unit: z.string() }));
const tagsSchema = z.array(z.string());

/** Opens a finished (or repaired) recording through its index. */
export async function openRecording(path: string): Promise<OpenRecordingResult> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    return { ok: false, message: `Cannot open recording ${path}: ${(error as Error).message}` };
  }
  try {
    const { size } = await file.stat();
    const readable: McapTypes.IReadable = {
      size: async () => BigInt(size),
      read: async (offset, length) => {
        const bytes = new Uint8Array(Number(length));
        const { bytesRead } = await file.read(bytes, 0, bytes.byteLength, Number(offset));
        if (bytesRead !== bytes.byteLength) throw new Error(`short read at ${offset}`);
        return bytes;
      },
    };
    const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers: decompressHandlers() });
    const metadata: { name: string; entries: Record<string, string> }[] = [];
    for await (const record of reader.readMetadata()) metadata.push({ name: record.name, entries: Object.fromEntries(record.metadata) });
    return { ok: true, recording: new Recording(file, reader, summarise(path, size, reader, metadata)) };
  } catch (error) {
    await file.close();
    return {
      ok: false,
      message: `Recording ${path} is unfinished or damaged (${(error as Error).message}); the console repairs unfinished recordings when it starts.`,
    };
  }
}

/** An open recording: its summary and time-ordered reads of its channels. Close it when done. */
export class Recording {
  readonly summary: RecordingSummary;
  readonly #file: FileHandle;
  readonly #reader: McapIndexedReader;

  constructor(file: FileHandle, reader: McapIndexedReader, summary: RecordingSummary) {
    this.#file = file;
    this.#reader = reader;
    this.summary = summary;
  }

  /**
   * A device's frames of one kind in time order, as batches of up to `batchFrames` frames,
   * optionally limited to a host-time range (for scroll-back and playback).
   */
  async *frames(deviceId: string, kind: FrameKind, range: TimeRange = {}, batchFrames = 1024): AsyncGenerator<FrameBatch> {
    const device = this.summary.devices.find((d) => d.id === deviceId);
    if (!device) throw new Error(`recording has no device "${deviceId}"`);
    const builder = new FrameBatchBuilder(deviceId, device.columns.length, batchFrames);
    for await (const message of this.#messages(frameTopic(deviceId, kind), range)) {
      const frame = decodeFrame(message.data);
      if (!inRange(frame.hostTimeMs, range)) continue;
      builder.push(frame.seq, frame.deviceTimeS, frame.hostTimeMs, frame.values);
      if (builder.frameCount >= batchFrames) yield builder.take();
    }
    if (builder.frameCount > 0) yield builder.take();
  }

  /** A device's recorded model outputs in time order. */
  async *predictions(deviceId: string, range: TimeRange = {}): AsyncGenerator<RecordedPrediction> {
    for await (const message of this.#messages(predictionTopic(deviceId), range)) {
      const prediction = decodeJsonMessage(message.data, recordedPredictionSchema);
      if (inRange(prediction.hostTimeMs, range)) yield prediction;
    }
  }

  /** The session's events in time order. */
  async *events(range: TimeRange = {}): AsyncGenerator<RecordedEvent> {
    for await (const message of this.#messages(EVENTS_TOPIC, range)) {
      const event = decodeJsonMessage(message.data, recordedEventSchema);
      if (inRange(event.time, range)) yield event;
    }
  }

  async close(): Promise<void> {
    await this.#file.close();
  }

  #messages(topic: string, range: TimeRange): AsyncGenerator<McapTypes.TypedMcapRecords['Message']> {
    // Log times are the payload's times rounded to ns, so this query is a superset of the range;
    // callers filter on the exact payload time.
    return this.#reader.readMessages({
      topics: [topic],
      startTime: range.startMs === undefined ? undefined : msToNs(range.startMs),
      endTime: range.endMs === undefined ? undefined : msToNs(range.endMs),
    });
  }
}

function inRange(timeMs: number, { startMs, endMs }: TimeRange): boolean {
  return (startMs === undefined || timeMs >= startMs) && (endMs === undefined || timeMs < endMs);
}

function summarise(
  path: string,
  sizeBytes: number,
  reader: McapIndexedReader,
  metadata: readonly { name: string; entries: Record<string, string> }[],
): RecordingSummary {
  const counts = reader.statistics?.channelMessageCounts ?? new Map<number, bigint>();
  const channels = [...reader.channelsById.values()];
  const countOf = (topic: string): number => {
    const channel = channels.find((c) => c.topic === topic);
    return channel ? Number(counts.get(channel.id) ?? 0n) : 0;
  };
  const session = metadata.find((m) => m.name === METADATA.session)?.entries;
  const end = metadata.find((m) => m.name === METADATA.sessionEnd)?.entries;
  const devices = metadata
    .filter((m) => m.name.startsWith(METADATA.devicePrefix))
    .map(({ entries }): RecordingDeviceSummary => {
      const parsed = parseDeviceProfile(safeJson(entries.profile));
      const columns = columnsSchema.safeParse(safeJson(entries.columns));
      const id = entries.id ?? '';
      return {
        id,
        name: entries.name ?? id,
        identity: entries.identity ? entries.identity : null,
        profileId: entries.profileId ?? '',
        profile: parsed.ok ? parsed.profile : null,
        columns: columns.success ? columns.data : [],
        frames: Object.fromEntries(FRAME_KINDS.map((kind) => [kind, countOf(frameTopic(id, kind))])) as Record<FrameKind, number>,
        calibrationVersions: [
          ...new Set(metadata.filter((m) => m.name === `${METADATA.calibrationPrefix}${id}` && m.entries.version).map((m) => m.entries.version)),
        ],
      };
    });
  const stats = reader.statistics;
  const hasMessages = stats !== undefined && stats.messageCount > 0n;
  const firstTimeMs = hasMessages ? Number(stats.messageStartTime) / 1e6 : null;
  const lastTimeMs = hasMessages ? Number(stats.messageEndTime) / 1e6 : null;
  const tags = tagsSchema.safeParse(safeJson(session?.tags));
  return {
    path,
    sizeBytes,
    sessionId: session?.id ?? null,
    name: session?.name ?? null,
    appVersion: session?.appVersion ?? null,
    tags: tags.success ? tags.data : [],
    notes: session?.notes ?? '',
    startedAt: session?.startedAt ?? null,
    endedAt: end?.endedAt ?? null,
    repaired: metadata.some((m) => m.name === METADATA.repair),
    firstTimeMs,
    lastTimeMs,
    durationS: firstTimeMs !== null && lastTimeMs !== null ? (lastTimeMs - firstTimeMs) / 1000 : 0,
    devices,
    channels: channels.map((c) => ({
      topic: c.topic,
      schema: reader.schemasById.get(c.schemaId)?.name ?? '',
      messageEncoding: c.messageEncoding,
      messages: Number(counts.get(c.id) ?? 0n),
    })),
    metadata,
  };
}

function safeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
