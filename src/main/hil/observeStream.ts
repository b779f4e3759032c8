import { concatFrameBatches, type FrameBatch } from '../../shared/domain/frameBatch';
import { hostNowMs } from '../devices/serial/serialConnection';
import { counterDelta, streamCounters, wireErrors, type StreamCounters } from './deviceReplies';
import { sleep, type OpenDevice, type StepRuntime } from './stepRuntime';

/** How often a long observation reports progress. */
const PROGRESS_MS = 250;

/** What the stream did while it was watched. */
export interface StreamObservation {
  /** Every frame received, in order (undefined when none came). */
  readonly frames: FrameBatch | undefined;
  /** How much the health counters grew. */
  readonly counters: StreamCounters;
  /** Host time (ms since the epoch) the observation began and ended. */
  readonly startMs: number;
  readonly endMs: number;
  /**
   * Host time of the first batch that arrived clean (no counter grew with it, link open) after
   * the last sign of trouble — a counter growing or the link leaving `open` — at or after
   * `troubleSinceMs`; NaN when no clean batch came after it.
   */
  readonly recoveredAtMs: number;
}

/**
 * Records a device's stream for `durationMs` while `during` runs (probes, a fault injection),
 * and tracks trouble and recovery. The subscriptions end when it returns, whether it completes,
 * fails or is aborted — a capture never outlives its step.
 */
export async function observeStream(
  rt: StepRuntime,
  device: OpenDevice,
  durationMs: number,
  during?: (signal: AbortSignal) => Promise<void>,
  troubleSinceMs = Number.NaN,
): Promise<StreamObservation> {
  const batches: FrameBatch[] = [];
  const before = streamCounters(device.source);
  let previous = before;
  let lastTroubleMs = troubleSinceMs;
  let recoveredAtMs = Number.NaN;
  const offBatch = rt.context.devices.subscribe(device.id, (batch) => {
    const now = hostNowMs();
    // Listeners may not keep a batch's arrays: copy them.
    batches.push({ ...batch, seq: batch.seq.slice(), deviceTimeS: batch.deviceTimeS.slice(), hostTimeMs: batch.hostTimeMs.slice(), values: batch.values.slice() });
    const counters = streamCounters(device.source);
    const troubled = wireErrors(counterDelta(previous, counters)) > 0 || device.source.info().health.state !== 'open';
    previous = counters;
    if (troubled) {
      lastTroubleMs = now;
      recoveredAtMs = Number.NaN;
    } else if (Number.isNaN(recoveredAtMs) && !(now < lastTroubleMs)) {
      recoveredAtMs = now;
    }
  });
  const offChange = device.source.onChange(() => {
    if (device.source.info().health.state !== 'open') {
      lastTroubleMs = hostNowMs();
      recoveredAtMs = Number.NaN;
    }
  });
  const startMs = hostNowMs();
  try {
    const watching = watch(rt, durationMs);
    await Promise.all([watching, during?.(rt.signal)]);
  } finally {
    offBatch();
    offChange();
  }
  return {
    frames: batches.length === 0 ? undefined : concatFrameBatches(batches),
    counters: counterDelta(before, streamCounters(device.source)),
    startMs,
    endMs: hostNowMs(),
    recoveredAtMs,
  };
}

async function watch(rt: StepRuntime, durationMs: number): Promise<void> {
  const start = performance.now();
  for (;;) {
    const elapsed = performance.now() - start;
    if (elapsed >= durationMs) break;
    rt.progress(elapsed / durationMs);
    await sleep(Math.min(PROGRESS_MS, durationMs - elapsed), rt.signal);
  }
  rt.progress(1);
}
