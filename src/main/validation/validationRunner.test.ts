import { readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelManifestSchema } from '../../shared/domain/modelManifest';
import type { ValidationProgress } from '../../shared/domain/validation';
import { forkInferenceChannel } from '../inference/forkInferenceChannel';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { editManifest, fixturePackageDir } from '../inference/testing/fixturePackages';
import { ModelCatalogue } from '../pipeline/modelCatalogue';
import { openDatabase } from '../storage/database';
import { openDataset } from './datasets/openDataset';
import { renderValidationHtml } from './reports/validationReport';
import { editArray, freshDataset, rotateRows, tempRoot } from './testing/datasetFixtures';
import { validationRunsMigration } from './validationMigration';
import { runValidation } from './validationRunner';
import { ValidationService } from './validationService';
import { ValidationStore } from './validationStore';

const MODELS = fileURLToPath(new URL('../../../models/', import.meta.url));
/** A seed none of the demo models was trained, validated or golden-tested on. */
const FRESH_SEED = 9_001;

let host: Awaited<ReturnType<typeof buildInferenceHost>>;
let tmp: Awaited<ReturnType<typeof tempRoot>>;
beforeAll(async () => {
  [host, tmp] = await Promise.all([buildInferenceHost(), tempRoot()]);
});
afterAll(async () => {
  await Promise.all([host.remove(), tmp.remove()]);
});

function channel(): ReturnType<typeof forkInferenceChannel> {
  return forkInferenceChannel(host.script);
}

function manifestOf(pkg: string): ReturnType<typeof modelManifestSchema.parse> {
  return modelManifestSchema.parse(JSON.parse(readFileSync(join(MODELS, pkg, 'manifest.json'), 'utf8')));
}

/**
 * Why a committed demo manifest cannot be validated as it stands, if it cannot: the step model's
 * events output needs `perSample` decoding, and every metric name must be one the validator
 * computes (docs/validation.md). These tests run as soon as the packages are fixed.
 */
function blocker(pkg: string, computable: readonly string[]): string | undefined {
  const manifest = manifestOf(pkg);
  const events = manifest.outputs.find((o) => o.kind === 'events');
  if (events?.kind === 'events' && !events.perSample && events.shape.length > 2) return `${pkg}: events output ${events.name} has no perSample decoding`;
  const unknown = Object.keys(manifest.validation).filter((m) => !computable.includes(m));
  return unknown.length > 0 ? `${pkg}: manifest metrics ${unknown.join(', ')} are not names the validator computes` : undefined;
}

