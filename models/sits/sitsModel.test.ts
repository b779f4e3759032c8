import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { SitsSimulator } from '../../src/main/devices/simulators/sitsSimulator';
import { SITS_CLASSES } from '../../src/main/devices/simulators/sitsSpectra';
import { batchOneP95Ms, expectConsoleAccepts, expectFilesMatch, expectIoNames, expectWithinBounds, type LoadedPackage, loadPackage, parityMaxDiff, runBatched, withinBounds } from '../common/modelTestKit';

const DIR = join(import.meta.dirname, 'sits-former');
/** Training used seed 501, validation 502, the golden set 503. */
const TEST_SEED = 504;
const SERIES = 200;

describe('SITS model package (sits-former)', () => {
  let pkg: LoadedPackage;
  let raw: Float32Array;
  let masks: Uint8Array;
  let labels: Int32Array;
  let seriesSize: number;
  let shape: number[];

  beforeAll(async () => {
    pkg = await loadPackage(DIR);
    const sim = new SitsSimulator({ seed: TEST_SEED });
    const { timeSteps, bands, height, width } = sim.shape;
    shape = [timeSteps, bands, height, width];
    seriesSize = timeSteps * bands * height * width;
    raw = new Float32Array(SERIES * seriesSize);
    masks = new Uint8Array(SERIES * timeSteps);
    labels = new Int32Array(SERIES);
    for (let n = 0; n < SERIES; n++) {
      const f = sim.step();
      raw.set(f.values.subarray(0, seriesSize), n * seriesSize);
      masks.set(f.truth.cloudMask, n * timeSteps);
      labels[n] = f.truth.classIndex;
    }
  });

  /** Normalises per band as the manifest says (unless told not to), runs, returns the accuracy. */
  async function accuracy(options: { normalise: boolean; masks: Uint8Array }): Promise<number> {
    const input = pkg.manifest.inputs[0];
    const norm = input.normalisation;
    if (!norm || input.channelAxis !== 2) throw new Error('manifest lacks per-band normalisation');
    const [t, c, h, w] = shape;
    const x = new Float32Array(raw.length);
    const pixels = h * w;
    for (let i = 0; i < raw.length; i++) {
      const band = Math.floor(i / pixels) % c;
      x[i] = options.normalise ? (raw[i] - norm.mean[band]) / norm.std[band] : raw[i];
    }
    const out = await runBatched(pkg.session, input.name, x, shape, (start, count) => ({
      masks: new ort.Tensor('bool', options.masks.slice(start * t, (start + count) * t), [count, t]),
    }), 64);
    const classes = SITS_CLASSES.length;
    let correct = 0;
    for (let n = 0; n < SERIES; n++) {
      let best = 0;
      for (let k = 1; k < classes; k++) if (out.predictions[n * classes + k] > out.predictions[n * classes + best]) best = k;
      if (best === labels[n]) correct++;
    }
    return correct / SERIES;
  }

  it('has a valid manifest whose files match their hashes and whose I/O matches the graph', async () => {
    await expectConsoleAccepts(pkg);
    expect(pkg.manifest.family).toBe('sits');
    expectFilesMatch(pkg);
    expectIoNames(pkg);
    const predictions = pkg.manifest.outputs[0];
    expect(predictions.kind === 'classification' && predictions.labels).toEqual([...SITS_CLASSES]);
  });

  it('reproduces the reference outputs within the parity tolerance, within its latency budget', async () => {
    expect(await parityMaxDiff(pkg)).toBeLessThanOrEqual(pkg.manifest.parity.tolerance);
    expect(await batchOneP95Ms(pkg)).toBeLessThanOrEqual(pkg.manifest.latencyBudget.p95Ms);
  });

  it('classifies fresh series with accuracy >= 0.9', async () => {
    const acc = await accuracy({ normalise: true, masks });
    console.info('sits held-out accuracy', acc, 'cloudy acquisitions', masks.reduce((a, b) => a + b, 0) / masks.length);
    expect(acc).toBeGreaterThanOrEqual(0.9);
    expectWithinBounds(pkg.manifest, 'accuracy', acc);
  });

  it('fails the accuracy threshold when the console skips the manifest normalisation', async () => {
    const acc = await accuracy({ normalise: false, masks });
    expect(withinBounds(pkg.manifest, 'accuracy', acc)).toBe(false);
  });
});
