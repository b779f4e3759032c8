import type { Migration } from '../../storage/migrationRunner';

/**
 * Calibration profiles: immutable versions per device identity and profile, and a pointer to the
 * active one. Triggers make immutability a property of the database, not a convention: a
 * calibration certificate must keep describing exactly what was stored. `body` holds the whole
 * version as JSON (validated on read); the columns beside it are what queries filter on.
 * Append to the console's migration list as the next version.
 */
export const calibrationMigration: Migration = {
  version: 2,
  name: 'calibration profiles',
  up(db) {
    db.exec(`
      CREATE TABLE calibration_versions (
        id TEXT PRIMARY KEY,
        device_key TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        operator TEXT NOT NULL,
        procedure_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (device_key, profile_id, version)
      ) STRICT;
      CREATE TRIGGER calibration_versions_no_update BEFORE UPDATE ON calibration_versions
        BEGIN SELECT RAISE(ABORT, 'calibration versions are immutable'); END;
      CREATE TRIGGER calibration_versions_no_delete BEFORE DELETE ON calibration_versions
        BEGIN SELECT RAISE(ABORT, 'calibration versions are immutable'); END;
      CREATE TABLE calibration_active (
        device_key TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        version_id TEXT NOT NULL REFERENCES calibration_versions(id),
        activated_at TEXT NOT NULL,
        activated_by TEXT NOT NULL,
        PRIMARY KEY (device_key, profile_id)
      ) STRICT;
    `);
  },
};