describe('validation of the demo models on fresh simulator data', () => {
  it('sits: meets its thresholds on fresh series; fails them with the labels shuffled', async () => {
    const dir = await freshDataset(tmp.root, 'sits', 'sits', FRESH_SEED, 40);
    const good = await runValidation({ modelDir: join(MODELS, 'sits/sits-former'), dataset: await openDataset(dir), createChannel: channel(), appVersion: 'test' });
    expect(good.a.checks.map((c) => [c.metric, c.passed])).toEqual([['accuracy', true]]);
    expect(good.passed).toBe(true);
    await editArray(dir, 'labels.npy', (a) => {
      for (let i = 0; i < a.data.length; i++) (a.data as BigInt64Array)[i] = BigInt((Number(a.data[i]) + 3) % 10);
    });
    const bad = await runValidation({ modelDir: join(MODELS, 'sits/sits-former'), dataset: await openDataset(dir), createChannel: channel(), appVersion: 'test' });
    expect(bad.passed).toBe(false);
    expect(bad.a.metrics['accuracy']).toBeLessThan(0.3);
  });

  it('echoloc: meets median and p90 error on fresh pings; fails with the positions shuffled', async () => {
    const dir = await freshDataset(tmp.root, 'echoloc', 'echoloc', FRESH_SEED, 300);
    const good = await runValidation({ modelDir: join(MODELS, 'echoloc/echoloc-nn'), dataset: await openDataset(dir), createChannel: channel(), appVersion: 'test' });
    expect(good.a.checks.every((c) => c.passed), JSON.stringify(good.a.checks)).toBe(true);
    expect(good.a.checks.map((c) => c.metric).sort()).toEqual(['median_error_m', 'p90_error_m']);
    await editArray(dir, 'position.npy', (a) => rotateRows(a, 7));
    const bad = await runValidation({ modelDir: join(MODELS, 'echoloc/echoloc-nn'), dataset: await openDataset(dir), createChannel: channel(), appVersion: 'test' });
    expect(bad.passed).toBe(false);
  });

  it('enose: meets notes micro-F1 and intensity MAE on a fresh unit (warmed-up readings only)', async () => {
    // The manifest's micro-F1 gate is a test-set figure (~32 000 readings, models/README.md); single hours of a unit
    // range 0.82-0.93 with the faint mixtures they happen to meet, so the run is test-set sized (9 h 20 min).
    const readings = 33_600;
    const dir = await freshDataset(tmp.root, 'enose', 'enose', FRESH_SEED, readings);
    const run = await runValidation({ modelDir: join(MODELS, 'enose/olfactory-transformer'), dataset: await openDataset(dir), createChannel: channel(), appVersion: 'test' });
    expect(run.a.checks.every((c) => c.passed), JSON.stringify(run.a.checks)).toBe(true);
    // The warm-up (about 8 minutes) is not scored.
    expect(run.a.samplesScored).toBeLessThan(readings - 400);
    // Each check carries its 95 % interval by batch means; an hour of the same unit is far less certain.
    const widthOf = (checks: typeof run.a.checks): number => {
      const f1 = checks.find((c) => c.metric === 'notes_micro_f1');
      if (!f1?.interval || f1.value === null) throw new Error(`no interval: ${JSON.stringify(f1)}`);
      expect(f1.interval.low).toBeLessThan(f1.value);
      expect(f1.interval.high).toBeGreaterThan(f1.value);
      return f1.interval.high - f1.interval.low;
    };
    const hourDir = await freshDataset(tmp.root, 'enose-hour', 'enose', FRESH_SEED, 3_600);
    const hour = await runValidation({ modelDir: join(MODELS, 'enose/olfactory-transformer'), dataset: await openDataset(hourDir), createChannel: channel(), appVersion: 'test' });
    expect(widthOf(hour.a.checks)).toBeGreaterThan(1.5 * widthOf(run.a.checks));
  }, 90_000);

  const imuBlocker = blocker('imu/step-detection', ['step_f1', 'step_precision', 'step_recall']);
  it.skipIf(imuBlocker !== undefined)(`imu: detects steps within its thresholds on a fresh walk${imuBlocker ? ` (skipped: ${imuBlocker})` : ''}`, async () => {
    const dir = await freshDataset(tmp.root, 'imu', 'imu', FRESH_SEED, 12_000);
    const run = await runValidation({ modelDir: join(MODELS, 'imu/step-detection'), dataset: await openDataset(dir), createChannel: channel(), appVersion: 'test' });
    expect(run.a.checks.every((c) => c.passed), JSON.stringify(run.a.checks)).toBe(true);
  });

  const augmenterBlocker = blocker('augmenter/sensor-augmentor', ['reconstructed_hq_rmse', 'reconstructed_hq_rmse_ratio', 'reconstructed_hq_mae', 'actuator_command_rmse', 'actuator_command_mae']);
  it.skipIf(augmenterBlocker !== undefined)(`augmenter: meets its thresholds on its unit's held-out frames${augmenterBlocker ? ` (skipped: ${augmenterBlocker})` : ''}`, async () => {
    // The model belongs to one simulated unit and was trained on its first 100 000 frames; its golden set is held out.
    const run = await runValidation({ modelDir: join(MODELS, 'augmenter/sensor-augmentor'), dataset: await openDataset(join(MODELS, 'augmenter/sensor-augmentor/golden')), createChannel: channel(), appVersion: 'test' });
    expect(run.a.checks.every((c) => c.passed), JSON.stringify(run.a.checks)).toBe(true);
  });

  it('augmenter: scores reconstruction against the truth and against the input passed through', async () => {
    const run = await runValidation({ modelDir: join(MODELS, 'augmenter/sensor-augmentor'), dataset: await openDataset(join(MODELS, 'augmenter/sensor-augmentor/golden')), createChannel: channel(), appVersion: 'test' });
    expect(run.a.metrics['reconstructed_hq_rmse_ratio']).toBeLessThan(0.5);
    expect(run.a.metrics['actuator_command_rmse']).toBeLessThan(0.088);
  });
});

