import type { DeviceChannel } from '../../../../shared/domain/deviceProfile';
import type { Prediction } from '../../../../shared/domain/prediction';
import type { SeriesRing } from '../live/seriesRing';

/** One estimated value and the device channel that measures the same quantity. */
export interface OverlayChannel {
  readonly name: string;
  /** Position of the estimate in the output. */
  readonly element: number;
  /** Column of the reference channel in the device's frames. */
  readonly column: number;
  /** The channel's unit, else the output's. */
  readonly unit: string;
}

/**
 * The output's reference channels this device has, in the output's order; none when the device
 * lacks them (its reference rig is not attached), which the view says in words.
 */
export function overlayChannels(referenceChannels: readonly string[], channels: readonly Pick<DeviceChannel, 'name' | 'unit'>[], outputUnits: string): OverlayChannel[] {
  return referenceChannels.flatMap((name, element) => {
    const column = channels.findIndex((c) => c.name === name);
    return column < 0 ? [] : [{ name, element, column, unit: channels[column].unit || outputUnits }];
  });
}

/** One estimated channel against its reference, a point per prediction, oldest first. */
export interface OverlaySeries {
  /** Device time of the frame each prediction was made for, s. */
  readonly time: number[];
  /** The reference channel in that frame; null where the frame is no longer held or its sample is missing. */
  readonly reference: (number | null)[];
  /** The model's estimate; null where it is not finite. */
  readonly estimate: (number | null)[];
}

/** The reference value in the frame a prediction was made for, or undefined when that frame is not held. */
export type ReferenceLookup = (seq: number, deviceTimeS: number) => number | undefined;

/** Error of the estimate against the reference over the points that have both. */
export interface OverlayError {
  /** Mean absolute error; NaN when no point has both. */
  readonly mae: number;
  /** Root-mean-square error; NaN when no point has both. */
  readonly rmse: number;
  /** Points that have both a reference and an estimate. */
  readonly count: number;
}

const finiteOrNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/**
 * Pairs element `element` of the regression output `outputName` with its reference channel:
 * each prediction names the frame it was made for (sequence number and device time), and the
 * reference is that same frame's sample — never the newest one, which the model has not seen.
 */
export function alignReconstruction(predictions: readonly Prediction[], outputName: string, element: number, referenceAt: ReferenceLookup): OverlaySeries {
  const time: number[] = [];
  const reference: (number | null)[] = [];
  const estimate: (number | null)[] = [];
  for (const p of predictions) {
    const output = p.outputs.find((o) => o.name === outputName);
    if (output?.kind !== 'regression') continue;
    time.push(p.deviceTimeS);
    estimate.push(finiteOrNull(output.values[element]));
    reference.push(finiteOrNull(referenceAt(p.seq, p.deviceTimeS)));
  }
  return { time, reference, estimate };
}

/** MAE and RMSE of the estimate against the reference, skipping points that lack either. */
export function overlayError({ reference, estimate }: OverlaySeries): OverlayError {
  let absolute = 0;
  let squared = 0;
  let count = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i];
    const e = estimate[i];
    if (r === null || e === null) continue;
    absolute += Math.abs(e - r);
    squared += (e - r) ** 2;
    count += 1;
  }
  return count === 0 ? { mae: Number.NaN, rmse: Number.NaN, count } : { mae: absolute / count, rmse: Math.sqrt(squared / count), count };
}

/** Looks a reference up in a device's ring: the frame at the prediction's device time, if its sequence number matches. */
export function ringReference(ring: SeriesRing, column: number): ReferenceLookup {
  return (seq, deviceTimeS) => {
    const sample = ring.nearest('device', deviceTimeS);
    return sample?.seq === seq ? ring.value(sample.index, column) : undefined;
  };
}
