import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/domain/registry';
import type { ImportOutcome } from '../../shared/ipc/domains/registry';
import { waitFor } from '../devices/serial/testing/waitFor';
import type { InferenceHostClient } from '../inference/inferenceHostClient';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { editManifest, fixturePackageDir, type FixturePackageName } from '../inference/testing/fixturePackages';
import { withExternalData } from './testing/onnxBuilder';
import { openTestRegistry, testRuntime } from './testing/registryTestKit';
import { writeManifest, writeSyntheticPackage } from './testing/syntheticPackages';
import { buildZip } from './testing/zipWriter';

let host: Awaited<ReturnType<typeof buildInferenceHost>>;
let work: string;
let dataDir: string;
let kit: ReturnType<typeof openTestRegistry>;
const runtimes: InferenceHostClient[] = [];
const progress: ImportProgress[] = [];

beforeAll(async () => {
  host = await buildInferenceHost();
  work = await mkdtemp(join(tmpdir(), 'registry-import-'));
  dataDir = join(work, 'data');
  kit = openTestRegistry(dataDir, host.script, {
    createRuntime: (label) => {
      const client = testRuntime(host.script, label, 2_500);
      runtimes.push(client);
      return client;
    },
    onImportProgress: (p) => progress.push(p),
  });
  await kit.registry.start();
});
afterAll(async () => {
  kit.close();
  await rm(work, { recursive: true, force: true });
  await host.remove();
});

/** A private copy of a fixture package under the test folder. */
async function copyOf(name: FixturePackageName, as = name): Promise<string> {
  const dir = join(work, 'sources', `${as}-${Math.random().toString(36).slice(2)}`);
  await cp(fixturePackageDir(name), dir, { recursive: true });
  return dir;
}

/** Everything an import could change: versions, aliases, files under the data directory's models/. */
async function snapshot(): Promise<string> {
  const files = await readdir(join(dataDir, 'models'), { recursive: true }).catch(() => []);
  return JSON.stringify({ versions: kit.registry.versions().map((v) => v.id), aliases: kit.registry.aliases(), files: files.sort() });
}

async function expectRefused(source: string, check: string, message: RegExp): Promise<Extract<ImportOutcome, { ok: false }>> {
  const before = await snapshot();
  const outcome = await kit.registry.import(source, 'tester');
  if (outcome.ok) throw new Error(`${source} was imported but should have been refused`);
  expect(outcome.message).toMatch(message);
  expect(outcome.report.checks.find((c) => c.status === 'failed')?.id).toBe(check);
  expect(await snapshot()).toBe(before);
  return outcome;
}

describe('importing a package', () => {
  it('stores a good package content-addressed and read-only, with its report, once', async () => {
    const source = await copyOf('augmenter-mlp');
    const outcome = await kit.registry.import(source, 'tester');
    if (!outcome.ok) throw new Error(outcome.message);
    const manifestHash = createHash('sha256').update(await readFile(join(source, 'manifest.json'))).digest('hex');
    expect(outcome.version.id).toBe(manifestHash);
    const stored = join(dataDir, 'models', manifestHash);
    expect((await readdir(stored)).sort()).toEqual(['manifest.json', 'model.onnx', 'reference.json']);
    expect((await stat(join(stored, 'model.onnx'))).mode & 0o222).toBe(0);
    expect(outcome.report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'source:passed', 'manifest:passed', 'files:passed', 'external-data:passed', 'runtime-load:passed',
      'parity-reference:passed', 'parity:passed', 'latency:passed', 'store:passed',
    ]);
    expect(outcome.report.latency?.p95Ms).toBeGreaterThan(0);
    expect(outcome.report.latency?.p50Ms).toBeLessThanOrEqual(outcome.report.latency?.p95Ms ?? 0);
    expect(outcome.report.parity?.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    const again = await kit.registry.import(source, 'tester');
    expect(again.ok && again.duplicate).toBe(true);
    expect(kit.registry.history({ actions: ['import'] })).toHaveLength(1);
  });

  it('imports the same package from a .zip of its folder', async () => {
    const dir = await writeSyntheticPackage(join(work, 'zipped', 'synthetic'), { version: '3.0.0' });
    const entries = await Promise.all(['manifest.json', 'model.onnx', 'reference.json'].map(async (f) => ({ name: `synthetic/${f}`, data: await readFile(join(dir, f)), deflate: true })));
    const zip = join(work, 'synthetic.zip');
    await writeFile(zip, buildZip([{ name: 'synthetic/' }, ...entries]));
    const outcome = await kit.registry.import(zip, 'tester');
    expect(outcome.ok && outcome.report.sourceKind).toBe('zip');
  });

  it('refuses name@version clashes with different content', async () => {
    const source = await copyOf('augmenter-mlp');
    await editManifest(source, (m) => (m.description = 'changed'));
    await expectRefused(source, 'store', /already in the registry with different files/);
  });
});

