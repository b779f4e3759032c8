import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { deviceFamilySchema } from '../../../shared/domain/deviceProfile';
import type { ModelInput, ModelManifest } from '../../../shared/domain/modelManifest';
import { decodeNpy, type NpyArray } from '../../devices/simulators/npy';
import type { HostTensorMap } from '../../inference/hostTensor';

/** `golden/meta.json` as the dataset generator and the training scripts write it. */
const goldenMetaSchema = z.object({
  format: z.literal('sensor-console-dataset'),
  version: z.literal(1),
  family: deviceFamilySchema,
  count: z.number().int().positive(),
  channels: z.array(z.string()),
  arrays: z.record(
    z.string(),
    z.object({ file: z.string().regex(/^[A-Za-z0-9_.-]+\.npy$/, 'must be a .npy file name in the golden folder'), shape: z.array(z.number().int().min(0)) }),
  ),
  labels: z.record(z.string(), z.unknown()),
  note: z.string().optional(),
});
export type GoldenMeta = z.infer<typeof goldenMetaSchema>;

/** A family's golden dataset: frames and ground truth the model never saw in training. */
export class GoldenDataset {
  readonly dir: string;
  readonly meta: GoldenMeta;

  private constructor(dir: string, meta: GoldenMeta) {
    this.dir = dir;
    this.meta = meta;
  }

  static async open(dir: string): Promise<GoldenDataset> {
    const parsed = goldenMetaSchema.safeParse(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
    if (!parsed.success) throw new Error(`${dir}/meta.json is not a golden dataset description: ${parsed.error.issues[0]?.message ?? ''}`);
    return new GoldenDataset(dir, parsed.data);
  }

  async array(name: string): Promise<NpyArray> {
    const entry = this.meta.arrays[name];
    if (!entry) throw new Error(`the golden dataset has no "${name}" array`);
    // A plain Uint8Array: decodeNpy's `slice().buffer` would be a view into the whole file on a Node Buffer.
    const array = decodeNpy(new Uint8Array(await readFile(join(this.dir, entry.file))));
    if (array.shape.join() !== entry.shape.join()) throw new Error(`${entry.file} has shape [${array.shape.join(', ')}] but meta.json says [${entry.shape.join(', ')}]`);
    return array;
  }

  /** Float32 values of an array (int and uint8 arrays are converted). */
  async floats(name: string): Promise<{ shape: readonly number[]; data: Float32Array }> {
    const array = await this.array(name);
    const data = array.data instanceof Float32Array ? array.data : Float32Array.from(array.data as ArrayLike<number | bigint>, Number);
    return { shape: array.shape, data };
  }

  /** For each of the model input's channels, its index in the dataset's channel list. */
  channelIndices(input: ModelInput): number[] {
    const names = input.channels ?? this.meta.channels;
    return names.map((name) => {
      const index = this.meta.channels.indexOf(name);
      if (index < 0) throw new Error(`the golden dataset has no channel "${name}" (it has ${this.meta.channels.slice(0, 6).join(', ')}…)`);
      return index;
    });
  }
}

/** Anything that runs a model on feeds: the gate uses an out-of-process client. */
export interface IGoldenRunner {
  run(feeds: HostTensorMap): Promise<{ readonly outputs: HostTensorMap }>;
}

/** Metrics computed on a golden dataset, and how many samples they cover. */
export interface GoldenEvaluation {
  readonly metrics: Readonly<Record<string, number>>;
  readonly samples: number;
}

/**
 * Offline validation of one family's models on its golden dataset. Implementations compute
 * named metrics the way the family's training scripts and model tests do; the gate compares
 * them with the thresholds in the manifest's `validation` section.
 */
export interface IGoldenValidator {
  readonly family: ModelManifest['family'];
  /** The metric names this validator computes. */
  readonly metrics: readonly string[];
  evaluate(runner: IGoldenRunner, manifest: ModelManifest, dataset: GoldenDataset): Promise<GoldenEvaluation>;
}

/** Applies the input's normalisation in place: item layout is the input shape without the batch axis. */
export function normaliseItems(data: Float32Array, input: ModelInput): void {
  const norm = input.normalisation;
  if (!norm || input.channelAxis === undefined) return;
  const itemShape = input.shape.slice(1).map((d) => (typeof d === 'number' ? d : 1));
  const stride = itemShape.slice(input.channelAxis).reduce((a, b) => a * b, 1);
  const channels = norm.mean.length;
  for (let i = 0; i < data.length; i++) {
    const c = Math.floor(i / stride) % channels;
    data[i] = (data[i] - norm.mean[c]) / norm.std[c];
  }
}

/** Runs `count` items through the model in batches; `feeds(start, n)` builds one batch. Returns each output's data concatenated. */
export async function runInBatches(
  runner: IGoldenRunner,
  count: number,
  batch: number,
  feeds: (start: number, n: number) => HostTensorMap,
): Promise<Record<string, Float32Array>> {
  const parts: Record<string, Float32Array[]> = {};
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const { outputs } = await runner.run(feeds(start, n));
    for (const [name, tensor] of Object.entries(outputs)) {
      if (tensor.data instanceof Float32Array) (parts[name] ??= []).push(tensor.data);
    }
  }
  const joined: Record<string, Float32Array> = {};
  for (const [name, list] of Object.entries(parts)) {
    const all = new Float32Array(list.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of list) {
      all.set(p, at);
      at += p.length;
    }
    joined[name] = all;
  }
  return joined;
}

/** Linear-interpolated quantile (numpy's default), as the family tests compute it. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The output of a given kind the validator scores, or an error naming what is missing. */
export function outputOfKind<K extends ModelManifest['outputs'][number]['kind']>(
  manifest: ModelManifest,
  kind: K,
): Extract<ModelManifest['outputs'][number], { kind: K }> {
  const output = manifest.outputs.find((o): o is Extract<ModelManifest['outputs'][number], { kind: K }> => o.kind === kind);
  if (!output) throw new Error(`${manifest.name} has no ${kind} output to score`);
  return output;
}
