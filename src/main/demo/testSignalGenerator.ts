import { allocateFrameBatch, type FrameBatch } from '../../shared/domain/frameBatch';
import type { TestSignalParams } from '../../shared/ipc/domains/demo';

/** Emission period of the generator; batches are at most 60 per second like every UI stream. */
const TICK_MS = 1000 / 60;

export interface TestSignalClock {
  /** Monotonic milliseconds. */
  monotonicMs(): number;
  /** Wall-clock milliseconds since the epoch. */
  wallMs(): number;
}

const systemClock: TestSignalClock = { monotonicMs: () => performance.now(), wallMs: () => Date.now() };

/**
 * Value of channel `c` at time `t` seconds: a sine whose frequency and phase differ per channel,
 * plus a small deterministic ripple, so every channel is distinguishable on a plot and tests can
 * recompute any sample from its time.
 */
export function testSignalValue(channel: number, tS: number): number {
  const frequencyHz = 0.5 + 0.25 * channel;
  const phase = channel * 0.7;
  return Math.sin(2 * Math.PI * frequencyHz * tS + phase) + 0.05 * Math.sin(2 * Math.PI * 37 * tS + channel);
}

/**
 * Produces the frames due between two instants of a paced test signal. Pure, so the pacing can
 * be tested without timers.
 */
export function generateTestFrames(
  deviceId: string,
  params: TestSignalParams,
  firstSeq: number,
  count: number,
  hostTimeMs: number,
): FrameBatch {
  const batch = allocateFrameBatch(deviceId, params.channels, count);
  for (let i = 0; i < count; i++) {
    const seq = firstSeq + i;
    const t = seq / params.rateHz;
    batch.seq[i] = seq;
    batch.deviceTimeS[i] = t;
    batch.hostTimeMs[i] = hostTimeMs;
    for (let c = 0; c < params.channels; c++) batch.values[i * params.channels + c] = testSignalValue(c, t);
  }
  return batch;
}

/**
 * Starts a paced test signal: every tick it emits exactly the frames that became due, so the
 * rate holds on average however late the timer fires. Returns the stop function.
 */
export function startTestSignal(
  params: TestSignalParams,
  emit: (batch: FrameBatch) => void,
  clock: TestSignalClock = systemClock,
): () => void {
  const startMs = clock.monotonicMs();
  let emitted = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((clock.monotonicMs() - startMs) / 1000) * params.rateHz);
    const count = due - emitted;
    if (count <= 0) return;
    emit(generateTestFrames('demo:test-signal', params, emitted, count, clock.wallMs()));
    emitted = due;
  }, TICK_MS);
  return () => clearInterval(timer);
}
