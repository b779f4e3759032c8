import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENOSE_SENSORS, EnoseSimulator } from '../../src/main/devices/simulators/enoseSimulator';
import { SCENT_NOTES } from '../../src/main/devices/simulators/odorants';
import { batchOneP95Ms, expectConsoleAccepts, expectFilesMatch, expectIoNames, expectWithinBounds, type LoadedPackage, loadPackage, parityMaxDiff, runBatched, withinBounds } from '../common/modelTestKit';

const DIR = join(import.meta.dirname, 'olfactory-transformer');
/** Training used units 601-610 and 615-676, validation 611-612, the golden set 613. */
const TEST_SEED = 614;
/** 2 h 20 min from power-on at 1 Hz: ~8 min warm-up, then ~130 clean/odorant phases. */
const READINGS = 8_400;
const CHANNELS = ENOSE_SENSORS + 2;
const NOTES = SCENT_NOTES.length;

describe('e-nose model package (olfactory-transformer)', () => {
  let pkg: LoadedPackage;
  let probs: Float32Array;
  let intensity: Float32Array;
  let truthNotes: Uint8Array;
  let truthIntensity: Float32Array;
  let thresholds: number[];

  beforeAll(async () => {
    pkg = await loadPackage(DIR);
    const notesOut = pkg.manifest.outputs.find((o) => o.name === 'notes');
    if (notesOut?.kind !== 'multilabel') throw new Error('notes output is not multilabel');
    thresholds = notesOut.thresholds;
    const input = pkg.manifest.inputs[0];
    if (!input.window) throw new Error('input has no window');
    const w = input.window.length;
    // The dataset generator's scenario: clean air and random odorants alternating, real-time warm-up.
    const sim = new EnoseSimulator({ seed: TEST_SEED, schedule: 'cycle' });
    const values = new Float32Array(READINGS * CHANNELS);
    const warm = new Uint8Array(READINGS);
    const notes = new Uint8Array(READINGS * NOTES);
    const inten = new Float32Array(READINGS);
    for (let n = 0; n < READINGS; n++) {
      const f = sim.step();
      values.set(f.values, n * CHANNELS);
      warm[n] = f.truth.warmedUp ? 1 : 0;
      notes.set(f.truth.notes, n * NOTES);
      inten[n] = f.truth.intensity;
    }
    // Score warmed-up readings only, each with the window that ends at it (hop 1, oldest first).
    const ends: number[] = [];
    for (let n = w - 1; n < READINGS; n++) if (warm[n]) ends.push(n);
    const windows = new Float32Array(ends.length * CHANNELS * w);
    ends.forEach((end, k) => {
      for (let c = 0; c < CHANNELS; c++) for (let t = 0; t < w; t++) windows[(k * CHANNELS + c) * w + t] = values[(end - w + 1 + t) * CHANNELS + c];
    });
    const out = await runBatched(pkg.session, input.name, windows, [CHANNELS, w], undefined, 1024);
    probs = out.notes;
    intensity = out.intensity;
    truthNotes = new Uint8Array(ends.length * NOTES);
    truthIntensity = new Float32Array(ends.length);
    ends.forEach((end, k) => {
      truthNotes.set(notes.subarray(end * NOTES, (end + 1) * NOTES), k * NOTES);
      truthIntensity[k] = inten[end];
    });
  });

  function microF1(p: Float32Array): number {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < p.length; i++) {
      const predicted = p[i] >= thresholds[i % NOTES];
      const actual = truthNotes[i] === 1;
      if (predicted && actual) tp++;
      else if (predicted) fp++;
      else if (actual) fn++;
    }
    return (2 * tp) / Math.max(2 * tp + fp + fn, 1);
  }

  const mae = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

  it('has a valid manifest whose files match their hashes and whose I/O matches the graph', async () => {
    await expectConsoleAccepts(pkg);
    expect(pkg.manifest.family).toBe('enose');
    expectFilesMatch(pkg);
    expectIoNames(pkg);
    expect(pkg.manifest.inputs[0].channels).toEqual([...Array.from({ length: ENOSE_SENSORS }, (_, i) => `mos_${i + 1}`), 'temperature', 'humidity']);
    const notes = pkg.manifest.outputs.find((o) => o.name === 'notes');
    expect(notes?.kind === 'multilabel' && notes.labels).toEqual([...SCENT_NOTES]);
  });

  it('reproduces the reference outputs within the parity tolerance, within its latency budget', async () => {
    expect(await parityMaxDiff(pkg)).toBeLessThanOrEqual(pkg.manifest.parity.tolerance);
    expect(await batchOneP95Ms(pkg)).toBeLessThanOrEqual(pkg.manifest.latencyBudget.p95Ms);
  });

  it("meets its manifest's thresholds on a unit it never saw (warmed-up readings)", () => {
    const f1 = microF1(probs);
    const intensityMae = mae(intensity, truthIntensity);
    console.info('enose held-out', { notes_micro_f1: f1, intensity_mae: intensityMae, readings: truthIntensity.length });
    expectWithinBounds(pkg.manifest, 'notes_micro_f1', f1);
    // The target for scent notes is micro-F1 ≥ 0.85. The manifest gates lower (0.80) because single units
    // range 0.80–0.90 (models/README.md); this unit, fixed before the model was trained, must reach the target.
    expect(pkg.manifest.validation['notes_micro_f1']?.min).toBeGreaterThanOrEqual(0.8);
    expect(f1).toBeGreaterThanOrEqual(0.85);
    expectWithinBounds(pkg.manifest, 'intensity_mae', intensityMae);
    expect(truthIntensity.length).toBeGreaterThan(7_000);
  });

  it('fails its thresholds when the outputs are scrambled', () => {
    // Notes shifted by one label (right shapes, wrong meaning) and intensity flattened to its mean.
    const shifted = probs.map((_, i) => probs[i - (i % NOTES) + ((i + 1) % NOTES)]);
    expect(withinBounds(pkg.manifest, 'notes_micro_f1', microF1(shifted))).toBe(false);
    const flat = new Float32Array(intensity.length).fill(intensity.reduce((a, b) => a + b, 0) / intensity.length);
    expect(withinBounds(pkg.manifest, 'intensity_mae', mae(flat, truthIntensity))).toBe(false);
  });
});
