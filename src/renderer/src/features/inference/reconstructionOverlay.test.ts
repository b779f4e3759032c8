import { describe, expect, it } from 'vitest';
import { allocateFrameBatch } from '../../../../shared/domain/frameBatch';
import type { Prediction } from '../../../../shared/domain/prediction';
import { SeriesRing } from '../live/seriesRing';
import { alignReconstruction, overlayChannels, overlayError, ringReference } from './reconstructionOverlay';

/** Frames seq 0…count−1 at 10 Hz; channel c of frame s is s × 10 + c. */
function ringOf(count: number, capacity = count): SeriesRing {
  const batch = allocateFrameBatch('aug', 2, count);
  for (let s = 0; s < count; s++) {
    batch.seq[s] = s;
    batch.deviceTimeS[s] = s / 10;
    batch.values[s * 2] = s * 10;
    batch.values[s * 2 + 1] = s * 10 + 1;
  }
  const ring = new SeriesRing(capacity, 2);
  ring.push(batch);
  return ring;
}

function prediction(seq: number, values: number[], deviceTimeS = seq / 10): Prediction {
  return {
    deviceId: 'aug',
    modelName: 'm',
    modelVersion: '1.0.0',
    seq,
    deviceTimeS,
    hostTimeMs: 0,
    latencyMs: 1,
    flags: [],
    calibrationVersion: null,
    outputs: [
      { kind: 'regression', name: 'reconstructed_hq', units: 'V', values, referenceChannels: ['hq_00', 'hq_01'] },
      { kind: 'actuator', name: 'actuator_command', units: '1', value: 0 },
    ],
  };
}

describe('reconstruction overlay', () => {
  const channel = (name: string, unit: string): { name: string; unit: string } => ({ name, unit });

  it("finds each reference channel's column, in the output's order, with the channel's unit", () => {
    const channels = [channel('lq_00', 'V'), channel('hq_01', 'mV'), channel('hq_00', '')];
    expect(overlayChannels(['hq_00', 'hq_01', 'hq_02'], channels, 'V')).toEqual([
      { name: 'hq_00', element: 0, column: 2, unit: 'V' },
      { name: 'hq_01', element: 1, column: 1, unit: 'mV' },
    ]);
  });

  it('finds none on a device without the reference rig', () => {
    expect(overlayChannels(['hq_00', 'hq_01'], [channel('lq_00', 'V'), channel('lq_01', 'V')], 'V')).toEqual([]);
  });

  it("pairs each estimate with its own frame's reference sample, not the newest one", () => {
    const ring = ringOf(10);
    const series = alignReconstruction([prediction(3, [31, 32]), prediction(7, [70.5, 71])], 'reconstructed_hq', 1, ringReference(ring, 1));
    expect(series).toEqual({ time: [0.3, 0.7], reference: [31, 71], estimate: [32, 71] });
  });

  it('leaves a gap where the frame is no longer held, its sequence number differs, or a value is not finite', () => {
    const ring = ringOf(10, 5); // holds seq 5…9 only
    const predictions = [prediction(2, [1, 1]), prediction(6, [2, 2], 0.6), prediction(8, [3, 3], 0.7), prediction(9, [Number.NaN, 4])];
    const series = alignReconstruction(predictions, 'reconstructed_hq', 0, ringReference(ring, 0));
    expect(series.reference).toEqual([null, 60, null, 90]);
    expect(series.estimate).toEqual([1, 2, 3, null]);
  });

  it('skips predictions without the output', () => {
    const other: Prediction = { ...prediction(1, [0, 0]), outputs: [{ kind: 'actuator', name: 'actuator_command', units: '1', value: 0 }] };
    expect(alignReconstruction([other], 'reconstructed_hq', 0, () => 0).time).toEqual([]);
  });

  it('computes MAE and RMSE over the points that have both values', () => {
    const error = overlayError({ time: [0, 1, 2, 3], reference: [1, 2, null, 4], estimate: [2, 0, 5, 4] });
    expect(error.count).toBe(3);
    expect(error.mae).toBeCloseTo((1 + 2 + 0) / 3, 12);
    expect(error.rmse).toBeCloseTo(Math.sqrt((1 + 4 + 0) / 3), 12);
  });

  it('reports NaN, not zero, when nothing can be compared', () => {
    const error = overlayError({ time: [0], reference: [null], estimate: [1] });
    expect(error).toEqual({ mae: Number.NaN, rmse: Number.NaN, count: 0 });
  });
});
