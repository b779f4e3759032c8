import type { DatabaseSync } from 'node:sqlite';

/** One schema change. Versions are consecutive integers starting at 1 and never reused. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: DatabaseSync): void;
}

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly string[];
}

/** Thrown when the database cannot be brought to this build's schema; the message is for a person. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * Brings a database to the latest schema. Each migration runs in its own transaction together with
 * its bookkeeping row, so a crash mid-migration leaves the previous version intact. A database
 * written by a newer build is refused rather than silently misread.
 */
export function runMigrations(db: DatabaseSync, migrations: readonly Migration[]): MigrationResult {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new MigrationError(`migration list is not consecutive: position ${i + 1} holds version ${m.version}`);
    }
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const from = row.v ?? 0;
  const latest = migrations.length;
  if (from > latest) {
    throw new MigrationError(
      `The data directory was written by a newer Sensor Console (schema ${from}, this build knows ${latest}). ` +
        'Open it with that version or choose another data directory.',
    );
  }
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations.slice(from)) {
    db.exec('BEGIN IMMEDIATE');
    try {
      migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new MigrationError(
        `Migration ${migration.version} (${migration.name}) failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    applied.push(migration.name);
  }
  return { from, to: latest, applied };
}
