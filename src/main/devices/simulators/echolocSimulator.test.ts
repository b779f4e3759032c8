import { describe, expect, it } from 'vitest';
import {
  ECHOLOC_RECEIVER_POSITIONS,
  ECHOLOC_RECEIVERS,
  ECHOLOC_SAMPLE_RATE_HZ,
  ECHOLOC_SAMPLES,
  EcholocSimulator,
} from './echolocSimulator';

/** Speed of sound in air at 20 °C (stated independently of the model on purpose). */
const SPEED_OF_SOUND_M_S = 343;

/** Crosstalk from the transmit burst fills the first millisecond; echoes are looked for after it. */
const BLANKING_SAMPLES = 0.001 * ECHOLOC_SAMPLE_RATE_HZ;

function waveform(values: Float32Array, r: number): Float32Array {
  return values.subarray(r * ECHOLOC_SAMPLES, (r + 1) * ECHOLOC_SAMPLES);
}

/** The level between echoes: the median after blanking, as most samples hold no echo. */
function baseline(w: Float32Array): number {
  const sorted = Array.from(w.subarray(BLANKING_SAMPLES)).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Echo arrival time at receiver r, s: the centroid above baseline of ±6 samples (±3σ) around the highest one. */
function peakTimeS(values: Float32Array, r: number): number {
  const w = waveform(values, r);
  const level = baseline(w);
  let k = BLANKING_SAMPLES;
  for (let n = BLANKING_SAMPLES; n < ECHOLOC_SAMPLES; n++) if (w[n] > w[k]) k = n;
  let sum = 0;
  let moment = 0;
  for (let n = Math.max(0, k - 6); n <= Math.min(ECHOLOC_SAMPLES - 1, k + 6); n++) {
    const above = Math.max(0, w[n] - level);
    sum += above;
    moment += above * n;
  }
  return moment / sum / ECHOLOC_SAMPLE_RATE_HZ;
}

function echoAmplitude(values: Float32Array, r: number): number {
  const w = waveform(values, r);
  return Math.max(...w.subarray(BLANKING_SAMPLES)) - baseline(w);
}

describe('EcholocSimulator', () => {
  it('frames are 4 receivers × 256 samples and deterministic per seed', () => {
    const a = new EcholocSimulator({ seed: 1, motion: 'random' });
    const b = new EcholocSimulator({ seed: 1, motion: 'random' });
    expect(a.valuesPerFrame).toBe(ECHOLOC_RECEIVERS * ECHOLOC_SAMPLES);
    expect(a.nominalRateHz).toBe(10);
    for (let i = 0; i < 3; i++) expect(Array.from(a.step().values)).toEqual(Array.from(b.step().values));
  });

  it.each([
    [0.3, 0.8],
    [-0.5, 1.2],
    [0, 0.4],
  ])('echo peaks lie at the time of flight for a target at (%s, %s) m', (x, y) => {
    const frame = new EcholocSimulator({ seed: 2, x, y }).step();
    for (let r = 0; r < ECHOLOC_RECEIVERS; r++) {
      const [rx, ry] = ECHOLOC_RECEIVER_POSITIONS[r];
      const expected = (Math.hypot(x, y) + Math.hypot(x - rx, y - ry)) / SPEED_OF_SOUND_M_S;
      expect(frame.truth.tofS[r]).toBeCloseTo(expected, 9);
      // Within a quarter of a sample period (12.5 µs, 4.3 mm of path).
      expect(Math.abs(peakTimeS(frame.values, r) - expected)).toBeLessThan(12.5e-6);
    }
    expect([frame.truth.x, frame.truth.y]).toEqual([x, y]);
  });

  it('receivers nearer the target hear it earlier', () => {
    const frame = new EcholocSimulator({ seed: 3, x: 0.8, y: 0.5 }).step();
    // rx2 and rx3 are on the right (+x) side, rx0 and rx1 on the left.
    expect(peakTimeS(frame.values, 3)).toBeLessThan(peakTimeS(frame.values, 0));
    expect(peakTimeS(frame.values, 2)).toBeLessThan(peakTimeS(frame.values, 1));
  });

  it('echoes weaken with distance', () => {
    const near = new EcholocSimulator({ seed: 4, x: 0, y: 0.4 }).step();
    const far = new EcholocSimulator({ seed: 4, x: 0, y: 1.6 }).step();
    expect(echoAmplitude(near.values, 0)).toBeGreaterThan(10 * echoAmplitude(far.values, 0));
  });

  it('an injected receiver delay shifts that receiver only, and the truth not at all', () => {
    const sim = new EcholocSimulator({ seed: 5, x: 0.2, y: 1 });
    const before = sim.step();
    expect(sim.handleCommand('SET delay1_us 200')).toBe('OK');
    const after = sim.step();
    expect(Math.abs(peakTimeS(after.values, 1) - peakTimeS(before.values, 1) - 200e-6)).toBeLessThan(15e-6);
    expect(Math.abs(peakTimeS(after.values, 0) - peakTimeS(before.values, 0))).toBeLessThan(15e-6);
    expect(Array.from(after.truth.tofS)).toEqual(Array.from(before.truth.tofS));
  });

  it('random and wandering targets stay in the field of view', () => {
    for (const motion of ['random', 'wander'] as const) {
      const sim = new EcholocSimulator({ seed: 6, motion });
      const ranges = Array.from({ length: 200 }, () => {
        const { x, y } = sim.step().truth;
        return Math.hypot(x, y);
      });
      expect(Math.min(...ranges)).toBeGreaterThanOrEqual(0.25);
      expect(Math.max(...ranges)).toBeLessThanOrEqual(2);
    }
  });
});