/** `step:state` of every progress event of one import, in order. */
function stepsOf(source: string): string[] {
  return progress.filter((p) => p.source === source).map((p) => `${p.step}:${p.state}`);
}

describe('import progress', () => {
  const RUN_AND_PASS = ['source', 'manifest', 'files', 'external-data', 'runtime-load', 'parity-reference', 'parity', 'latency', 'store'].flatMap((id) => [`${id}:running`, `${id}:passed`]);

  it('reports each check running then passed, with a growing fraction that ends at 1', async () => {
    const source = await writeSyntheticPackage(join(work, 'progress-good'), { name: 'progress-model', version: '1.0.0' });
    expect((await kit.registry.import(source, 'tester')).ok).toBe(true);
    expect(stepsOf(source)).toEqual([...RUN_AND_PASS, 'store:passed']);
    const events = progress.filter((p) => p.source === source);
    expect(new Set(events.map((p) => p.importId)).size).toBe(1);
    const fractions = events.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ done: true, fraction: 1 });
    expect(events.at(-1)?.steps.every((s) => s.state === 'passed')).toBe(true);
    // A page opened afterwards gets the same final checklist.
    expect(kit.registry.lastImport()).toEqual(events.at(-1));
  });

  it('for a hostile package: the failing check fails with its reason and the rest are skipped', async () => {
    const source = await copyOf('augmenter-hash-mismatch');
    expect((await kit.registry.import(source, 'tester')).ok).toBe(false);
    expect(stepsOf(source)).toEqual(['source:running', 'source:passed', 'manifest:running', 'manifest:passed', 'files:running', 'files:failed', 'files:failed']);
    const last = progress.filter((p) => p.source === source).at(-1);
    expect(last).toMatchObject({ done: true, fraction: 1, step: 'files', state: 'failed' });
    expect(last?.message).toMatch(/SHA-256/);
    expect(last?.steps.filter((s) => s.state === 'skipped').map((s) => s.id)).toEqual(['external-data', 'runtime-load', 'parity-reference', 'parity', 'latency', 'store']);
  });

  it('imports an uploaded .zip sent in chunks, counting the upload bytes in the progress, and deletes the upload', async () => {
    const dir = await writeSyntheticPackage(join(work, 'uploaded', 'upload-model'), { name: 'upload-model', version: '1.0.0' });
    const entries = await Promise.all(['manifest.json', 'model.onnx', 'reference.json'].map(async (f) => ({ name: `upload-model/${f}`, data: await readFile(join(dir, f)), deflate: true })));
    const zip = buildZip(entries);
    const { uploadId, maxChunkBytes } = await kit.registry.beginUpload({ kind: 'zip', name: 'upload-model.zip', files: [{ path: 'upload-model.zip', bytes: zip.length }] });
    const half = Math.min(maxChunkBytes, Math.ceil(zip.length / 2));
    for (let offset = 0; offset < zip.length; offset += half) await kit.registry.uploadChunk(uploadId, 0, offset, zip.subarray(offset, offset + half));
    const outcome = await kit.registry.finishUpload(uploadId, 'tester');
    expect(outcome.ok && outcome.version.name).toBe('upload-model');
    expect(outcome.report.source).toBe('uploaded upload-model.zip');
    const source = 'uploaded upload-model.zip';
    expect(stepsOf(source)).toEqual(['upload:running', 'upload:running', 'upload:passed', ...RUN_AND_PASS, 'store:passed']);
    const events = progress.filter((p) => p.source === source);
    expect(events.every((p) => p.importId === uploadId)).toBe(true);
    expect(events[1].fraction).toBeGreaterThan(0);
    expect(events[1].fraction).toBeLessThan(events[2].fraction);
    expect(await readdir(join(dataDir, 'models', '.staging')).catch(() => [])).toEqual([]);
  });
});

