import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { deviceFamilySchema, type DeviceFamily, type DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import { findShippedProfile } from '../../devices/profiles/shippedProfiles';
import { decodeNpy, type NpyArray } from '../../devices/simulators/npy';
import { hashFiles } from './datasetHash';
import type { DatasetTarget, LabelledDataset } from './labelledDataset';

/** `meta.json` of a dataset folder, as `generateDataset` writes it (extra keys such as `note` are allowed). */
const metaSchema = z.object({
  format: z.literal('sensor-console-dataset'),
  version: z.literal(1),
  family: deviceFamilySchema,
  profileId: z.string(),
  source: z.string(),
  count: z.number().int().positive(),
  channels: z.array(z.string()).min(1),
  arrays: z.record(z.string(), z.object({ file: z.string().regex(/^[A-Za-z0-9_.-]+\.npy$/, 'must be a .npy file in the dataset folder'), shape: z.array(z.number().int().nonnegative()) })),
  labels: z.record(z.string(), z.array(z.union([z.string(), z.number()]))),
});
type DatasetMetaFile = z.infer<typeof metaSchema>;

/** Which arrays of a family's dataset are ground truth, and how to read them. */
type TargetSpec =
  | { readonly array: string; readonly as: 'values' }
  | { readonly array: string; readonly as: 'classes' | 'multihot'; readonly labels: string }
  | { readonly array: string; readonly as: 'events'; readonly label: string };

interface FamilySpec {
  readonly input: 'stream' | 'tensor';
  readonly targets: readonly TargetSpec[];
  /** A 0/1 array marking the samples worth scoring. */
  readonly scoreMask?: string;
}

/**
 * The ground truth of each family's simulator datasets (see datasetGenerator.ts). Other arrays
 * (times of flight, activities, odorant concentrations) describe the scene but are no model's target.
 */
const FAMILIES: { readonly [F in DeviceFamily]: FamilySpec } = {
  augmenter: { input: 'stream', targets: [{ array: 'hq', as: 'values' }, { array: 'actuator_command', as: 'values' }] },
  echoloc: { input: 'stream', targets: [{ array: 'position', as: 'values' }] },
  imu: { input: 'stream', targets: [{ array: 'step', as: 'events', label: 'step' }] },
  enose: {
    input: 'stream',
    targets: [
      { array: 'notes', as: 'multihot', labels: 'notes' },
      { array: 'intensity', as: 'values' },
    ],
    scoreMask: 'warmed_up',
  },
  sits: { input: 'tensor', targets: [{ array: 'labels', as: 'classes', labels: 'classes' }] },
};

/** A dataset folder that cannot be used; the message says what is wrong in a technician's words. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

async function readMeta(dir: string): Promise<DatasetMetaFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
  } catch (error) {
    throw new DatasetError(`Cannot read ${join(dir, 'meta.json')}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = metaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DatasetError(`${join(dir, 'meta.json')} is not a Sensor Console dataset: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data;
}

function perSample(array: NpyArray): number {
  return array.shape.slice(1).reduce((a, b) => a * b, 1);
}

function toTarget(spec: TargetSpec, array: NpyArray, meta: DatasetMetaFile): DatasetTarget {
  const width = perSample(array);
  switch (spec.as) {
    case 'values':
      return { kind: 'values', name: spec.array, width, values: Float32Array.from(array.data, Number) };
    case 'classes':
      return { kind: 'classes', name: spec.array, labels: (meta.labels[spec.labels] ?? []).map(String), values: Int32Array.from(array.data, Number) };
    case 'multihot':
      return { kind: 'multihot', name: spec.array, labels: (meta.labels[spec.labels] ?? []).map(String), width, values: Uint8Array.from(array.data, Number) };
    case 'events':
      return { kind: 'events', name: spec.array, label: spec.label, flags: Uint8Array.from(array.data, Number) };
  }
}

/** Frames as a stream device sends them: seq = sample index, device time from `time_s`. */
function framesOf(values: NpyArray, timesS: Float64Array, count: number): FrameBatch {
  const channelCount = perSample(values);
  return {
    deviceId: 'dataset',
    channelCount,
    frameCount: count,
    seq: Float64Array.from({ length: count }, (_, i) => i),
    deviceTimeS: timesS,
    hostTimeMs: timesS.map((t) => t * 1000),
    values: values.data instanceof Float32Array ? values.data : Float32Array.from(values.data, Number),
  };
}

/** Mean of each sample's entries that belong to channel `c`, given which entry maps to which channel. */
function channelMeans(data: ArrayLike<number | bigint>, count: number, entryChannel: Int32Array, c: number): Float32Array {
  const per = entryChannel.length;
  const out = new Float32Array(count);
  let members = 0;
  for (let e = 0; e < per; e++) if (entryChannel[e] === c) members++;
  for (let s = 0; s < count; s++) {
    let sum = 0;
    for (let e = 0; e < per; e++) if (entryChannel[e] === c) sum += Number(data[s * per + e]);
    out[s] = sum / members;
  }
  return out;
}

/** For each entry of one sample, its channel: via the axis named C of a tensor part, or channel-major waveforms. */
function entryChannels(profile: DeviceProfile | undefined, arrayName: string, sampleShape: readonly number[], channels: number): Int32Array {
  const per = sampleShape.reduce((a, b) => a * b, 1);
  const map = new Int32Array(per);
  const layout = profile?.frameLayout;
  const part = layout?.kind === 'tensor' ? layout.parts.find((p) => p.name === arrayName) : undefined;
  const axis = part ? part.axes.indexOf('C') : 0;
  const stride = sampleShape.slice(axis + 1).reduce((a, b) => a * b, 1);
  for (let e = 0; e < per; e++) map[e] = per === channels ? e : Math.floor(e / stride) % channels;
  return map;
}

/**
 * Opens a simulator dataset folder (`.npy` files + `meta.json`, as `sensor-console sim dataset`
 * writes them): the inputs, the family's ground truth, the samples worth scoring and a hash of
 * every file. Refuses with a `DatasetError` naming the problem.
 */
export async function openSimulatorDataset(folder: string): Promise<LabelledDataset> {
  const dir = resolve(folder);
  const meta = await readMeta(dir);
  const spec = FAMILIES[meta.family];
  const load = async (name: string): Promise<NpyArray> => {
    const entry = meta.arrays[name];
    if (!entry) throw new DatasetError(`The dataset has no array "${name}" (it has ${Object.keys(meta.arrays).join(', ')}).`);
    let array: NpyArray;
    try {
      array = decodeNpy(new Uint8Array(await readFile(join(dir, entry.file))));
    } catch (error) {
      throw new DatasetError(`Cannot read ${entry.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (array.shape[0] !== meta.count) throw new DatasetError(`${entry.file} holds ${array.shape[0]} samples but meta.json says ${meta.count}.`);
    return array;
  };
  const arrays = new Map<string, NpyArray>();
  for (const name of Object.keys(meta.arrays)) arrays.set(name, await load(name));
  const profile = findShippedProfile(meta.profileId);
  const timeArray = arrays.get('time_s');
  const timesS = timeArray ? Float64Array.from(timeArray.data, Number) : Float64Array.from({ length: meta.count }, (_, i) => i);
  const targets = spec.targets.filter((t) => arrays.has(t.array)).map((t) => toTarget(t, arrays.get(t.array) as NpyArray, meta));
  const maskArray = spec.scoreMask === undefined ? undefined : arrays.get(spec.scoreMask);
  const sha256 = await hashFiles(dir, ['meta.json', ...Object.values(meta.arrays).map((a) => a.file)]);
  const ref = { path: dir, kind: 'simulator' as const, sha256, samples: meta.count, family: meta.family };
  const common = {
    ref,
    channels: meta.channels,
    count: meta.count,
    timesS,
    targets,
    scoreMask: maskArray ? Uint8Array.from(maskArray.data, Number) : undefined,
  };
  if (spec.input === 'tensor') {
    const layout = profile?.frameLayout;
    const primary = layout?.kind === 'tensor' ? layout.parts.find((p) => p.axes.includes('C'))?.name : undefined;
    const main = primary === undefined ? undefined : arrays.get(primary);
    const channelMap = main && primary ? entryChannels(profile, primary, main.shape.slice(1), meta.channels.length) : undefined;
    return {
      ...common,
      data: { kind: 'tensor', arrays },
      channelValues: (c) => (main && channelMap ? channelMeans(main.data, meta.count, channelMap, c) : new Float32Array(meta.count).fill(Number.NaN)),
    };
  }
  const values = arrays.get('values');
  if (!values) throw new DatasetError('The dataset has no "values" array with the frames.');
  const frames = framesOf(values, timesS, meta.count);
  const channelMap = entryChannels(profile, 'values', values.shape.slice(1), meta.channels.length);
  return {
    ...common,
    data: { kind: 'stream', profile, frames },
    channelValues: (c) => channelMeans(frames.values, meta.count, channelMap, c),
  };
}
