import type { Migration } from '../storage/migrationRunner';

/**
 * The validation tables: one row per run (a model validation, an A/B comparison or a drift run)
 * with the columns the list is filtered on and the traceability links (model name, version and
 * hash; dataset path and hash; calibration version), and the whole record as JSON for reports.
 * Appended by the lead at `version`.
 */
export function validationRunsMigration(version: number): Migration {
  return {
    version,
    name: 'validation and drift runs',
    up(db) {
      db.exec(`
        CREATE TABLE validation_runs (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('validation', 'drift')),
          title TEXT NOT NULL,
          started_at TEXT NOT NULL,
          ended_at TEXT NOT NULL,
          model_name TEXT,
          model_version TEXT,
          model_sha256 TEXT,
          model_b_name TEXT,
          model_b_version TEXT,
          model_b_sha256 TEXT,
          dataset_path TEXT NOT NULL,
          dataset_sha256 TEXT NOT NULL,
          baseline_path TEXT,
          baseline_sha256 TEXT,
          calibration_version TEXT,
          app_version TEXT NOT NULL,
          passed INTEGER NOT NULL,
          record TEXT NOT NULL
        ) STRICT;
        CREATE INDEX validation_runs_started ON validation_runs(started_at);
        CREATE INDEX validation_runs_model ON validation_runs(model_name, model_version);
      `);
    },
  };
}
