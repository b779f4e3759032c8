import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hangingAugmenterModel, scaledAugmenterModel } from './onnxBuilder';

const CHANNELS = 32;

/** What a synthetic augmenter package looks like. */
export interface SyntheticPackageSpec {
  readonly name?: string;
  readonly version: string;
  /** reconstructed_hq = sensor_input × scale, so a prediction shows which version made it. */
  readonly scale?: number;
  /** A model whose warm-up never finishes (the import must time out). */
  readonly hang?: boolean;
  readonly latencyBudgetMs?: number;
}

/**
 * Writes a complete augmenter-family package (model, reference file, manifest with every hash)
 * into `dir`, with the reference outputs computed here exactly as the graph computes them.
 */
export async function writeSyntheticPackage(dir: string, spec: SyntheticPackageSpec): Promise<string> {
  await mkdir(dir, { recursive: true });
  const scale = spec.scale ?? 1;
  await writeFile(join(dir, 'model.onnx'), spec.hang ? hangingAugmenterModel() : scaledAugmenterModel(scale));
  const x = Float32Array.from({ length: 2 * CHANNELS }, (_, i) => Math.sin(i) * 2);
  const recon = x.map((v) => Math.fround(v * scale));
  const command = Float32Array.from([0, 1], (row) => Math.tanh(x.subarray(row * CHANNELS, (row + 1) * CHANNELS).reduce((a, b) => a + b, 0) / CHANNELS));
  const tensor = (data: Float32Array, dims: number[]): { dtype: string; dims: number[]; data: string } => ({ dtype: 'float32', dims, data: Buffer.from(data.buffer).toString('base64') });
  const reference = {
    format: 'sensor-console-reference',
    formatVersion: 1,
    cases: [{ inputs: { sensor_input: tensor(x, [2, CHANNELS]) }, outputs: { reconstructed_hq: tensor(recon, [2, CHANNELS]), actuator_command: tensor(command, [2, 1]) } }],
  };
  await writeFile(join(dir, 'reference.json'), JSON.stringify(reference));
  await writeManifest(dir, syntheticManifest(spec));
  return dir;
}

/** The manifest of a synthetic package before its `files` list is filled in. */
export function syntheticManifest(spec: SyntheticPackageSpec): Record<string, unknown> {
  return {
    formatVersion: 1,
    name: spec.name ?? 'synthetic-augmenter',
    version: spec.version,
    family: 'augmenter',
    description: 'Registry test model: reconstructed_hq = sensor_input × scale.',
    inputs: [
      {
        name: 'sensor_input',
        dtype: 'float32',
        shape: ['batch', CHANNELS],
        channels: Array.from({ length: CHANNELS }, (_, i) => `lq${i}`),
        channelAxis: 1,
        range: { min: -10, max: 10 },
      },
    ],
    outputs: [
      { name: 'reconstructed_hq', dtype: 'float32', shape: ['batch', CHANNELS], kind: 'regression', units: 'V' },
      { name: 'actuator_command', dtype: 'float32', shape: ['batch', 1], kind: 'actuator', units: '1', min: -1, max: 1, maxRatePerS: 2, safeValue: 0 },
    ],
    latencyBudget: { p95Ms: spec.latencyBudgetMs ?? 50 },
    validation: { reconstruction_mse: { max: 0.05 } },
    parity: { tolerance: 1e-5, reference: 'reference.json' },
    files: [],
  };
}

/** Writes `manifest` into `dir` with `files` listing every other file's size and SHA-256. */
export async function writeManifest(dir: string, manifest: Record<string, unknown>): Promise<void> {
  const files: { path: string; sha256: string; bytes: number }[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else if (path !== 'manifest.json') {
        const bytes = await readFile(join(dir, path));
        files.push({ path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
      }
    }
  };
  await walk('');
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, files: files.sort((a, b) => a.path.localeCompare(b.path)) }, null, 2));
}
