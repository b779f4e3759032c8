import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImuSimulator } from '../../src/main/devices/simulators/imuSimulator';
import { batchOneP95Ms, expectConsoleAccepts, expectFilesMatch, expectIoNames, expectWithinBounds, type LoadedPackage, loadPackage, parityMaxDiff, runBatched, withinBounds } from '../common/modelTestKit';

const DIR = join(import.meta.dirname, 'step-detection');
/** Training used seed 201, validation 202, the golden set 203. */
const TEST_SEED = 204;
const SAMPLES = 30_000; // 5 minutes at 100 Hz, walking, running and standing bouts

interface Decoding {
  window: { length: number; hop: number };
  trusted: { start: number; end: number };
  peakPicking: { threshold: number; minDistanceSamples: number };
  scoring: { toleranceSamples: number };
}

/** Stitches the trusted part of each window into one probability per sample (NaN where no window trusts it). */
export function stitch(prob: Float32Array, windowStarts: readonly number[], n: number, d: Decoding): Float32Array {
  const out = new Float32Array(n).fill(Number.NaN);
  const w = d.window.length;
  windowStarts.forEach((s, k) => {
    for (let i = d.trusted.start; i < d.trusted.end; i++) out[s + i] = prob[k * w + i];
  });
  return out;
}

/** decoding.json's rule: p[i] >= threshold, strictly above the minDistance samples before, not below those after. */
export function pickEvents(p: Float32Array, threshold: number, minDistance: number): number[] {
  const events: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (!(v >= threshold)) continue;
    let peak = true;
    for (let j = Math.max(0, i - minDistance); j < i && peak; j++) if (p[j] >= v) peak = false;
    for (let j = i + 1; j <= Math.min(p.length - 1, i + minDistance) && peak; j++) if (p[j] > v) peak = false;
    if (peak) events.push(i);
  }
  return events;
}

/** One-to-one matching in time order: each event takes the nearest unmatched true step within tolerance. */
export function stepScores(events: readonly number[], truth: readonly number[], tolerance: number): { f1: number; precision: number; recall: number } {
  const used = new Uint8Array(truth.length);
  let tp = 0;
  for (const e of events) {
    let best = -1;
    for (let k = 0; k < truth.length; k++) {
      if (used[k] || Math.abs(truth[k] - e) > tolerance) continue;
      if (best < 0 || Math.abs(truth[k] - e) < Math.abs(truth[best] - e)) best = k;
    }
    if (best >= 0) {
      used[best] = 1;
      tp++;
    }
  }
  const precision = tp / Math.max(events.length, 1);
  const recall = tp / Math.max(truth.length, 1);
  return { f1: (2 * precision * recall) / Math.max(precision + recall, 1e-12), precision, recall };
}

describe('IMU model package (step-detection)', () => {
  let pkg: LoadedPackage;
  let decoding: Decoding;
  let prob: Float32Array;
  let truth: number[];
  let activities: Set<string>;

  beforeAll(async () => {
    pkg = await loadPackage(DIR);
    decoding = JSON.parse(readFileSync(join(DIR, 'decoding.json'), 'utf8')) as Decoding;
    const sim = new ImuSimulator({ seed: TEST_SEED, schedule: 'mixed' });
    const input = pkg.manifest.inputs[0];
    const norm = input.normalisation;
    if (!norm || !input.window) throw new Error('manifest lacks normalisation or window');
    const values = new Float32Array(SAMPLES * 6);
    truth = [];
    activities = new Set();
    for (let n = 0; n < SAMPLES; n++) {
      const f = sim.step();
      for (let c = 0; c < 6; c++) values[n * 6 + c] = (f.values[c] - norm.mean[c]) / norm.std[c];
      if (f.truth.stepEvent) truth.push(n);
      activities.add(f.truth.activity);
    }
    const { length: w, hop } = input.window;
    const starts: number[] = [];
    for (let s = 0; s + w <= SAMPLES; s += hop) starts.push(s);
    const windows = new Float32Array(starts.length * 6 * w);
    starts.forEach((s, k) => {
      for (let c = 0; c < 6; c++) for (let t = 0; t < w; t++) windows[(k * 6 + c) * w + t] = values[(s + t) * 6 + c];
    });
    const out = await runBatched(pkg.session, input.name, windows, [6, w]);
    prob = stitch(out.step_prob, starts, SAMPLES, decoding);
  });

  function score(p: Float32Array): { f1: number; precision: number; recall: number } {
    const tol = decoding.scoring.toleranceSamples;
    let lo = 0;
    while (Number.isNaN(p[lo])) lo++;
    let hi = p.length - 1;
    while (Number.isNaN(p[hi])) hi--;
    const inside = (i: number): boolean => i >= lo + tol && i <= hi - tol;
    const events = pickEvents(p.map((v) => (Number.isNaN(v) ? 0 : v)), decoding.peakPicking.threshold, decoding.peakPicking.minDistanceSamples);
    return stepScores(events.filter(inside), truth.filter(inside), tol);
  }

  it('has a valid manifest whose files match their hashes and whose I/O matches the graph', async () => {
    await expectConsoleAccepts(pkg);
    expect(pkg.manifest.family).toBe('imu');
    expectFilesMatch(pkg);
    expectIoNames(pkg);
    const events = pkg.manifest.outputs[0];
    expect(events.kind).toBe('events');
    if (events.kind === 'events') expect(events.threshold).toBe(decoding.peakPicking.threshold);
    expect(decoding.trusted.end - decoding.trusted.start).toBe(decoding.window.hop);
  });

  it('reproduces the reference outputs within the parity tolerance, within its latency budget', async () => {
    expect(await parityMaxDiff(pkg)).toBeLessThanOrEqual(pkg.manifest.parity.tolerance);
    expect(await batchOneP95Ms(pkg)).toBeLessThanOrEqual(pkg.manifest.latencyBudget.p95Ms);
  });

  it('detects steps with F1 >= 0.9 (+-100 ms) on a fresh unit, walking and running included', () => {
    expect(activities).toEqual(new Set(['standing', 'walking', 'running']));
    expect(truth.length).toBeGreaterThan(300);
    const s = score(prob);
    console.info('imu held-out step scores', s, 'true steps', truth.length);
    expect(s.f1).toBeGreaterThanOrEqual(0.9);
    expectWithinBounds(pkg.manifest, 'step_f1', s.f1);
    expectWithinBounds(pkg.manifest, 'step_precision', s.precision);
    expectWithinBounds(pkg.manifest, 'step_recall', s.recall);
  });

  it('fails the F1 threshold when the probabilities are shifted by 150 ms or halved', () => {
    const shifted = new Float32Array(prob.length).fill(Number.NaN);
    shifted.set(prob.subarray(0, prob.length - 15), 15);
    expect(withinBounds(pkg.manifest, 'step_f1', score(shifted).f1)).toBe(false);
    expect(withinBounds(pkg.manifest, 'step_f1', score(prob.map((v) => v * 0.5)).f1)).toBe(false);
  });
});
