import type { DeviceHealth, DeviceState } from '../../../shared/ipc/domains/devices';
import type { DeviceHealthMeter } from '../health/deviceHealthMeter';
import type { SerialConnectionStats } from '../serial/serialConnection';
import { hostNowMs } from '../serial/serialConnection';

export interface ErrorCounts {
  readonly droppedFrames: number;
  readonly parseErrors: number;
  readonly crcErrors: number;
  readonly discardedBytes: number;
}

/** A device's health record from its state, rate meter, error counts and link counters. */
export function buildHealth(
  state: DeviceState,
  stateDetail: string,
  nominalRateHz: number,
  meter: DeviceHealthMeter,
  errors: ErrorCounts,
  link: SerialConnectionStats,
): DeviceHealth {
  const now = hostNowMs();
  const rate = meter.read(now);
  return {
    state,
    stateDetail,
    nominalRateHz,
    measuredRateHz: rate.measuredRateHz,
    jitterMs: rate.jitterMs,
    framesTotal: rate.framesTotal,
    ...errors,
    reconnects: link.reconnects,
    bytesIn: link.rxBytes,
    bytesPerS: link.rxBytesPerSecond,
    lastFrameAgoMs: Number.isNaN(rate.lastFrameHostMs) ? null : Math.max(0, now - rate.lastFrameHostMs),
  };
}
