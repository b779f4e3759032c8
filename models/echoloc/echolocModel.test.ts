import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ECHOLOC_RECEIVERS, ECHOLOC_SAMPLES, EcholocSimulator } from '../../src/main/devices/simulators/echolocSimulator';
import { batchOneP95Ms, expectConsoleAccepts, expectFilesMatch, expectIoNames, expectWithinBounds, type LoadedPackage, loadPackage, parityMaxDiff, runBatched, withinBounds } from '../common/modelTestKit';

const DIR = join(import.meta.dirname, 'echoloc-nn');
/** Training used seed 401, validation 402, the golden set 403. */
const TEST_SEED = 404;
const PINGS = 1_500;
const FRAME = ECHOLOC_RECEIVERS * ECHOLOC_SAMPLES;

interface Run {
  errors: Float64Array;
  confidence: Float32Array;
}

function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Random targets over the field of view (the dataset generator's scenario), optionally with a receiver timing fault. */
async function run(pkg: LoadedPackage, seed: number, count: number, delayOffsetS?: number[]): Promise<Run> {
  const sim = new EcholocSimulator({ seed, motion: 'random', delayOffsetS });
  const echoes = new Float32Array(count * FRAME);
  const truth = new Float64Array(count * 2);
  for (let n = 0; n < count; n++) {
    const f = sim.step();
    echoes.set(f.values, n * FRAME);
    truth[2 * n] = f.truth.x;
    truth[2 * n + 1] = f.truth.y;
  }
  const out = await runBatched(pkg.session, pkg.manifest.inputs[0].name, echoes, [ECHOLOC_RECEIVERS, ECHOLOC_SAMPLES], undefined, 256);
  const errors = new Float64Array(count);
  for (let n = 0; n < count; n++) errors[n] = Math.hypot(out.position[2 * n] - truth[2 * n], out.position[2 * n + 1] - truth[2 * n + 1]);
  return { errors, confidence: out.confidence };
}

const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

describe('echoloc model package (echoloc-nn)', () => {
  let pkg: LoadedPackage;
  let held: Run;

  beforeAll(async () => {
    pkg = await loadPackage(DIR);
    held = await run(pkg, TEST_SEED, PINGS);
  });

  it('has a valid manifest whose files match their hashes and whose I/O matches the graph', async () => {
    await expectConsoleAccepts(pkg);
    expect(pkg.manifest.family).toBe('echoloc');
    expectFilesMatch(pkg);
    expectIoNames(pkg);
  });

  it('reproduces the reference outputs within the parity tolerance, within its latency budget', async () => {
    expect(await parityMaxDiff(pkg)).toBeLessThanOrEqual(pkg.manifest.parity.tolerance);
    expect(await batchOneP95Ms(pkg)).toBeLessThanOrEqual(pkg.manifest.latencyBudget.p95Ms);
  });

  it('localises fresh pings with median error <= 5 cm and meets the manifest p90', () => {
    const median = quantile(held.errors, 0.5);
    const p90 = quantile(held.errors, 0.9);
    console.info('echoloc held-out', { median_error_m: median, p90_error_m: p90, mean_confidence: mean(held.confidence) });
    expect(median).toBeLessThanOrEqual(0.05);
    expectWithinBounds(pkg.manifest, 'median_error_m', median);
    expectWithinBounds(pkg.manifest, 'p90_error_m', p90);
    // Confidence is a probability and means something: confident pings are the accurate ones.
    expect(Math.min(...held.confidence)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...held.confidence)).toBeLessThanOrEqual(1);
    const confident = held.errors.filter((_, i) => held.confidence[i] >= 0.5);
    expect(quantile(confident, 0.9)).toBeLessThan(quantile(held.errors, 0.9));
  });

  it('fails its thresholds with a 300 us timing fault on one receiver, and says so in its confidence', async () => {
    const faulty = await run(pkg, TEST_SEED, 300, [300e-6, 0, 0, 0]);
    expect(withinBounds(pkg.manifest, 'median_error_m', quantile(faulty.errors, 0.5))).toBe(false);
    expect(mean(faulty.confidence)).toBeLessThan(mean(held.confidence) - 0.2);
  });
});
