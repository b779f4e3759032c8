import { mkdir, stat } from 'node:fs/promises';
import { valuesPerFrame, type DeviceProfile } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import { defaultChunkCompression, type IChunkCompression } from './chunkCompression';
import { encodeFrame, frameSchemaDescriptor, FRAME_SCHEMA_NAME } from './frameMessage';
import {
  encodeJsonMessage,
  EVENT_JSON_SCHEMA,
  PREDICTION_JSON_SCHEMA,
  type RecordedEvent,
  type RecordedPrediction,
} from './jsonMessages';
import { McapFileWriter } from './mcapFileWriter';
import type { HistorySource } from './recordingHistory';
import {
  CHANNEL_META,
  EVENTS_TOPIC,
  frameTopic,
  METADATA,
  msToNs,
  predictionTopic,
  recordingPaths,
  sToNs,
  valueColumns,
  type FrameKind,
} from './recordingLayout';
import { durableRename } from '../storage/durableFiles';

/** What the recorder needs to know about a device (a `DeviceInfo` fits). */
export interface RecordedDevice {
  /** The console's id of the device source. */
  readonly id: string;
  readonly name: string;
  /** The device's answer to its identify command, if it gave one. */
  readonly identity: string | null;
  readonly profile: DeviceProfile;
}

/** Options of {@link RecordingSession.start}. */
export interface RecordingSessionOptions {
  /** The recordings folder (`recordingsDir(dataDir)`). */
  readonly dir: string;
  readonly sessionId: string;
  readonly name: string;
  readonly appVersion: string;
  readonly tags?: readonly string[];
  readonly notes?: string;
  /** A chunk is cut when its uncompressed size reaches this; default 128 KiB. */
  readonly chunkSizeBytes?: number;
  /** …or when it has been open this long; default 1000 ms. Bounds what a crash can lose. */
  readonly flushIntervalMs?: number;
  /** fdatasync after each chunk (power-cut safety); default true — see docs/recording.md for its cost. */
  readonly syncEachChunk?: boolean;
  readonly compression?: IChunkCompression;
  /** Host clock in ms since the Unix epoch. */
  readonly now?: () => number;
  readonly library?: string;
}

/** The recorder's view of itself, cheap to read for the status bar and health. */
export interface RecordingStats {
  readonly state: 'recording' | 'closing' | 'closed' | 'failed';
  /** Frames accepted but not yet encoded: the write queue's depth. */
  readonly queuedFrames: number;
  readonly maxQueuedFrames: number;
  /** Frames encoded into chunks. */
  readonly framesWritten: number;
  /** Frames in chunks whose bytes are in the file (and synced, when configured). */
  readonly framesDurable: number;
  /** Frames refused because the session had already failed or closed. */
  readonly framesRefused: number;
  readonly chunksWritten: number;
  readonly bytesWritten: number;
  /** Bytes handed to the file but not yet written (the disk's backlog). */
  readonly writeBacklogBytes: number;
  readonly error: string | null;
}

/** The outcome of {@link RecordingSession.close}. */
export type RecordingCloseResult =
  | {
      readonly ok: true;
      readonly path: string;
      readonly sizeBytes: number;
      readonly startedAtMs: number;
      readonly endedAtMs: number;
      /** Frames per device and kind. */
      readonly frameCounts: Readonly<Record<string, Readonly<Record<FrameKind, number>>>>;
      readonly stats: RecordingStats;
    }
  | { readonly ok: false; readonly message: string; readonly partialPath: string; readonly stats: RecordingStats };

type QueuedWrite =
  | { readonly kind: 'frames'; readonly channelId: number; readonly counter: Record<FrameKind, number>; readonly frameKind: FrameKind; readonly batch: FrameBatch }
  | { readonly kind: 'message'; readonly channelId: number; readonly logTime: bigint; readonly publishTime: bigint; readonly data: Uint8Array };

interface DeviceChannels {
  readonly valueCount: number;
  readonly frames: Readonly<Record<FrameKind, number>>;
  readonly counts: Record<FrameKind, number>;
  predictions?: number;
}

/** Encode at most this long per turn of the event loop, so a burst never stalls the console. */
const DRAIN_SLICE_MS = 8;

/**
 * One recording: a single MCAP file, `<sessionId>.mcap.partial` while it is written and renamed
 * to `<sessionId>.mcap` by {@link close}. Every `write…` call only queues (the queue is never
 * bounded, so nothing is ever dropped — {@link stats} reports its depth); encoding happens on
 * the next turns of the event loop in slices, and chunks reach the file on size or time.
 */
