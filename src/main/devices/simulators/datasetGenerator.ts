import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceFamily } from '../../../shared/domain/deviceProfile';
import { defaultProfileOf } from '../profiles/shippedProfiles';
import { AugmenterSimulator, type AugmenterTruth } from './augmenterSimulator';
import { ECHOLOC_RECEIVERS, ECHOLOC_SAMPLES, EcholocSimulator, type EcholocTruth } from './echolocSimulator';
import { EnoseSimulator, type EnoseTruth } from './enoseSimulator';
import { IMU_ACTIVITIES, ImuSimulator, type ImuTruth } from './imuSimulator';
import type { ISimulatorModel, SimulatorFrame } from './ISimulatorModel';
import { encodeNpy, type NpyArray, type NpyDtype } from './npy';
import { ODORANTS, SCENT_NOTES } from './odorants';
import { SitsSimulator, type SitsTruth } from './sitsSimulator';
import { SITS_CLASSES } from './sitsSpectra';

/** What to generate. */
export interface GenerateDatasetOptions {
  /** Seed of the simulator; the same seed and count give byte-identical files. */
  readonly seed: number;
  /** Frames (streaming devices: at their nominal rate, so seconds = count / rate) or series (sits). */
  readonly count: number;
}

/** One array file of a dataset, as listed in `meta.json`. */
export interface DatasetFileMeta {
  readonly file: string;
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  readonly description: string;
}

/** The contents of `meta.json`, which Python training scripts and the dataset source read. */
export interface DatasetMeta {
  readonly format: 'sensor-console-dataset';
  readonly version: 1;
  readonly family: DeviceFamily;
  readonly profileId: string;
  /** The simulator's identity string (its serial number encodes the seed). */
  readonly source: string;
  readonly seed: number;
  readonly count: number;
  readonly nominalRateHz: number;
  readonly channels: readonly string[];
  /** Array name → file; every array's first axis is the frame/sample index. */
  readonly arrays: Readonly<Record<string, DatasetFileMeta>>;
  /** Names behind integer and multi-hot labels (classes, activities, odorants, notes…). */
  readonly labels: Readonly<Record<string, readonly (string | number)[]>>;
}

/** One array of a dataset and how to take its part of each frame. */
interface Column<TTruth> {
  readonly name: string;
  readonly dtype: NpyDtype;
  /** Shape of one frame's part (empty for a scalar per frame). */
  readonly frameShape: readonly number[];
  readonly description: string;
  readonly take: (frame: SimulatorFrame<TTruth>) => ArrayLike<number> | number;
}

/** How one family is simulated for a dataset: scenario, arrays and label names. */
interface FamilyDataset<TTruth, TModel extends ISimulatorModel<TTruth>> {
  readonly create: (seed: number) => TModel;
  readonly columns: (model: TModel) => readonly Column<TTruth>[];
  readonly labels: (model: TModel) => Readonly<Record<string, readonly (string | number)[]>>;
}

function timeColumn<T>(): Column<T> {
  return { name: 'time_s', dtype: 'float64', frameShape: [], description: 'simulated device time, s', take: (f) => f.timeS };
}

function valuesColumn<T>(frameShape: readonly number[], description: string): Column<T> {
  return { name: 'values', dtype: 'float32', frameShape, description, take: (f) => f.values };
}

const AUGMENTER: FamilyDataset<AugmenterTruth, AugmenterSimulator> = {
  // Random actuator steps, so the data shows the plant responding across the actuator's range.
  create: (seed) => new AugmenterSimulator({ seed, actuatorMode: 'random' }),
  columns: () => [
    timeColumn(),
    valuesColumn([64], 'frames as sent: lq_00..lq_31 (sensor_input), hq_00..hq_31, V'),
    { name: 'hq', dtype: 'float32', frameShape: [32], description: 'true high-quality values (reconstructed_hq target), V', take: (f) => f.truth.hq },
    { name: 'actuator_command', dtype: 'float32', frameShape: [1], description: 'ideal actuator command in [-1, 1] (actuator_command target)', take: (f) => [f.truth.actuatorCommand] },
    { name: 'actuator_applied', dtype: 'float32', frameShape: [], description: 'actuator value applied during the frame', take: (f) => f.truth.actuatorApplied },
  ],
  labels: () => ({}),
};

const ECHOLOC: FamilyDataset<EcholocTruth, EcholocSimulator> = {
  // A new random target position every ping, spread over the array's field of view.
  create: (seed) => new EcholocSimulator({ seed, motion: 'random' }),
  columns: () => [
    timeColumn(),
    valuesColumn([ECHOLOC_RECEIVERS, ECHOLOC_SAMPLES], 'echo envelopes, receiver × sample at 20 kHz from transmission, V'),
    { name: 'position', dtype: 'float32', frameShape: [2], description: 'target (x, y), m', take: (f) => [f.truth.x, f.truth.y] },
    { name: 'tof_s', dtype: 'float32', frameShape: [ECHOLOC_RECEIVERS], description: 'time of flight to each receiver, s', take: (f) => f.truth.tofS },
  ],
  labels: () => ({}),
};

const IMU: FamilyDataset<ImuTruth, ImuSimulator> = {
  create: (seed) => new ImuSimulator({ seed, schedule: 'mixed' }),
  columns: () => [
    timeColumn(),
    valuesColumn([6], 'accel_x/y/z (m/s², gravity included), gyro_x/y/z (rad/s)'),
    { name: 'step', dtype: 'uint8', frameShape: [], description: '1 where a heel strike falls in the sample', take: (f) => (f.truth.stepEvent ? 1 : 0) },
    { name: 'activity', dtype: 'int64', frameShape: [], description: 'index into labels.activities', take: (f) => IMU_ACTIVITIES.indexOf(f.truth.activity) },
  ],
  labels: () => ({ activities: IMU_ACTIVITIES }),
};

