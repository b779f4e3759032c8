/** What the crash test and its child (recordUntilKilled.ts) agree on. */

/** The child's arguments, passed as JSON in argv[2]. */
export interface RecordUntilKilledArgs {
  readonly dir: string;
  readonly sessionId: string;
  readonly seed: number;
  readonly framesPerBatch: number;
  readonly chunkSizeBytes: number;
  readonly flushIntervalMs: number;
  readonly hostStartMs: number;
}

/** Sent by the child after every batch. */
export interface RecordUntilKilledMessage {
  /** Frames in complete chunks in the file: what repair must recover at least. */
  readonly framesDurable: number;
  readonly framesWritten: number;
}

/** The simulated IMU the child records. */
export const CRASH_DEVICE_ID = 'imu-1';
