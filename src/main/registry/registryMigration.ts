import type { Migration } from '../storage/migrationRunner';

/**
 * The registry's tables: imported versions (one row per content-addressed package folder),
 * aliases that point at them, and the append-only deployment history. An alias can only name a
 * stored version (foreign key), and a version row is written only after its folder is complete,
 * so the database never refers to a half-stored package. Appended by the lead at `version`.
 */
export function modelRegistryMigration(version: number): Migration {
  return {
    version,
    name: 'model registry',
    up(db) {
      db.exec(`
        CREATE TABLE model_versions (
          id TEXT PRIMARY KEY,
          family TEXT NOT NULL,
          name TEXT NOT NULL,
          version TEXT NOT NULL,
          description TEXT NOT NULL,
          imported_at TEXT NOT NULL,
          imported_by TEXT NOT NULL,
          total_bytes INTEGER NOT NULL,
          pinned INTEGER NOT NULL DEFAULT 0,
          tags TEXT NOT NULL DEFAULT '[]',
          notes TEXT NOT NULL DEFAULT '',
          manifest TEXT NOT NULL,
          import_report TEXT NOT NULL,
          gate TEXT,
          UNIQUE (name, version)
        ) STRICT;
        CREATE INDEX model_versions_family ON model_versions(family, imported_at);
        CREATE TABLE model_aliases (
          family TEXT NOT NULL,
          alias TEXT NOT NULL,
          scope TEXT NOT NULL DEFAULT '',
          version_id TEXT NOT NULL REFERENCES model_versions(id),
          updated_at TEXT NOT NULL,
          updated_by TEXT NOT NULL,
          PRIMARY KEY (family, alias, scope)
        ) STRICT;
        CREATE TABLE model_deployments (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          time TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          family TEXT,
          version_id TEXT,
          version_label TEXT,
          previous_version_id TEXT,
          alias TEXT,
          profile_id TEXT,
          device_id TEXT,
          reason TEXT NOT NULL,
          metrics TEXT NOT NULL DEFAULT '{}',
          detail TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX model_deployments_time ON model_deployments(time);
        CREATE INDEX model_deployments_device ON model_deployments(device_id, time);
        CREATE INDEX model_deployments_alias ON model_deployments(family, alias, profile_id, id);
        CREATE TRIGGER model_deployments_append_only_update BEFORE UPDATE ON model_deployments
          BEGIN SELECT RAISE(ABORT, 'the deployment history is append-only'); END;
        CREATE TRIGGER model_deployments_append_only_delete BEFORE DELETE ON model_deployments
          BEGIN SELECT RAISE(ABORT, 'the deployment history is append-only'); END;
      `);
    },
  };
}