describe('A/B, progress, cancel and storage', () => {
  it('compares two versions side by side with deltas and per-sample disagreements', async () => {
    const dir = await freshDataset(tmp.root, 'sits-ab', 'sits', FRESH_SEED + 1, 30);
    // Model B: the same graph fed with a wrong normalisation (as if shipped with another unit's statistics).
    const copy = await copyPackage(join(MODELS, 'sits/sits-former'), 'sits-skewed');
    await editManifest(copy, (m) => {
      m['version'] = '1.0.1-skewed';
      const input = (m['inputs'] as { normalisation: { mean: number[] } }[])[0];
      input.normalisation.mean = input.normalisation.mean.map((v, i) => v + (i % 2 === 0 ? 0.15 : -0.15));
    });
    const run = await runValidation({ modelDir: join(MODELS, 'sits/sits-former'), modelDirB: copy, dataset: await openDataset(dir), createChannel: channel(), appVersion: 'test' });
    expect(run.b?.model.version).toBe('1.0.1-skewed');
    const accuracy = run.comparison?.deltas.find((d) => d.metric === 'accuracy');
    expect(accuracy?.better).toBe('a');
    expect(run.comparison?.disagreements[0]?.count).toBeGreaterThan(0);
    expect(run.passed).toBe(false);
    const html = renderValidationHtml(run);
    expect(html).toContain('A/B comparison');
    expect(html).toContain('1.0.1-skewed');
    expect(html).toContain('Disagreements on <code>predictions</code>');
    expect(html).not.toMatch(/<script/i);
  });

  it('reports progress that reaches 1 only when the run is stored, and a cancelled run stores nothing', async () => {
    const dir = await freshDataset(tmp.root, 'echoloc-progress', 'echoloc', FRESH_SEED + 2, 1200);
    const { db } = openDatabase(join(tmp.root, 'console.db'), [validationRunsMigration(1)]);
    const store = new ValidationStore(() => db);
    const service = new ValidationService({ store, catalogue: new ModelCatalogue(MODELS), createChannel: channel(), appVersion: 'test' });
    try {
      const seen: ValidationProgress[] = [];
      const run = await service.validate({ model: 'echoloc/echoloc-nn', dataset: dir, calibrationVersion: 'cal-7' }, { onProgress: (p) => seen.push(p) });
      const fractions = seen.map((p) => p.fraction);
      expect(fractions.slice().sort((a, b) => a - b)).toEqual(fractions);
      expect(fractions.filter((f) => f === 1)).toHaveLength(1);
      expect(seen.at(-1)).toMatchObject({ phase: 'done', fraction: 1 });
      expect(seen.some((p) => p.phase === 'inference' && p.etaS !== null)).toBe(true);
      expect(store.list().map((r) => r.id)).toEqual([run.id]);
      const stored = store.get(run.id);
      expect(stored?.kind === 'validation' && stored.run.calibrationVersion).toBe('cal-7');
      expect(service.report(run.id, 'html').text).toContain('cal-7');

      const controller = new AbortController();
      const cancelled = service.validate({ model: 'echoloc/echoloc-nn', dataset: dir }, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'inference') controller.abort();
        },
      });
      await expect(cancelled).rejects.toThrow(/cancelled/);
      expect(store.list()).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('validates a CSV file with a label column against the matching output', async () => {
    const path = join(tmp.root, 'bench.csv');
    const header = [...Array.from({ length: 32 }, (_, i) => `lq${i} [V]`), 'label'].join(',');
    const rows = Array.from({ length: 50 }, (_, r) => [...Array.from({ length: 32 }, (_, c) => Math.sin(r + c).toFixed(3)), '0'].join(','));
    await writeFile(path, [header, ...rows].join('\n'));
    const dataset = await openDataset(path);
    expect(dataset.channels[0]).toBe('lq0');
    const run = await runValidation({ modelDir: fixturePackageDir('augmenter-mlp'), dataset, createChannel: channel(), appVersion: 'test' });
    expect(run.a.samplesScored).toBe(50);
    expect(Object.keys(run.a.metrics)).toContain('actuator_command_rmse');
    // The fixture's manifest bounds a metric this file has no truth for: not met, and said why.
    expect(run.a.checks[0]).toMatchObject({ metric: 'reconstruction_mse', value: null, passed: false });
  });
});

/** A private copy of a demo package in the test's temp folder (removed with it). */
async function copyPackage(dir: string, name: string): Promise<string> {
  const target = join(tmp.root, name);
  await cp(dir, target, { recursive: true });
  return target;
}