export class RecordingSession {
  readonly #options: RecordingSessionOptions;
  readonly #paths: ReturnType<typeof recordingPaths>;
  readonly #writer: McapFileWriter;
  readonly #now: () => number;
  readonly #startedAtMs: number;
  readonly #chunkSize: number;
  readonly #frameSchemaId: number;
  readonly #devices = new Map<string, DeviceChannels>();
  readonly #eventsChannel: number;
  #predictionSchemaId: number | undefined;
  readonly #queue: QueuedWrite[] = [];
  #queueHead = 0;
  #queuedFrames = 0;
  #maxQueuedFrames = 0;
  #framesWritten = 0;
  #framesInOpenChunk = 0;
  #framesDurable = 0;
  #framesRefused = 0;
  #drainScheduled = false;
  #timer: NodeJS.Timeout;
  #state: RecordingStats['state'] = 'recording';
  #error: string | null = null;

  private constructor(options: RecordingSessionOptions, writer: McapFileWriter, startedAtMs: number) {
    this.#options = options;
    this.#paths = recordingPaths(options.dir, options.sessionId);
    this.#writer = writer;
    this.#now = options.now ?? Date.now;
    this.#startedAtMs = startedAtMs;
    this.#chunkSize = options.chunkSizeBytes ?? 128 * 1024;
    this.#frameSchemaId = writer.registerSchema({ name: FRAME_SCHEMA_NAME, encoding: 'protobuf', data: frameSchemaDescriptor() });
    const eventSchema = writer.registerSchema({ name: 'sensor_console.Event', encoding: 'jsonschema', data: new TextEncoder().encode(EVENT_JSON_SCHEMA) });
    this.#eventsChannel = writer.registerChannel({ schemaId: eventSchema, topic: EVENTS_TOPIC, messageEncoding: 'json', metadata: new Map() });
    this.#timer = setInterval(() => void this.#cutChunk(), options.flushIntervalMs ?? 1000);
    this.#timer.unref();
  }

  /** Creates the file and writes the session metadata; the header is on disk when this resolves. */
  static async start(options: RecordingSessionOptions): Promise<RecordingSession> {
    const paths = recordingPaths(options.dir, options.sessionId);
    await mkdir(options.dir, { recursive: true });
    const writer = await McapFileWriter.create(paths.partial, {
      compression: options.compression ?? defaultChunkCompression(),
      syncEachChunk: options.syncEachChunk ?? true,
      library: options.library ?? `sensor-console ${options.appVersion}`,
    });
    const startedAtMs = (options.now ?? Date.now)();
    const session = new RecordingSession(options, writer, startedAtMs);
    writer.addMetadata(
      METADATA.session,
      new Map([
        ['id', options.sessionId],
        ['name', options.name],
        ['appVersion', options.appVersion],
        ['startedAt', new Date(startedAtMs).toISOString()],
        ['tags', JSON.stringify(options.tags ?? [])],
        ['notes', options.notes ?? ''],
      ]),
    );
    writer.flush();
    await writer.settle();
    return session;
  }

  get sessionId(): string {
    return this.#options.sessionId;
  }

  /** Host time the session started (ms since the Unix epoch). */
  get startedAtMs(): number {
    return this.#startedAtMs;
  }

  /** Where the file is while recording. */
  get partialPath(): string {
    return this.#paths.partial;
  }

