/**
 * Shared checks of the demo model packages (models/<family>/<package>/), run by each family's
 * vitest suite with real onnxruntime-node: manifest schema, file hashes, parity with the reference
 * outputs, and small metric helpers the quality checks share.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { readModelPackage } from '../../src/main/inference/modelPackage';
import { checkGraphAgainstManifest } from '../../src/main/inference/modelSignature';
import { graphSignature } from '../../src/main/inference/onnxSession';
import { type ModelManifest, modelManifestSchema } from '../../src/shared/domain/modelManifest';

/** A loaded package: its folder, parsed manifest and an open ONNX Runtime session. */
export interface LoadedPackage {
  readonly dir: string;
  readonly manifest: ModelManifest;
  readonly session: ort.InferenceSession;
}

/** Parses manifest.json with the console's schema (throws with the zod issues on failure). */
export function readManifest(dir: string): ModelManifest {
  const raw: unknown = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`manifest of ${dir} is invalid: ${JSON.stringify(parsed.error.issues, null, 2)}`);
  return parsed.data;
}

export async function loadPackage(dir: string): Promise<LoadedPackage> {
  const manifest = readManifest(dir);
  const session = await ort.InferenceSession.create(join(dir, 'model.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  return { dir, manifest, session };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Every listed file has its hash and size, and every file on disk (but the manifest) is listed. */
export function expectFilesMatch(pkg: LoadedPackage): void {
  for (const file of pkg.manifest.files) {
    const bytes = readFileSync(join(pkg.dir, file.path));
    expect({ path: file.path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual(file);
  }
  const listed = pkg.manifest.files.map((f) => f.path).sort();
  expect(listFiles(pkg.dir).filter((p) => p !== 'manifest.json')).toEqual(listed);
}

/** Inputs and outputs of the graph are the ones the manifest names, with its dtypes and shapes (the console's own check). */
export function expectIoNames(pkg: LoadedPackage): void {
  expect([...pkg.session.inputNames].sort()).toEqual(pkg.manifest.inputs.map((i) => i.name).sort());
  expect([...pkg.session.outputNames].sort()).toEqual(pkg.manifest.outputs.map((o) => o.name).sort());
  expect(checkGraphAgainstManifest(pkg.manifest, graphSignature(pkg.session))).toEqual([]);
}

/** The console's package loader accepts the folder (schema, sizes, hashes, nothing unlisted, no symlinks). */
export async function expectConsoleAccepts(pkg: LoadedPackage): Promise<void> {
  const loaded = await readModelPackage(pkg.dir);
  expect(loaded.manifest.name).toBe(pkg.manifest.name);
}

interface ReferenceTensor {
  readonly dtype: 'float32' | 'int64' | 'bool';
  readonly dims: number[];
  readonly data: string;
}
interface ReferenceCase {
  readonly inputs: Record<string, ReferenceTensor>;
  readonly outputs: Record<string, ReferenceTensor>;
}

function decodeTensor(entry: ReferenceTensor): ort.Tensor {
  const bytes = Buffer.from(entry.data, 'base64');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  switch (entry.dtype) {
    case 'float32':
      return new ort.Tensor('float32', new Float32Array(buffer), entry.dims);
    case 'int64':
      return new ort.Tensor('int64', new BigInt64Array(buffer), entry.dims);
    case 'bool':
      return new ort.Tensor('bool', new Uint8Array(buffer), entry.dims);
  }
}

/** Runs every reference case; returns the largest absolute difference from the recorded outputs. */
export async function parityMaxDiff(pkg: LoadedPackage): Promise<number> {
  const reference = JSON.parse(readFileSync(join(pkg.dir, pkg.manifest.parity.reference), 'utf8')) as {
    format: string;
    cases: ReferenceCase[];
  };
  expect(reference.format).toBe('sensor-console-reference');
  expect(reference.cases.length).toBeGreaterThan(0);
  let worst = 0;
  for (const c of reference.cases) {
    const feeds = Object.fromEntries(Object.entries(c.inputs).map(([name, t]) => [name, decodeTensor(t)]));
    const out = await pkg.session.run(feeds);
    for (const [name, expected] of Object.entries(c.outputs)) {
      const want = decodeTensor(expected).data as Float32Array;
      const got = out[name].data as Float32Array;
      expect(out[name].dims).toEqual(expected.dims);
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    }
  }
  return worst;
}

/** Runs one float32 input through the session in batches; returns each output's flat data. */
export async function runBatched(
  session: ort.InferenceSession,
  inputName: string,
  data: Float32Array,
  itemShape: readonly number[],
  extra?: (start: number, count: number) => Record<string, ort.Tensor>,
  batch = 512,
): Promise<Record<string, Float32Array>> {
  const itemSize = itemShape.reduce((a, b) => a * b, 1);
  const n = data.length / itemSize;
  const chunks: Record<string, Float32Array[]> = {};
  for (let start = 0; start < n; start += batch) {
    const count = Math.min(batch, n - start);
    const feeds: Record<string, ort.Tensor> = {
      [inputName]: new ort.Tensor('float32', data.subarray(start * itemSize, (start + count) * itemSize), [count, ...itemShape]),
      ...extra?.(start, count),
    };
    const out = await session.run(feeds);
    for (const [name, t] of Object.entries(out)) (chunks[name] ??= []).push(t.data as Float32Array);
  }
  return Object.fromEntries(
    Object.entries(chunks).map(([name, parts]) => {
      const all = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
      let o = 0;
      for (const p of parts) {
        all.set(p, o);
        o += p.length;
      }
      return [name, all];
    }),
  );
}

/** Bounds of one validation metric from the manifest (throws when the manifest lacks it). */
export function bounds(manifest: ModelManifest, metric: string): { min?: number; max?: number } {
  const b = manifest.validation[metric];
  if (!b) throw new Error(`manifest has no validation metric ${metric}`);
  return b;
}

/** Whether a metric value lies within the manifest's bounds. */
export function withinBounds(manifest: ModelManifest, metric: string, value: number): boolean {
  const b = bounds(manifest, metric);
  return (b.min === undefined || value >= b.min) && (b.max === undefined || value <= b.max);
}

/** Asserts a metric value against its manifest bounds with a readable failure. */
export function expectWithinBounds(manifest: ModelManifest, metric: string, value: number): void {
  const b = bounds(manifest, metric);
  expect(Number.isFinite(value), `${metric} = ${value}`).toBe(true);
  if (b.min !== undefined) expect(value, `${metric}`).toBeGreaterThanOrEqual(b.min);
  if (b.max !== undefined) expect(value, `${metric}`).toBeLessThanOrEqual(b.max);
}

/** A deterministic small PRNG for corrupting outputs in the negative checks. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** p95 of `runs` batch-1 calls on the first reference case, in ms (in-process, so without the host's IPC). */
export async function batchOneP95Ms(pkg: LoadedPackage, runs = 60): Promise<number> {
  const reference = JSON.parse(readFileSync(join(pkg.dir, pkg.manifest.parity.reference), 'utf8')) as { cases: ReferenceCase[] };
  const first = reference.cases.find((c) => Object.values(c.inputs).every((t) => t.dims[0] === 1));
  if (!first) throw new Error('no batch-1 reference case');
  const feeds = Object.fromEntries(Object.entries(first.inputs).map(([name, t]) => [name, decodeTensor(t)]));
  await pkg.session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await pkg.session.run(feeds);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.ceil(0.95 * runs) - 1];
}
