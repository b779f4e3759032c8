import type { FrameBatch } from '../../../../shared/domain/frameBatch';
import type { RecordingHistory } from '../../../../shared/ipc/domains/recording';
import { DecimationClient, type DecimationQuery } from '../../workers/decimationClient';
import type { DecimationResult } from '../../workers/decimationProtocol';
import { ScrollBack, type ScrollBackRequest } from './scrollBack';
import { SeriesRing } from './seriesRing';

/** Headroom over the nominal rate: a device running a little fast must not shorten the window. */
const CAPACITY_MARGIN = 1.25;
/** Below this many frames a window never needs decimating (a view is rarely over 1000 px wide). */
const DECIMATION_WORTHWHILE = 2500;

/**
 * One stream's data for the view: the live ring every batch goes into, a frozen copy while the
 * view is paused (acquisition never pauses), for windows long enough to need it the decimation
 * worker mirroring the ring, and — when given a way to read it — the recorded history before the ring. `version` changes whenever what the view shows changed.
 * Construction only allocates the ring (safe during render); `attach`/`dispose` own the worker.
 */
export class LiveSource {
  readonly #live: SeriesRing;
  #decimator: DecimationClient | null = null;
  #frozen: SeriesRing | null = null;
  #version = 0;
  /** Older frames from the recording in progress, for a paused view panned past the ring (null: none offered). */
  readonly history: ScrollBack | null;

  constructor(windowS: number, rateHz: number, channelCount: number, fetchHistory?: (request: ScrollBackRequest) => Promise<RecordingHistory>) {
    const capacity = Math.max(100, Math.ceil(windowS * rateHz * CAPACITY_MARGIN));
    this.#live = new SeriesRing(capacity, channelCount);
    this.history = fetchHistory ? new ScrollBack(fetchHistory, () => (this.#version += 1)) : null;
  }

  /** Starts the decimation worker when the window is long enough to need one (call from an effect). */
  attach(): void {
    if (this.#decimator || this.#live.capacity <= DECIMATION_WORTHWHILE) return;
    this.#decimator = new DecimationClient(this.#live.capacity, this.#live.channelCount);
    this.#decimator.freeze(this.paused);
  }

  /** The ring acquisition fills (counters: received, gaps, sequence numbers). */
  get live(): SeriesRing {
    return this.#live;
  }
  /** The ring the view reads: frozen while paused. */
  get view(): SeriesRing {
    return this.#frozen ?? this.#live;
  }
  get version(): number {
    return this.#version;
  }
  get paused(): boolean {
    return this.#frozen !== null;
  }
  get canDecimate(): boolean {
    return this.#decimator !== null;
  }

  push(batch: FrameBatch): void {
    this.#live.push(batch);
    this.#decimator?.push(batch);
    if (!this.#frozen) this.#version += 1;
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.#frozen = paused ? this.#live.clone() : null;
    if (!paused) this.history?.reset();
    this.#decimator?.freeze(paused);
    this.#version += 1;
  }

  decimate(query: DecimationQuery): Promise<DecimationResult> | undefined {
    return this.#decimator?.decimate(query);
  }

  /** Stops the worker; `attach` may start a fresh one (its mirror then fills from new batches only). */
  dispose(): void {
    this.#decimator?.dispose();
    this.#decimator = null;
  }
}
