import type { DatabaseSync } from 'node:sqlite';
import { ValidationRunSchema, type ValidationRun, type ValidationRunSummary } from '../../shared/domain/validation';
import { DriftRunSchema, type DriftRun } from '../../shared/domain/validationDrift';

/** A stored run, whichever kind. */
export type StoredRun = { readonly kind: 'validation'; readonly run: ValidationRun } | { readonly kind: 'drift'; readonly run: DriftRun };

interface Row {
  id: string;
  kind: string;
  title: string;
  started_at: string;
  dataset_path: string;
  passed: number;
  record: string;
}

/** Titles in the list: what ran on what. */
function validationTitle(run: ValidationRun): string {
  const a = `${run.a.model.name} ${run.a.model.version}`;
  return run.b ? `${a} vs ${run.b.model.name} ${run.b.model.version}` : a;
}

/**
 * Stores validation and drift runs (tables from `validationRunsMigration`). A run is written once,
 * complete, in one statement: a cancelled or failed run never reaches the store.
 */
export class ValidationStore {
  readonly #db: () => DatabaseSync;

  /** Takes a getter, so the store can be built before the core opens the database. */
  constructor(db: () => DatabaseSync) {
    this.#db = db;
  }

  saveValidation(run: ValidationRun, appVersion: string): void {
    this.#db()
      .prepare(
        `INSERT INTO validation_runs (id, kind, title, started_at, ended_at, model_name, model_version, model_sha256, model_b_name, model_b_version,
          model_b_sha256, dataset_path, dataset_sha256, calibration_version, app_version, passed, record)
          VALUES (?, 'validation', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.id,
        validationTitle(run),
        run.startedAt,
        run.endedAt,
        run.a.model.name,
        run.a.model.version,
        run.a.model.sha256,
        run.b?.model.name ?? null,
        run.b?.model.version ?? null,
        run.b?.model.sha256 ?? null,
        run.dataset.path,
        run.dataset.sha256,
        run.calibrationVersion,
        appVersion,
        run.passed ? 1 : 0,
        JSON.stringify(run),
      );
  }

  saveDrift(run: DriftRun, appVersion: string): void {
    this.#db()
      .prepare(
        `INSERT INTO validation_runs (id, kind, title, started_at, ended_at, model_name, model_version, model_sha256, dataset_path, dataset_sha256,
          baseline_path, baseline_sha256, app_version, passed, record) VALUES (?, 'drift', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.id,
        `Drift: ${run.current.path} against ${run.baseline.path}`,
        run.startedAt,
        run.endedAt,
        run.model?.name ?? null,
        run.model?.version ?? null,
        run.model?.sha256 ?? null,
        run.current.path,
        run.current.sha256,
        run.baseline.path,
        run.baseline.sha256,
        appVersion,
        run.drifted || run.inconclusive !== null ? 0 : 1,
        JSON.stringify(run),
      );
  }

  /** Runs newest first; `passed` of a drift run means "no drift found". Optionally only those made on data of one calibration version. */
  list(limit = 200, calibrationVersion?: string): ValidationRunSummary[] {
    const rows = this.#db()
      .prepare(
        `SELECT id, kind, title, started_at, dataset_path, passed, record FROM validation_runs
         WHERE (? IS NULL OR calibration_version = ?) ORDER BY started_at DESC LIMIT ?`,
      )
      .all(calibrationVersion ?? null, calibrationVersion ?? null, limit) as unknown as Row[];
    return rows.map((r) => ({ id: r.id, kind: r.kind === 'drift' ? 'drift' : 'validation', startedAt: r.started_at, title: r.title, datasetPath: r.dataset_path, passed: r.passed === 1 }));
  }

  /** `name@version` of every model validated (as A or B) on data of a calibration version. */
  modelsValidatedWith(calibrationVersion: string): string[] {
    const rows = this.#db()
      .prepare(
        `SELECT model_name || '@' || model_version AS model FROM validation_runs WHERE calibration_version = ? AND model_name IS NOT NULL
         UNION SELECT model_b_name || '@' || model_b_version FROM validation_runs WHERE calibration_version = ? AND model_b_name IS NOT NULL`,
      )
      .all(calibrationVersion, calibrationVersion) as unknown as { model: string }[];
    return rows.map((r) => r.model);
  }

  /** One run with its whole record (validated on the way out), or undefined. */
  get(id: string): StoredRun | undefined {
    const row = this.#db().prepare('SELECT kind, record FROM validation_runs WHERE id = ?').get(id) as { kind: string; record: string } | undefined;
    if (!row) return undefined;
    const json: unknown = JSON.parse(row.record);
    return row.kind === 'drift' ? { kind: 'drift', run: DriftRunSchema.parse(json) } : { kind: 'validation', run: ValidationRunSchema.parse(json) };
  }
}
