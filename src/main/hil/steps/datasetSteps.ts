import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { deviceFamilySchema, type DeviceFamily } from '../../../shared/domain/deviceProfile';
import type { SuiteStepOf } from '../../../shared/domain/hilSuite';
import { defaultProfileOf } from '../../devices/profiles/shippedProfiles';
import { decodeNpy, type NpyArray } from '../../devices/simulators/npy';
import { checkNumeric } from '../limits';
import { percentile } from '../signalStats';
import { StepError, type StepRuntime } from '../stepRuntime';
import type { ModelWindow } from '../hilContext';
import { predictTimed } from './modelSteps';

/** The parts of a dataset's `meta.json` the checks read (see datasetGenerator.ts for the whole). */
const datasetMetaSchema = z.object({
  format: z.literal('sensor-console-dataset'),
  family: deviceFamilySchema,
  arrays: z.record(z.string(), z.object({ file: z.string().min(1), shape: z.array(z.number().int().nonnegative()) })),
  labels: z.record(z.string(), z.array(z.union([z.string(), z.number()]))),
});
type DatasetMeta = z.infer<typeof datasetMetaSchema>;

/** The model sees at most this many samples unless the step says otherwise. */
const DEFAULT_MAX_SAMPLES = 200;

interface OpenDataset {
  readonly dir: string;
  readonly meta: DatasetMeta;
}

async function openDataset(rt: StepRuntime, family: DeviceFamily): Promise<OpenDataset> {
  const dir = rt.context.datasetDir;
  if (dir === undefined) throw new StepError('No dataset was given to the run (add skipIf: [no-dataset] to run without one).');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
  } catch (error) {
    throw new StepError(`Cannot read ${join(dir, 'meta.json')}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = datasetMetaSchema.safeParse(json);
  if (!parsed.success) throw new StepError(`${join(dir, 'meta.json')} is not a Sensor Console dataset: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  if (parsed.data.family !== family) throw new StepError(`The dataset holds ${parsed.data.family} data; this suite checks ${family}.`);
  return { dir, meta: parsed.data };
}

async function loadArray(dataset: OpenDataset, name: string): Promise<NpyArray> {
  const entry = dataset.meta.arrays[name];
  if (entry === undefined) throw new StepError(`The dataset has no array "${name}" (it has ${Object.keys(dataset.meta.arrays).join(', ')}).`);
  return decodeNpy(new Uint8Array(await readFile(join(dataset.dir, entry.file))));
}

/**
 * The model's windows, one per sample. A tensor device's sample is a whole frame as the device
 * sends it — every part of its layout (the series, then its cloud mask) from the dataset's array of
 * that name — so a model with several inputs gets them all; otherwise the input array's sample.
 */
async function sampleWindows(dataset: OpenDataset, input: { readonly name: string; readonly array: NpyArray }, family: DeviceFamily, count: number): Promise<ModelWindow[]> {
  const layout = defaultProfileOf(family).frameLayout;
  // The input array is already read; other parts (the cloud mask) are read here.
  const partArray = (name: string): Promise<NpyArray> => (name === input.name ? Promise.resolve(input.array) : loadArray(dataset, name));
  const parts =
    layout?.kind === 'tensor'
      ? await Promise.all(layout.parts.map(async (part) => ({ array: await partArray(part.name), size: part.shape.reduce((a, b) => a * b, 1) })))
      : [{ array: input.array, size: input.array.shape.slice(1).reduce((a, b) => a * b, 1) }];
  const frameSize = parts.reduce((sum, p) => sum + p.size, 0);
  return Array.from({ length: count }, (_, n) => {
    const values = new Float32Array(frameSize);
    let offset = 0;
    for (const { array, size } of parts) {
      for (let k = 0; k < size; k++) values[offset + k] = Number(array.data[n * size + k]);
      offset += size;
    }
    return { shape: [frameSize], values, startFrame: n };
  });
}

/** Checks a dataset array: sample count, non-finite values, values outside the channels' ranges, classes present. */
export async function runDatasetCheck(step: SuiteStepOf<'dataset-check'>, rt: StepRuntime, family: DeviceFamily): Promise<void> {
  const dataset = await openDataset(rt, family);
  const array = await loadArray(dataset, step.array);
  const samples = array.shape[0] ?? 0;
  rt.record(checkNumeric('samples', samples, '', step.measure.samples));
  if (step.measure.nonFinite !== undefined || step.measure.outOfRangeFraction !== undefined) {
    const channelOf = channelIndexer(family, step.array, array.shape);
    const ranges = defaultProfileOf(family).channels.map((c) => c.range);
    let nonFinite = 0;
    let outside = 0;
    const values = array.data;
    const perSample = samples === 0 ? 0 : values.length / samples;
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]);
      if (!Number.isFinite(v)) {
        nonFinite += 1;
        continue;
      }
      const range = ranges[channelOf(i % perSample)];
      if (range !== undefined && (v < range[0] || v > range[1])) outside += 1;
    }
    if (step.measure.nonFinite !== undefined) rt.record(checkNumeric('non_finite_values', nonFinite, '', step.measure.nonFinite));
    if (step.measure.outOfRangeFraction !== undefined) {
      rt.record(checkNumeric('out_of_range_fraction', values.length === 0 ? Number.NaN : outside / values.length, '', step.measure.outOfRangeFraction));
    }
  }
  if (step.measure.classesPresent !== undefined) {
    if (step.labels === undefined) throw new StepError('classesPresent needs the labels array named in the step.');
    const labels = await loadArray(dataset, step.labels);
    rt.record(checkNumeric('classes_present', new Set(Array.from(labels.data, Number)).size, '', step.measure.classesPresent));
  }
}

