import type { FrameBatch } from '../../shared/domain/frameBatch';

/**
 * Stored frames in time order that a `PlaybackSource` replays as a device: one device of a
 * recording, or a dataset file. Host times are the stored ones; the player restamps them.
 */
export interface IFrameTape {
  /** What the operator calls it in messages: "recording", "dataset". */
  readonly noun: string;
  /** Host time of the first frame, ms; seek positions count from it. */
  readonly firstTimeMs: number;
  readonly durationS: number;
  /** Frames from host time `startMs` (undefined: the beginning), at most `batchFrames` per batch. */
  frames(startMs: number | undefined, batchFrames: number): AsyncGenerator<FrameBatch>;
  close(): Promise<void>;
}