  /**
   * Declares a device: its raw and calibrated channels and a `device:<id>` metadata record
   * (identity, profile id and JSON, value columns with units), all reaching the file before any
   * of its frames. Adding a known id again (a reconnect) changes nothing.
   */
  addDevice(device: RecordedDevice): void {
    if (this.#devices.has(device.id)) return;
    const valueCount = valuesPerFrame(device.profile);
    const channelFor = (kind: FrameKind): number =>
      this.#writer.registerChannel({
        schemaId: this.#frameSchemaId,
        topic: frameTopic(device.id, kind),
        messageEncoding: 'protobuf',
        metadata: new Map([
          [CHANNEL_META.deviceId, device.id],
          [CHANNEL_META.kind, kind],
        ]),
      });
    this.#devices.set(device.id, {
      valueCount,
      frames: { raw: channelFor('raw'), calibrated: channelFor('calibrated') },
      counts: { raw: 0, calibrated: 0 },
    });
    this.#writer.addMetadata(
      `${METADATA.devicePrefix}${device.id}`,
      new Map([
        ['id', device.id],
        ['name', device.name],
        ['identity', device.identity ?? ''],
        ['profileId', device.profile.id],
        ['profile', JSON.stringify(device.profile)],
        ['valuesPerFrame', String(valueCount)],
        ['columns', JSON.stringify(valueColumns(device.profile))],
      ]),
    );
  }

  /**
   * Queues a batch of a declared device's frames. The recorder keeps the batch until it is
   * encoded: callers hand over batches they no longer mutate (FrameBatchBuilder.take() copies).
   */
  writeFrames(deviceId: string, kind: FrameKind, batch: FrameBatch): void {
    const device = this.#devices.get(deviceId);
    if (!device) throw new Error(`device "${deviceId}" was not added to recording ${this.sessionId}`);
    if (batch.channelCount !== device.valueCount) {
      throw new Error(`device "${deviceId}" frames carry ${batch.channelCount} values; its profile says ${device.valueCount}`);
    }
    if (this.#state !== 'recording') {
      this.#framesRefused += batch.frameCount;
      return;
    }
    if (batch.frameCount === 0) return;
    this.#queuedFrames += batch.frameCount;
    this.#maxQueuedFrames = Math.max(this.#maxQueuedFrames, this.#queuedFrames);
    this.#enqueue({ kind: 'frames', channelId: device.frames[kind], counter: device.counts, frameKind: kind, batch });
  }

  /** Queues a model output on `/devices/<id>/predictions`. */
  writePrediction(prediction: RecordedPrediction): void {
    this.#enqueue({
      kind: 'message',
      channelId: this.#predictionChannel(prediction.deviceId),
      logTime: msToNs(prediction.hostTimeMs),
      publishTime: sToNs(prediction.windowEndDeviceTimeS),
      data: encodeJsonMessage(prediction),
    });
  }

  /** Queues an entry on `/events`. */
  writeEvent(event: RecordedEvent): void {
    const time = msToNs(event.time);
    this.#enqueue({ kind: 'message', channelId: this.#eventsChannel, logTime: time, publishTime: time, data: encodeJsonMessage(event) });
  }

  /**
   * Adds a metadata record (reaching the file with the next chunk): calibration versions
   * (`calibration:<deviceId>`), model versions in force (`models`), or anything else worth keeping
   * with the data. Values are strings (MCAP). Ignored once the session has closed or failed.
   */
  addMetadata(name: string, entries: Readonly<Record<string, string>>): void {
    if (this.#state !== 'recording') return;
    this.#writer.addMetadata(name, new Map(Object.entries(entries)));
  }

  /**
   * Where a history read finds a device's frames in this file while it is being written (the
   * chunks already in it), or undefined for a device not in the recording.
   */
  historySource(deviceId: string): HistorySource | undefined {
    const device = this.#devices.get(deviceId);
    if (!device) return undefined;
    return {
      path: this.#paths.partial,
      completedChunks: this.#writer.completedChunks(),
      channels: this.#writer.channels,
      device: { frames: device.frames, valueCount: device.valueCount },
    };
  }

  stats(): RecordingStats {
    return {
      state: this.#state,
      queuedFrames: this.#queuedFrames,
      maxQueuedFrames: this.#maxQueuedFrames,
      framesWritten: this.#framesWritten,
      framesDurable: this.#framesDurable,
      framesRefused: this.#framesRefused,
      chunksWritten: this.#writer.chunkCount,
      bytesWritten: Number(this.#writer.position) - this.#writer.pendingWriteBytes,
      writeBacklogBytes: this.#writer.pendingWriteBytes,
      error: this.#error,
    };
  }

  /** Encodes everything queued, cuts the open chunk and waits until it is in the file. */
  async flush(): Promise<void> {
    this.#drain(Number.POSITIVE_INFINITY);
    await this.#cutChunk();
  }

  /**
   * Writes everything queued, a `session-end` metadata record and the index, then renames the file
   * to `<sessionId>.mcap`. After a write error the file stays `.partial` for repair at next start.
   */
  async close(): Promise<RecordingCloseResult> {
    if (this.#state === 'recording') this.#state = 'closing';
    clearInterval(this.#timer);
    this.#drain(Number.POSITIVE_INFINITY);
    const endedAtMs = this.#now();
    const frameCounts = Object.fromEntries([...this.#devices].map(([id, d]) => [id, { ...d.counts }]));
    if (this.#state !== 'failed') {
      this.#writer.addMetadata(
        METADATA.sessionEnd,
        new Map([
          ['endedAt', new Date(endedAtMs).toISOString()],
          ['frameCounts', JSON.stringify(frameCounts)],
        ]),
      );
      try {
        this.#framesInOpenChunk = 0;
        await this.#writer.close();
        this.#framesDurable = this.#framesWritten;
        await durableRename(this.#paths.partial, this.#paths.final);
        this.#state = 'closed';
        const { size } = await stat(this.#paths.final);
        return { ok: true, path: this.#paths.final, sizeBytes: size, startedAtMs: this.#startedAtMs, endedAtMs, frameCounts, stats: this.stats() };
      } catch (error) {
        this.#fail(error);
      }
    }
    await this.#writer.abandon().catch(() => undefined);
    return { ok: false, message: this.#error ?? 'recording failed', partialPath: this.#paths.partial, stats: this.stats() };
  }

  #predictionChannel(deviceId: string): number {
    const device = this.#devices.get(deviceId);
    if (device?.predictions !== undefined) return device.predictions;
    this.#predictionSchemaId ??= this.#writer.registerSchema({
      name: 'sensor_console.Prediction',
      encoding: 'jsonschema',
      data: new TextEncoder().encode(PREDICTION_JSON_SCHEMA),
    });
    const channel = this.#writer.registerChannel({
      schemaId: this.#predictionSchemaId,
      topic: predictionTopic(deviceId),
      messageEncoding: 'json',
      metadata: new Map([[CHANNEL_META.deviceId, deviceId]]),
    });
    if (device) device.predictions = channel;
    return channel;
  }

  #enqueue(write: QueuedWrite): void {
    this.#queue.push(write);
    this.#scheduleDrain();
  }

  #scheduleDrain(): void {
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    setImmediate(() => {
      this.#drainScheduled = false;
      this.#drain(DRAIN_SLICE_MS);
    });
  }

  /** Encodes queued writes for at most `sliceMs`, then yields to the event loop if any are left. */
  #drain(sliceMs: number): void {
    const deadline = performance.now() + sliceMs;
    while (this.#queueHead < this.#queue.length && this.#state !== 'failed') {
      this.#apply(this.#queue[this.#queueHead++]);
      if (this.#writer.openChunkBytes >= this.#chunkSize) void this.#cutChunk();
      if (performance.now() > deadline) break;
    }
    if (this.#state === 'failed') {
      this.#framesRefused += this.#queuedFrames;
      this.#queuedFrames = 0;
      this.#queue.length = 0;
      this.#queueHead = 0;
      return;
    }
    if (this.#queueHead === this.#queue.length || this.#queueHead > 4096) {
      // Let go of written entries so a queue that never quite empties does not keep them alive.
      this.#queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
    if (this.#queue.length > 0) this.#scheduleDrain();
  }

  #apply(write: QueuedWrite): void {
    switch (write.kind) {
      case 'frames': {
        const { batch, channelId } = write;
        for (let i = 0; i < batch.frameCount; i++) {
          this.#writer.addMessage({
            channelId,
            sequence: write.counter[write.frameKind]++ % 2 ** 32,
            logTime: msToNs(batch.hostTimeMs[i]),
            publishTime: sToNs(batch.deviceTimeS[i]),
            data: encodeFrame(batch, i),
          });
        }
        this.#queuedFrames -= batch.frameCount;
        this.#framesWritten += batch.frameCount;
        this.#framesInOpenChunk += batch.frameCount;
        break;
      }
      case 'message':
        this.#writer.addMessage({ channelId: write.channelId, sequence: 0, logTime: write.logTime, publishTime: write.publishTime, data: write.data });
        break;
    }
  }

  /** Queues the open chunk for the file; counts its frames durable once the write (and sync) is done. */
  #cutChunk(): Promise<void> {
    if (this.#state === 'failed' || this.#state === 'closed') return Promise.resolve();
    const frames = this.#framesInOpenChunk;
    this.#framesInOpenChunk = 0;
    this.#writer.flush();
    return this.#writer.settle().then(
      () => {
        this.#framesDurable += frames;
      },
      (error: unknown) => this.#fail(error),
    );
  }

  #fail(error: unknown): void {
    if (this.#state === 'failed') return;
    this.#state = 'failed';
    const reason = error instanceof Error ? error.message : String(error);
    this.#error = `Recording stopped: could not write ${this.#paths.partial} (${reason}). What was written is kept and repaired at the next start.`;
    clearInterval(this.#timer);
  }
}
