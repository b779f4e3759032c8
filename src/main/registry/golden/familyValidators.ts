import type { DeviceFamily } from '../../../shared/domain/deviceProfile';
import { normaliseItems, outputOfKind, quantile, runInBatches, type IGoldenValidator } from './goldenDataset';

/**
 * Golden-dataset validators for the families whose demo packages ship golden data
 * (models/<family>/<package>/golden/). Each computes its metrics the way that family's model test
 * does (models/<family>/*Model.test.ts), through the console's own input preparation.
 */

/** SensorAugmentor: reconstruction of the high-quality channels and the actuator command. */
const augmenter: IGoldenValidator = {
  family: 'augmenter',
  metrics: ['reconstructed_hq_rmse', 'reconstruction_mse', 'reconstructed_hq_rmse_ratio', 'actuator_command_rmse'],
  async evaluate(runner, manifest, dataset) {
    const input = manifest.inputs[0];
    const values = await dataset.floats('values');
    const hq = await dataset.floats('hq');
    const command = await dataset.floats('actuator_command');
    const columns = dataset.channelIndices(input);
    const [count, width] = values.shape;
    const sensors = columns.length;
    const lq = new Float32Array(count * sensors);
    for (let n = 0; n < count; n++) for (let c = 0; c < sensors; c++) lq[n * sensors + c] = values.data[n * width + columns[c]];
    const x = lq.slice();
    normaliseItems(x, input);
    const out = await runInBatches(runner, count, 512, (start, n) => ({ [input.name]: { dims: [n, sensors], data: x.slice(start * sensors, (start + n) * sensors) } }));
    const reconstruction = outputOfKind(manifest, 'regression');
    const rec = out[reconstruction.name];
    const den = reconstruction.denormalisation;
    if (den) for (let i = 0; i < rec.length; i++) rec[i] = rec[i] * den.std[i % sensors] + den.mean[i % sensors];
    const mse = meanSquare(rec, hq.data);
    const raw = Math.sqrt(meanSquare(lq, hq.data));
    const metrics: Record<string, number> = { reconstruction_mse: mse, reconstructed_hq_rmse: Math.sqrt(mse), reconstructed_hq_rmse_ratio: Math.sqrt(mse) / raw };
    const actuator = manifest.outputs.find((o) => o.kind === 'actuator');
    if (actuator) metrics.actuator_command_rmse = Math.sqrt(meanSquare(out[actuator.name], command.data));
    return { metrics, samples: count };
  },
};

/** EchoLoc: localisation error in metres over every ping. */
const echoloc: IGoldenValidator = {
  family: 'echoloc',
  metrics: ['median_error_m', 'p90_error_m', 'mean_error_m'],
  async evaluate(runner, manifest, dataset) {
    const input = manifest.inputs[0];
    const values = await dataset.floats('values');
    const truth = await dataset.floats('position');
    const [count, receivers, samples] = values.shape;
    const order = dataset.channelIndices(input);
    const item = receivers * samples;
    const x = new Float32Array(values.data.length);
    for (let n = 0; n < count; n++) {
      for (let r = 0; r < order.length; r++) x.set(values.data.subarray(n * item + order[r] * samples, n * item + (order[r] + 1) * samples), n * item + r * samples);
    }
    normaliseItems(x, input);
    const out = await runInBatches(runner, count, 128, (start, n) => ({ [input.name]: { dims: [n, receivers, samples], data: x.slice(start * item, (start + n) * item) } }));
    const position = out[outputOfKind(manifest, 'localisation').name];
    const errors = new Float64Array(count);
    for (let n = 0; n < count; n++) errors[n] = Math.hypot(position[2 * n] - truth.data[2 * n], position[2 * n + 1] - truth.data[2 * n + 1]);
    return { metrics: { median_error_m: quantile(errors, 0.5), p90_error_m: quantile(errors, 0.9), mean_error_m: mean(errors) }, samples: count };
  },
};