/**
 * Maps a value's index within one sample to its profile channel, through the axis named `C` of
 * the profile's tensor part of the same name (-1 where the array has no channel axis).
 */
function channelIndexer(family: DeviceFamily, arrayName: string, shape: readonly number[]): (i: number) => number {
  const layout = defaultProfileOf(family).frameLayout;
  const part = layout?.kind === 'tensor' ? layout.parts.find((p) => p.name === arrayName) : undefined;
  const c = part?.axes.indexOf('C') ?? -1;
  const sampleShape = shape.slice(1);
  if (part === undefined || c < 0 || sampleShape.length !== part.shape.length) return () => -1;
  const stride = sampleShape.slice(c + 1).reduce((a, b) => a * b, 1);
  const size = sampleShape[c];
  return (i) => Math.floor(i / stride) % size;
}

/** Runs the model over a dataset's samples and scores its labels. */
export async function runModelDataset(step: SuiteStepOf<'model-dataset'>, rt: StepRuntime, family: DeviceFamily): Promise<void> {
  const model = rt.context.model;
  if (model === undefined) throw new StepError('No model was given to the run (add skipIf: [no-model] to run without one).');
  const dataset = await openDataset(rt, family);
  const [input, labels] = await Promise.all([loadArray(dataset, step.input), loadArray(dataset, step.labels)]);
  if (input.dtype !== 'float32') throw new StepError(`Array "${step.input}" holds ${input.dtype}; the model takes float32.`);
  const classNames = Object.values(dataset.meta.labels)[0] ?? [];
  const count = Math.min(input.shape[0] ?? 0, step.maxSamples ?? DEFAULT_MAX_SAMPLES);
  const windows = await sampleWindows(dataset, { name: step.input, array: input }, family, count);
  const { outputs, latenciesMs } = await predictTimed(model, windows, rt.signal);
  let correct = 0;
  outputs.forEach((output, n) => {
    const truth = Number(labels.data[n]);
    if (output.label !== undefined && output.label === String(classNames[truth] ?? truth)) correct += 1;
  });
  rt.record(checkNumeric('accuracy', count === 0 ? Number.NaN : correct / count, '', step.measure.accuracy));
  rt.record(checkNumeric('inference_latency_p95', latenciesMs.length === 0 ? Number.NaN : percentile(latenciesMs, 95), 'ms', step.measure.p95Ms));
  rt.record(checkNumeric('samples_scored', count, '', undefined));
}
