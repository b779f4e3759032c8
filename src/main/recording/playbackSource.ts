import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import { ContractError } from '../../shared/ipc/contractError';
import type { DeviceHealth, DeviceInfo, DeviceSourceSpec, DeviceState } from '../../shared/ipc/domains/devices';
import type { PlaybackMode, PlaybackSpeed, PlaybackStatus } from '../../shared/ipc/domains/playback';
import { DeviceHealthMeter } from '../devices/health/deviceHealthMeter';
import { EventHub } from '../devices/serial/eventHub';
import { hostNowMs } from '../devices/serial/serialConnection';
import { buildHealth } from '../devices/sources/deviceHealth';
import type { IDeviceSource } from '../devices/sources/IDeviceSource';
import type { IFrameTape } from './IFrameTape';
import { openRecording } from './recordingReader';

interface SourceEvents {
  batch: [FrameBatch];
  change: [];
}

export interface PlaybackSourceOptions {
  readonly id: string;
  readonly name: string;
  readonly spec: DeviceSourceSpec;
  readonly profile: DeviceProfile;
  /** The frames to play (one device of a recording, a dataset file); the source closes it on stop. */
  readonly tape: IFrameTape;
  readonly speed?: PlaybackSpeed;
  readonly loop?: boolean;
}

/**
 * A device-time step longer than this, or backwards, is a device reset or an outage, not pace:
 * playback plays the next frame at once instead of waiting (same bound as the health meter's jitter).
 */
const MAX_PACED_GAP_S = 10;
/** Longest sleep between pacing checks, so pause, seek and stop take effect promptly. */
const MAX_SLEEP_MS = 50;
/** At "max" speed, frames per emitted batch; the pump yields to the event loop between batches. */
const MAX_BATCH_FRAMES = 512;
const READ_BATCH_FRAMES = 256;
const NO_LINK = { rxBytes: 0, txBytes: 0, rxBytesPerSecond: 0, txBytesPerSecond: 0, reconnects: 0 } as const;

/**
 * A recorded device (or a dataset file) replayed as a live one: its frames (seq, device time, values exactly as
 * recorded; host time restamped to when each frame is played, so plots, health and windows work
 * as live) paced by the recorded device clock × speed, with pause, seek, single step and loop.
 * All reads of the recording run one at a time through `#serial`, so transport commands never
 * interleave with the pump.
 */
export class PlaybackSource implements IDeviceSource {
  readonly id: string;
  readonly profile: DeviceProfile;
  readonly spec: DeviceSourceSpec;
  readonly #name: string;
  readonly #tape: IFrameTape;
  readonly #events = new EventHub<SourceEvents>();
  readonly #meter = new DeviceHealthMeter();
  readonly #firstMs: number;
  #speed: PlaybackSpeed;
  #loop: boolean;
  #mode: PlaybackMode | 'idle' = 'idle';
  #queue: Promise<unknown> = Promise.resolve();
  #pump: Promise<void> = Promise.resolve();
  /** Set and cleared synchronously with the pump's loop test, so play() never misses a pump that is just ending. */
  #pumping = false;
  #failure: string | undefined;
  #frames: AsyncGenerator<FrameBatch> | undefined;
  /** Where the next opened read starts (host ms); undefined: the beginning. */
  #startMs: number | undefined;
  #pending: FrameBatch | undefined;
  #index = 0;
  /** Wall time at which the frame with device time `deviceTimeS` is (or was) due. */
  #anchor: { wallMs: number; deviceTimeS: number } | undefined;
  #lastDeviceTimeS = Number.NaN;
  #positionMs: number;
  #framesPlayed = 0;

  constructor(options: PlaybackSourceOptions) {
    this.id = options.id;
    this.#name = options.name;
    this.spec = options.spec;
    this.profile = options.profile;
    this.#tape = options.tape;
    this.#speed = options.speed ?? 1;
    this.#loop = options.loop ?? false;
    this.#firstMs = options.tape.firstTimeMs;
    this.#positionMs = this.#firstMs;
  }

  async start(): Promise<void> {
    this.play();
  }