/** SITS-Former: land-cover accuracy over every series, cloudy acquisitions masked. */
const sits: IGoldenValidator = {
  family: 'sits',
  metrics: ['accuracy'],
  async evaluate(runner, manifest, dataset) {
    const sequences = manifest.inputs.find((i) => i.dtype === 'float32');
    const masks = manifest.inputs.find((i) => i.dtype === 'bool');
    if (!sequences) throw new Error(`${manifest.name} has no float32 input for the image series`);
    const raw = await dataset.floats('sequences');
    const cloud = await dataset.array('cloud_mask');
    const labels = await dataset.floats('labels');
    const [count, ...itemShape] = raw.shape;
    const item = itemShape.reduce((a, b) => a * b, 1);
    const steps = itemShape[0];
    const x = raw.data.slice();
    normaliseItems(x, sequences);
    const cloudBytes = cloud.data instanceof Uint8Array ? cloud.data : Uint8Array.from(cloud.data as ArrayLike<number>);
    const out = await runInBatches(runner, count, 64, (start, n) => ({
      [sequences.name]: { dims: [n, ...itemShape], data: x.slice(start * item, (start + n) * item) },
      ...(masks ? { [masks.name]: { dims: [n, steps], data: cloudBytes.slice(start * steps, (start + n) * steps) } } : {}),
    }));
    const classes = outputOfKind(manifest, 'classification');
    const scores = out[classes.name];
    const k = classes.labels.length;
    let correct = 0;
    for (let n = 0; n < count; n++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (scores[n * k + c] > scores[n * k + best]) best = c;
      if (best === labels.data[n]) correct += 1;
    }
    return { metrics: { accuracy: correct / count }, samples: count };
  },
};

/** E-nose: scent-note micro-F1 and intensity MAE on warmed-up readings, each with the window ending at it. */
const enose: IGoldenValidator = {
  family: 'enose',
  metrics: ['notes_micro_f1', 'intensity_mae'],
  async evaluate(runner, manifest, dataset) {
    const input = manifest.inputs[0];
    if (!input.window) throw new Error(`${manifest.name} has no input window`);
    const w = input.window.length;
    const values = await dataset.floats('values');
    const notes = await dataset.floats('notes');
    const intensity = await dataset.floats('intensity');
    const warm = await dataset.floats('warmed_up');
    const columns = dataset.channelIndices(input);
    const [frames, width] = values.shape;
    const channels = columns.length;
    const ends: number[] = [];
    for (let n = w - 1; n < frames; n++) if (warm.data[n] === 1) ends.push(n);
    const item = channels * w;
    const batchOf = (start: number, n: number): Float32Array => {
      const x = new Float32Array(n * item);
      for (let k = 0; k < n; k++) {
        const end = ends[start + k];
        for (let c = 0; c < channels; c++) for (let t = 0; t < w; t++) x[(k * channels + c) * w + t] = values.data[(end - w + 1 + t) * width + columns[c]];
      }
      normaliseItems(x, input);
      return x;
    };
    const out = await runInBatches(runner, ends.length, 256, (start, n) => ({ [input.name]: { dims: [n, channels, w], data: batchOf(start, n) } }));
    const notesOut = outputOfKind(manifest, 'multilabel');
    const probs = out[notesOut.name];
    const labels = notesOut.labels.length;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    ends.forEach((end, k) => {
      for (let l = 0; l < labels; l++) {
        const p = notesOut.sigmoidApplied ? probs[k * labels + l] : 1 / (1 + Math.exp(-probs[k * labels + l]));
        const predicted = p >= notesOut.thresholds[l];
        const actual = notes.data[end * labels + l] === 1;
        if (predicted && actual) tp++;
        else if (predicted) fp++;
        else if (actual) fn++;
      }
    });
    const intensityOut = manifest.outputs.find((o) => o.kind === 'regression');
    const metrics: Record<string, number> = { notes_micro_f1: (2 * tp) / Math.max(2 * tp + fp + fn, 1) };
    if (intensityOut) {
      const predicted = out[intensityOut.name];
      metrics.intensity_mae = ends.reduce((s, end, k) => s + Math.abs(predicted[k] - intensity.data[end]), 0) / ends.length;
    }
    return { metrics, samples: ends.length };
  },
};

/** The validators shipped with the console, by family (IMU step detection is not covered yet). */
export const GOLDEN_VALIDATORS: ReadonlyMap<DeviceFamily, IGoldenValidator> = new Map([augmenter, echoloc, sits, enose].map((v) => [v.family, v]));

function meanSquare(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}
