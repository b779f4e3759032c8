import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AugmenterSimulator } from '../../src/main/devices/simulators/augmenterSimulator';
import {
  batchOneP95Ms,
  expectConsoleAccepts,
  expectFilesMatch,
  expectIoNames,
  expectWithinBounds,
  type LoadedPackage,
  loadPackage,
  mulberry32,
  parityMaxDiff,
  runBatched,
  withinBounds,
} from '../common/modelTestKit';

const DIR = join(import.meta.dirname, 'sensor-augmentor');
const SENSORS = 32;
/** The model belongs to simulated unit seed 1; it was trained on its frames 0-59 999. */
const DEVICE_SEED = 1;
/** Fresh frames of that unit, past everything train.py generated (100 000 frames). */
const SKIP = 100_000;
const FRAMES = 12_000;

interface Held {
  lq: Float32Array;
  hq: Float32Array;
  act: Float32Array;
}

/** The dataset generator's augmenter scenario (random actuator steps), frames [skip, skip + count). */
function simulate(seed: number, skip: number, count: number): Held {
  const sim = new AugmenterSimulator({ seed, actuatorMode: 'random' });
  for (let i = 0; i < skip; i++) sim.step();
  const lq = new Float32Array(count * SENSORS);
  const hq = new Float32Array(count * SENSORS);
  const act = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    const f = sim.step();
    lq.set(f.values.subarray(0, SENSORS), n * SENSORS);
    hq.set(f.truth.hq, n * SENSORS);
    act[n] = f.truth.actuatorCommand;
  }
  return { lq, hq, act };
}

function rmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

interface Metrics {
  raw: number;
  reconstructed_hq_rmse: number;
  reconstructed_hq_rmse_ratio: number;
  actuator_command_rmse: number;
}

/** What the console does: normalise with the manifest, run, denormalise, score against the truth. */
async function evaluate(pkg: LoadedPackage, held: Held, corrupt?: (hqV: Float32Array) => void): Promise<Metrics> {
  const input = pkg.manifest.inputs[0];
  const norm = input.normalisation;
  const out0 = pkg.manifest.outputs[0];
  if (!norm || out0.kind !== 'regression' || !out0.denormalisation) throw new Error('manifest lacks normalisation');
  const x = new Float32Array(held.lq.length);
  for (let i = 0; i < x.length; i++) x[i] = (held.lq[i] - norm.mean[i % SENSORS]) / norm.std[i % SENSORS];
  const out = await runBatched(pkg.session, input.name, x, [SENSORS]);
  const rec = out.reconstructed_hq;
  const { mean, std } = out0.denormalisation;
  for (let i = 0; i < rec.length; i++) rec[i] = rec[i] * std[i % SENSORS] + mean[i % SENSORS];
  corrupt?.(rec);
  const raw = rmse(held.lq, held.hq);
  const reconstruction = rmse(rec, held.hq);
  return { raw, reconstructed_hq_rmse: reconstruction, reconstructed_hq_rmse_ratio: reconstruction / raw, actuator_command_rmse: rmse(out.actuator_command, held.act) };
}

describe('augmenter model package (sensor-augmentor)', () => {
  let pkg: LoadedPackage;
  let held: Held;
  let metrics: Metrics;

  beforeAll(async () => {
    pkg = await loadPackage(DIR);
    held = simulate(DEVICE_SEED, SKIP, FRAMES);
    metrics = await evaluate(pkg, held);
    console.info('augmenter held-out metrics', metrics);
  });

  it('has a valid manifest whose files match their hashes and whose I/O matches the graph', async () => {
    await expectConsoleAccepts(pkg);
    expect(pkg.manifest.family).toBe('augmenter');
    expectFilesMatch(pkg);
    expectIoNames(pkg);
    expect(pkg.manifest.inputs[0].channels).toEqual(Array.from({ length: SENSORS }, (_, i) => `lq_${String(i).padStart(2, '0')}`));
  });

  it('reproduces the reference outputs within the parity tolerance, within its latency budget', async () => {
    expect(await parityMaxDiff(pkg)).toBeLessThanOrEqual(pkg.manifest.parity.tolerance);
    expect(await batchOneP95Ms(pkg)).toBeLessThanOrEqual(pkg.manifest.latencyBudget.p95Ms);
  });

  it('meets every quality threshold of its manifest on fresh frames of its unit', () => {
    // Target of the brief: reconstruction RMSE at most half the raw low-quality RMSE.
    expect(metrics.reconstructed_hq_rmse_ratio).toBeLessThanOrEqual(0.5);
    for (const metric of Object.keys(pkg.manifest.validation)) expectWithinBounds(pkg.manifest, metric, metrics[metric as keyof Metrics]);
    expect(metrics.raw).toBeGreaterThan(0.25); // the cheap sensors really are poor
  });

  it('fails its thresholds when the reconstruction is corrupted or the unit is another one', async () => {
    const rand = mulberry32(7);
    const corrupted = await evaluate(pkg, held, (rec) => {
      for (let i = 0; i < rec.length; i++) rec[i] += (rand() - 0.5) * 1.2;
    });
    expect(withinBounds(pkg.manifest, 'reconstructed_hq_rmse_ratio', corrupted.reconstructed_hq_rmse_ratio)).toBe(false);
    // Device-specific by design: another unit's gain/offset errors and channel mix are not this one's.
    const other = await evaluate(pkg, simulate(DEVICE_SEED + 1, 0, 3_000));
    expect(withinBounds(pkg.manifest, 'reconstructed_hq_rmse', other.reconstructed_hq_rmse)).toBe(false);
  });
});
