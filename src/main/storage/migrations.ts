import { calibrationMigration } from '../calibration/profiles/calibrationMigration';
import { hilRunsMigration } from '../hil/hilMigrations';
import { recordingsMigration } from '../recording/recordingsMigration';
import { modelRegistryMigration } from '../registry/registryMigration';
import { validationRunsMigration } from '../validation/validationMigration';
import type { Migration } from './migrationRunner';

/**
 * The schema of the console's database, in order. Append only: a released migration is never
 * edited, a change is a new migration.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'settings and audit log',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          time TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          subject TEXT NOT NULL,
          detail TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX audit_log_time ON audit_log(time);
      `);
    },
  },
  { ...recordingsMigration, version: 2 },
  { ...calibrationMigration, version: 3 },
  hilRunsMigration(4),
  validationRunsMigration(5),
  modelRegistryMigration(6),
];