  async stop(): Promise<void> {
    this.#setMode('closed');
    await this.#pump;
    await this.#serial(async () => {
      await this.#closeFrames();
      await this.#tape.close();
    });
  }

  onBatch(listener: (batch: FrameBatch) => void): () => void {
    return this.#events.on('batch', listener);
  }

  onChange(listener: () => void): () => void {
    return this.#events.on('change', listener);
  }

  /** A recording or dataset sends no responses or log lines. */
  onMessage(): () => void {
    return () => undefined;
  }

  info(): DeviceInfo {
    return { id: this.id, name: this.#name, source: this.spec, profile: this.profile, identity: null, health: this.health() };
  }

  health(): DeviceHealth {
    const state: DeviceState = this.#mode === 'closed' ? 'closed' : this.#mode === 'idle' ? 'connecting' : 'open';
    return buildHealth(state, this.#detail(), this.profile.nominalRateHz, this.#meter, { droppedFrames: 0, parseErrors: 0, crcErrors: 0, discardedBytes: 0 }, NO_LINK);
  }

  status(): PlaybackStatus {
    return {
      mode: this.#mode === 'idle' ? 'paused' : this.#mode,
      positionS: (this.#positionMs - this.#firstMs) / 1000,
      durationS: this.#tape.durationS,
      speed: this.#speed,
      loop: this.#loop,
      framesPlayed: this.#framesPlayed,
    };
  }

  /** Plays from where it stands (from the start after the end). */
  play(): void {
    this.#refuseClosed();
    if (this.#mode === 'playing') return;
    this.#failure = undefined;
    this.#reanchor();
    this.#setMode('playing');
    if (!this.#pumping) {
      this.#pumping = true;
      this.#pump = this.#run();
    }
  }

  pause(): void {
    this.#refuseClosed();
    if (this.#mode === 'playing') this.#setMode('paused');
  }

  /** Pauses and plays exactly one frame; resolves false at the end of the recording. */
  async step(): Promise<boolean> {
    this.pause();
    await this.#pump;
    return this.#serial(async () => {
      if (!(await this.#peek())) {
        this.#setMode('ended');
        return false;
      }
      this.#emit(this.#index + 1, [hostNowMs()]);
      this.#anchor = undefined;
      this.#events.emit('change');
      return true;
    });
  }

  /** Moves to `positionS` seconds from the start of the recording; keeps playing if it was. */
  async seek(positionS: number): Promise<void> {
    this.#refuseClosed();
    await this.#serial(async () => {
      await this.#closeFrames();
      this.#startMs = this.#firstMs + positionS * 1000;
      this.#positionMs = this.#startMs;
      this.#lastDeviceTimeS = Number.NaN;
      this.#anchor = undefined;
      if (this.#mode === 'ended') this.#mode = 'paused';
      this.#events.emit('change');
    });
  }

  setSpeed(speed: PlaybackSpeed): void {
    this.#refuseClosed();
    this.#speed = speed;
    this.#reanchor();
    this.#events.emit('change');
  }

  setLoop(loop: boolean): void {
    this.#refuseClosed();
    this.#loop = loop;
    this.#events.emit('change');
  }

  async sendTyped(): Promise<number> {
    throw this.#refuse('it takes no commands');
  }

  async sendBytes(): Promise<number> {
    throw this.#refuse('it takes no commands');
  }

  async sendCommand(): Promise<number> {
    throw this.#refuse('it takes no commands');
  }

  injectFault(): void {
    throw this.#refuse('faults can be injected only into simulators');
  }

  simulate(): string {
    throw this.#refuse('scenario commands work only on simulators');
  }

  async #run(): Promise<void> {
    try {
      while (this.#isPlaying()) {
        const waitMs = await this.#serial(() => this.#advance());
        if (waitMs > 0) await sleep(Math.min(waitMs, MAX_SLEEP_MS));
        // Yield even when more frames are due, so "max" speed never starves the event loop.
        else await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.#failure = error instanceof Error ? error.message : String(error);
      this.#setMode('ended');
    } finally {
      this.#pumping = false;
    }
  }

  /** Plays the frames due now; returns ms until the next one is due (0: read more at once). */
  async #advance(): Promise<number> {
    if (!this.#isPlaying()) return 0;
    if (!(await this.#peek())) {
      // At the end: a loop reopens from the start (#peek does that once #frames is gone).
      if (!this.#loop || !(await this.#peek())) {
        this.#setMode('ended');
        return 0;
      }
      this.#lastDeviceTimeS = Number.NaN;
      this.#anchor = undefined;
    }
    const batch = this.#pending;
    if (!batch) return 0;
    const now = hostNowMs();
    const hostTimes: number[] = [];
    let i = this.#index;
    let waitMs = 0;
    for (; i < batch.frameCount && hostTimes.length < MAX_BATCH_FRAMES; i++) {
      const t = batch.deviceTimeS[i];
      const step = t - this.#lastDeviceTimeS;
      if (this.#anchor === undefined || !(step >= 0 && step <= MAX_PACED_GAP_S) || !Number.isFinite(t)) {
        this.#anchor = { wallMs: now, deviceTimeS: t };
      }
      const dueMs = this.#speed === 'max' ? now : this.#anchor.wallMs + ((t - this.#anchor.deviceTimeS) * 1000) / this.#speed;
      if (dueMs > now) {
        waitMs = dueMs - now;
        break;
      }
      hostTimes.push(dueMs);
      this.#lastDeviceTimeS = t;
    }
    if (hostTimes.length > 0) this.#emit(i, hostTimes);
    return waitMs;
  }

  /** Emits the pending frames from #index up to `end` (exclusive), stamped with `hostTimes`. */
  #emit(end: number, hostTimes: readonly number[]): void {
    const batch = this.#pending;
    if (!batch) return;
    const start = this.#index;
    const n = batch.channelCount;
    // slice() of a same-typed array copies bytes: values stay bit-exact (NaN payloads included).
    const out: FrameBatch = {
      deviceId: this.id,
      channelCount: n,
      frameCount: end - start,
      seq: batch.seq.slice(start, end),
      deviceTimeS: batch.deviceTimeS.slice(start, end),
      hostTimeMs: Float64Array.from(hostTimes),
      values: batch.values.slice(start * n, end * n),
    };
    this.#index = end;
    this.#positionMs = batch.hostTimeMs[end - 1];
    this.#lastDeviceTimeS = batch.deviceTimeS[end - 1];
    this.#framesPlayed += out.frameCount;
    this.#meter.observe(out);
    this.#events.emit('batch', out);
  }

  /** Makes sure a frame is pending; false at the end of the recording (the next call starts over). */
  async #peek(): Promise<boolean> {
    while (!this.#pending || this.#index >= this.#pending.frameCount) {
      this.#frames ??= this.#tape.frames(this.#startMs, READ_BATCH_FRAMES);
      const next = await this.#frames.next();
      if (next.done) {
        this.#frames = undefined;
        this.#pending = undefined;
        this.#startMs = undefined;
        return false;
      }
      this.#pending = next.value;
      this.#index = 0;
    }
    return true;
  }

  async #closeFrames(): Promise<void> {
    const frames = this.#frames;
    this.#frames = undefined;
    this.#pending = undefined;
    this.#index = 0;
    await frames?.return(undefined);
  }

  /** Paces on from the last frame played, so a pause or speed change neither bursts nor skips. */
  #reanchor(): void {
    this.#anchor = Number.isFinite(this.#lastDeviceTimeS) ? { wallMs: hostNowMs(), deviceTimeS: this.#lastDeviceTimeS } : undefined;
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #isPlaying(): boolean {
    return this.#mode === 'playing';
  }

  #setMode(mode: PlaybackMode): void {
    if (this.#mode === mode) return;
    this.#mode = mode;
    this.#events.emit('change');
  }

  #detail(): string {
    const { positionS, durationS } = this.status();
    const where = `${positionS.toFixed(1)} s of ${durationS.toFixed(1)} s`;
    const speed = this.#speed === 'max' ? 'as fast as possible' : `at ${this.#speed}×`;
    switch (this.#mode) {
      case 'idle':
        return `Opening the ${this.#tape.noun}.`;
      case 'playing':
        return `Playing back ${speed}${this.#loop ? ', looping' : ''}: ${where}.`;
      case 'paused':
        return `Playback paused at ${where}.`;
      case 'ended':
        if (this.#failure !== undefined) return `Playback stopped at ${where}: ${this.#failure}.`;
        return `Played to the end (${durationS.toFixed(1)} s); press play to start over.`;
      case 'closed':
        return 'Closed by the operator.';
    }
  }

  #refuseClosed(): void {
    if (this.#mode === 'closed') throw new ContractError({ code: 'invalid-input', message: `${this.#name} is closed.` });
  }

  #refuse(why: string): ContractError {
    return new ContractError({ code: 'invalid-input', message: `${this.#name} is a ${this.#tape.noun} played back; ${why}.` });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Opens a recording and builds the source that plays one of its devices (not yet started). */
