import type { Migration } from '../storage/migrationRunner';

/**
 * The HIL tables: one row per run with the columns history is filtered on and the whole record
 * as JSON, and one row per measurement so trends (a sample rate drifting over weeks on one
 * station) can be queried without parsing records. Appended by the lead at `version`.
 */
export function hilRunsMigration(version: number): Migration {
  return {
    version,
    name: 'hil runs and measurements',
    up(db) {
      db.exec(`
        CREATE TABLE hil_runs (
          id TEXT PRIMARY KEY,
          suite_name TEXT NOT NULL,
          suite_version TEXT NOT NULL,
          family TEXT NOT NULL,
          device_source TEXT NOT NULL,
          device_identity TEXT,
          device_serial TEXT,
          profile_id TEXT,
          station TEXT NOT NULL,
          operator TEXT NOT NULL,
          app_version TEXT NOT NULL,
          model_version TEXT,
          calibration_version TEXT,
          outcome TEXT NOT NULL,
          message TEXT,
          rerun_of TEXT REFERENCES hil_runs(id),
          started_at TEXT NOT NULL,
          ended_at TEXT NOT NULL,
          record TEXT NOT NULL
        ) STRICT;
        CREATE INDEX hil_runs_started ON hil_runs(started_at);
        CREATE INDEX hil_runs_device ON hil_runs(device_serial, started_at);
        CREATE INDEX hil_runs_suite ON hil_runs(suite_name, started_at);
        CREATE TABLE hil_measurements (
          run_id TEXT NOT NULL REFERENCES hil_runs(id) ON DELETE CASCADE,
          step_index INTEGER NOT NULL,
          step_name TEXT NOT NULL,
          name TEXT NOT NULL,
          value REAL,
          text_value TEXT,
          unit TEXT NOT NULL,
          limit_text TEXT,
          outcome TEXT NOT NULL,
          PRIMARY KEY (run_id, step_index, name)
        ) STRICT;
        CREATE INDEX hil_measurements_name ON hil_measurements(step_name, name);
      `);
    },
  };
}