const ENOSE: FamilyDataset<EnoseTruth, EnoseSimulator> = {
  // Real-time warm-up: the first minutes are settling, flagged by warmed_up.
  create: (seed) => new EnoseSimulator({ seed, schedule: 'cycle' }),
  columns: () => [
    timeColumn(),
    valuesColumn([10], 'mos_1..mos_8 resistance (kΩ), temperature (°C), humidity (%RH)'),
    {
      name: 'odorant_ppm',
      dtype: 'float32',
      frameShape: [ODORANTS.length],
      description: 'concentration of each odorant in labels.odorants in the sample air, ppm (0 = absent)',
      take: (f) => ODORANTS.map((o) => f.truth.exposures.find((e) => e.odorant === o.name)?.ppm ?? 0),
    },
    { name: 'notes', dtype: 'uint8', frameShape: [SCENT_NOTES.length], description: 'multi-hot scent notes, columns as labels.notes', take: (f) => f.truth.notes },
    { name: 'intensity', dtype: 'float32', frameShape: [], description: 'perceived intensity 0-10', take: (f) => f.truth.intensity },
    { name: 'warmed_up', dtype: 'uint8', frameShape: [], description: '1 once the heaters have settled', take: (f) => (f.truth.warmedUp ? 1 : 0) },
  ],
  labels: () => ({ odorants: ODORANTS.map((o) => o.name), notes: SCENT_NOTES }),
};

const SITS: FamilyDataset<SitsTruth, SitsSimulator> = {
  create: (seed) => new SitsSimulator({ seed }),
  columns: ({ shape: { timeSteps: t, bands: c, height: h, width: w } }) => [
    { name: 'sequences', dtype: 'float32', frameShape: [t, c, h, w], description: 'surface reflectance [T, C, H, W]', take: (f) => f.values.subarray(0, t * c * h * w) },
    { name: 'cloud_mask', dtype: 'uint8', frameShape: [t], description: '1 = acquisition contaminated by cloud', take: (f) => f.truth.cloudMask },
    { name: 'labels', dtype: 'int64', frameShape: [], description: 'index into labels.classes', take: (f) => f.truth.classIndex },
  ],
  labels: (model) => ({ classes: SITS_CLASSES, doy: Array.from(model.doy) }),
};

/**
 * Simulates `options.count` frames of a family with ground truth and writes them to `outDir`
 * as one `.npy` file per array plus `meta.json` (written last, so its presence means the set is
 * complete). Deterministic per seed. Returns the metadata.
 */
export async function generateDataset(family: DeviceFamily, options: GenerateDatasetOptions, outDir: string): Promise<DatasetMeta> {
  if (!Number.isInteger(options.count) || options.count < 1) throw new RangeError('count must be a positive integer');
  switch (family) {
    case 'augmenter':
      return writeDataset(family, AUGMENTER, options, outDir);
    case 'echoloc':
      return writeDataset(family, ECHOLOC, options, outDir);
    case 'imu':
      return writeDataset(family, IMU, options, outDir);
    case 'enose':
      return writeDataset(family, ENOSE, options, outDir);
    case 'sits':
      return writeDataset(family, SITS, options, outDir);
  }
}

async function writeDataset<T, M extends ISimulatorModel<T>>(
  family: DeviceFamily,
  spec: FamilyDataset<T, M>,
  { seed, count }: GenerateDatasetOptions,
  outDir: string,
): Promise<DatasetMeta> {
  const model = spec.create(seed);
  const columns = spec.columns(model);
  const arrays = columns.map((column) => allocate(column.dtype, [count, ...column.frameShape]));
  const sizes = columns.map((column) => column.frameShape.reduce((a, b) => a * b, 1));
  for (let n = 0; n < count; n++) {
    const frame = model.step();
    columns.forEach((column, k) => store(arrays[k], n * sizes[k], column.take(frame)));
  }

  await mkdir(outDir, { recursive: true });
  const files: Record<string, DatasetFileMeta> = {};
  for (const [k, column] of columns.entries()) {
    const file = `${column.name}.npy`;
    await writeFile(join(outDir, file), encodeNpy(arrays[k]));
    files[column.name] = { file, dtype: column.dtype, shape: arrays[k].shape, description: column.description };
  }
  const meta: DatasetMeta = {
    format: 'sensor-console-dataset',
    version: 1,
    family,
    profileId: defaultProfileOf(family).id,
    source: model.identity,
    seed,
    count,
    nominalRateHz: model.nominalRateHz,
    channels: model.channelNames,
    arrays: files,
    labels: spec.labels(model),
  };
  await writeFile(join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

function allocate(dtype: NpyDtype, shape: readonly number[]): NpyArray {
  const n = shape.reduce((a, b) => a * b, 1);
  switch (dtype) {
    case 'float32':
      return { dtype, shape, data: new Float32Array(n) };
    case 'float64':
      return { dtype, shape, data: new Float64Array(n) };
    case 'int64':
      return { dtype, shape, data: new BigInt64Array(n) };
    case 'uint8':
      return { dtype, shape, data: new Uint8Array(n) };
  }
}

function store(array: NpyArray, offset: number, value: ArrayLike<number> | number): void {
  const values = typeof value === 'number' ? [value] : value;
  if (array.dtype === 'int64') {
    for (let i = 0; i < values.length; i++) array.data[offset + i] = BigInt(values[i]);
  } else {
    array.data.set(values, offset);
  }
}