export async function openPlaybackSource(
  id: string,
  spec: Extract<DeviceSourceSpec, { kind: 'playback' }>,
  path: string,
  resolveProfile: (profileId: string) => Promise<DeviceProfile | undefined>,
): Promise<PlaybackSource> {
  const opened = await openRecording(path);
  if (!opened.ok) throw new ContractError({ code: 'invalid-input', message: opened.message });
  const { recording } = opened;
  const { summary } = recording;
  const device = summary.devices.find((d) => d.id === spec.deviceId);
  const kind = spec.frames ?? 'raw';
  const refuse = async (message: string): Promise<never> => {
    await recording.close();
    throw new ContractError({ code: 'invalid-input', message });
  };
  const title = summary.name ?? spec.sessionId;
  if (!device) return refuse(`Recording "${title}" has no device "${spec.deviceId}"; it holds ${summary.devices.map((d) => d.id).join(', ') || 'no devices'}.`);
  if (device.frames[kind] === 0) return refuse(`Recording "${title}" holds no ${kind} frames of ${device.name}.`);
  // The file's own copy of the profile is what the frames follow; the console's is a fallback.
  const profile = device.profile ?? (await resolveProfile(device.profileId));
  if (!profile) return refuse(`Recording "${title}": the profile "${device.profileId}" of ${device.name} is unreadable and not known to this console.`);
  return new PlaybackSource({
    id,
    name: `${device.name} (playback of "${title}")`,
    spec,
    profile,
    tape: {
      noun: 'recording',
      firstTimeMs: summary.firstTimeMs ?? 0,
      durationS: summary.durationS,
      frames: (startMs, batchFrames) => recording.frames(device.id, kind, startMs === undefined ? {} : { startMs }, batchFrames),
      close: () => recording.close(),
    },
    speed: spec.speed,
    loop: spec.loop,
  });
}
