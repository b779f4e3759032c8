import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceFamily } from '../../../shared/domain/deviceProfile';
import type { ModelManifest } from '../../../shared/domain/modelManifest';
import type { GateMetric, GateResult } from '../../../shared/domain/registry';
import type { InferenceHostClient } from '../../inference/inferenceHostClient';
import { GoldenDataset, type IGoldenValidator } from './goldenDataset';

export interface ValidationGateOptions {
  readonly validators: ReadonlyMap<DeviceFamily, IGoldenValidator>;
  /** The golden dataset folder of a family, if it has one. */
  readonly goldenDirOf: (family: DeviceFamily) => Promise<string | undefined>;
  /** The model runs out of process, like everywhere else. */
  readonly createRuntime: (label: string) => InferenceHostClient;
}

/**
 * Offline validation before activation: runs the version on its family's golden dataset in an
 * isolated runtime and compares every metric its manifest's `validation` section names with the
 * bounds there. The gate passes only when every named metric was computed and lies in bounds; a
 * family without a validator or golden data fails with that reason (an override can still
 * activate, audited).
 */
export async function runValidationGate(
  version: { readonly id: string; readonly dir: string; readonly manifest: ModelManifest },
  options: ValidationGateOptions,
): Promise<GateResult> {
  const started = performance.now();
  const { manifest } = version;
  const base = { versionId: version.id, ranAt: new Date().toISOString() };
  const fail = (validator: string, dataset: string, problem: string): GateResult => ({
    ...base,
    validator,
    dataset,
    passed: false,
    metrics: boundsOnly(manifest),
    samples: 0,
    durationMs: performance.now() - started,
    problem,
  });
  const validator = options.validators.get(manifest.family);
  if (!validator) return fail('none', 'none', `There is no golden-dataset validator for ${manifest.family} models yet`);
  const dir = await options.goldenDirOf(manifest.family);
  if (!dir) return fail(manifest.family, 'none', `No golden dataset for ${manifest.family} models was found`);
  const names = Object.keys(manifest.validation);
  if (names.length === 0) return fail(manifest.family, dir, `${manifest.name} ${manifest.version} names no validation metrics; the gate needs at least one`);
  const runtime = options.createRuntime(`validation ${manifest.name} ${manifest.version}`);
  try {
    await runtime.load(version.dir);
    const dataset = await GoldenDataset.open(dir);
    const evaluation = await validator.evaluate(runtime, manifest, dataset);
    const metrics = names.map((name): GateMetric => {
      const bounds = manifest.validation[name];
      const value = evaluation.metrics[name];
      const known = value !== undefined && Number.isFinite(value);
      const within = known && (bounds.min === undefined || value >= bounds.min) && (bounds.max === undefined || value <= bounds.max);
      return { name, value: known ? value : null, min: bounds.min ?? null, max: bounds.max ?? null, passed: within };
    });
    const unknown = metrics.filter((m) => m.value === null).map((m) => m.name);
    return {
      ...base,
      validator: manifest.family,
      dataset: dir,
      passed: metrics.every((m) => m.passed),
      metrics,
      samples: evaluation.samples,
      durationMs: performance.now() - started,
      problem:
        unknown.length > 0
          ? `The ${manifest.family} validator does not compute ${unknown.join(', ')} (it computes ${validator.metrics.join(', ')})`
          : null,
    };
  } catch (error) {
    return fail(manifest.family, dir, `Validation could not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await runtime.dispose();
  }
}

/**
 * Golden datasets of the shipped demo packages (`<modelsDir>/<family>/<package>/golden/`): the
 * first package of the family, by folder name, that has one. A candidate is judged on the
 * console's data, never on golden data it brought along.
 */
export function catalogueGoldenDirs(modelsDir: string): (family: DeviceFamily) => Promise<string | undefined> {
  return async (family) => {
    const folders = await readdir(join(modelsDir, family), { withFileTypes: true }).catch(() => []);
    for (const folder of folders.filter((f) => f.isDirectory()).map((f) => f.name).sort()) {
      const dir = join(modelsDir, family, folder, 'golden');
      if (await access(join(dir, 'meta.json')).then(() => true, () => false)) return dir;
    }
    return undefined;
  };
}

function boundsOnly(manifest: ModelManifest): GateMetric[] {
  return Object.entries(manifest.validation).map(([name, b]) => ({ name, value: null, min: b.min ?? null, max: b.max ?? null, passed: false }));
}