describe('hostile packages are refused with a clear error and leave the registry unchanged', () => {
  it('truncated ONNX', async () => {
    await expectRefused(await copyOf('augmenter-truncated'), 'external-data', /model\.onnx is not a readable ONNX file/);
  });

  it('ONNX whose input/output names differ from the manifest', async () => {
    const outcome = await expectRefused(await copyOf('augmenter-wrong-io'), 'runtime-load', /does not match its manifest/);
    expect(outcome.message).toMatch(/sensor_in/);
  });

  it('wrong shapes in the manifest', async () => {
    const source = await copyOf('augmenter-mlp');
    await editManifest(source, (m) => {
      m.version = '0.1.1';
      const outputs = m.outputs as { shape: unknown[] }[];
      outputs[1].shape = ['batch', 2];
    });
    await expectRefused(source, 'runtime-load', /axis 1 is 1 but manifest.json declares 2/);
  });

  it('hash mismatch', async () => {
    await expectRefused(await copyOf('augmenter-hash-mismatch'), 'files', /does not match its SHA-256/);
  });

  it('a file the manifest does not list', async () => {
    const source = await copyOf('augmenter-mlp');
    await writeFile(join(source, 'notes.txt'), 'hello');
    await expectRefused(source, 'files', /notes\.txt is not listed/);
  });

  it('external data that climbs out of the package', async () => {
    const source = await copyOf('augmenter-mlp');
    await writeFile(join(source, 'model.onnx'), withExternalData(await readFile(join(source, 'model.onnx')), '../../../etc/shadow'));
    await writeManifest(source, JSON.parse(await readFile(join(source, 'manifest.json'), 'utf8')) as Record<string, unknown>);
    await expectRefused(source, 'external-data', /reads external data from "\.\.\/\.\.\/\.\.\/etc\/shadow"/);
  });

  it('a zip-slip archive', async () => {
    const source = fixturePackageDir('augmenter-mlp');
    const files = await Promise.all(['manifest.json', 'model.onnx', 'reference.json'].map(async (f) => ({ name: f, data: await readFile(join(source, f)) })));
    const zip = join(work, 'slip.zip');
    await writeFile(zip, buildZip([...files, { name: '../../outside.txt', data: new TextEncoder().encode('owned') }]));
    await expectRefused(zip, 'source', /zip-slip/);
    await expect(stat(join(work, 'outside.txt'))).rejects.toThrow();
  });

  it('manifest with wrong-typed and unknown fields', async () => {
    const source = await copyOf('augmenter-mlp');
    await editManifest(source, (m) => {
      m.latencyBudget = { p95Ms: '5' };
      m.owner = 'someone';
    });
    const outcome = await expectRefused(source, 'manifest', /latencyBudget\.p95Ms/);
    expect(outcome.report.checks.find((c) => c.id === 'manifest')?.issues.join('\n')).toMatch(/owner/);
  });

  it('no explicit parity tolerance, and a reference that misses an output', async () => {
    const noTolerance = await copyOf('augmenter-mlp');
    await editManifest(noTolerance, (m) => delete (m.parity as Record<string, unknown>).tolerance);
    await editManifest(noTolerance, (m) => (m.version = '0.1.2'));
    await expectRefused(noTolerance, 'parity-reference', /no parity\.tolerance/);

    const missing = await copyOf('augmenter-mlp');
    const reference = JSON.parse(await readFile(join(missing, 'reference.json'), 'utf8')) as { cases: { outputs: Record<string, unknown> }[] };
    for (const c of reference.cases) delete c.outputs.actuator_command;
    await writeFile(join(missing, 'reference.json'), JSON.stringify(reference));
    await writeManifest(missing, { ...(JSON.parse(await readFile(join(missing, 'manifest.json'), 'utf8')) as Record<string, unknown>), version: '0.1.3' });
    await expectRefused(missing, 'parity-reference', /no reference for output "actuator_command"/);
  });

  it('a model that hangs the loader (timeout), and one that crashes it', async () => {
    const hanging = await writeSyntheticPackage(join(work, 'hang'), { name: 'hanging-model', version: '1.0.0', hang: true });
    const started = performance.now();
    await expectRefused(hanging, 'runtime-load', /could not be loaded in an isolated runtime: The model runtime did not answer within 2500 ms/);
    expect(performance.now() - started).toBeLessThan(6_000);

    const crashing = await writeSyntheticPackage(join(work, 'crash'), { name: 'crashing-model', version: '1.0.0', hang: true });
    const count = runtimes.length;
    const outcome = kit.registry.import(crashing, 'tester');
    // A native fault in the runtime looks like this from the console: the process dies by a signal mid-load.
    await waitFor(() => runtimes.length > count && runtimes[count].pid !== undefined && runtimes[count].state === 'loading', 'the import runtime to start loading');
    await new Promise((r) => setTimeout(r, 300));
    process.kill(runtimes[count].pid as number, 'SIGSEGV');
    const result = await outcome;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/The model runtime stopped \(signal SIGSEGV\)/);
    expect(kit.registry.versions().map((v) => v.name)).not.toContain('crashing-model');
  });

  it('leaves no staging folders and records each refusal in the history', async () => {
    expect(await readdir(join(dataDir, 'models', '.staging')).catch(() => [])).toEqual([]);
    expect(kit.registry.history({ actions: ['import-failed'] }).length).toBeGreaterThanOrEqual(11);
    for (const client of runtimes) expect(client.pid === undefined || client.state === 'disposed').toBe(true);
  });
});
