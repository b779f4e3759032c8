import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { runMigrations, type Migration, type MigrationResult } from './migrationRunner';

export interface OpenDatabaseResult {
  readonly db: DatabaseSync;
  readonly migration: MigrationResult;
}

/**
 * Opens (creating if needed) the console's SQLite database and migrates it.
 * WAL lets readers (the UI's queries) run beside the writer; `synchronous=FULL` because the
 * database holds safety records (calibrations, audit log, deployment history) that an
 * acknowledged write must not lose on power loss.
 */
export function openDatabase(path: string, migrations: readonly Migration[]): OpenDatabaseResult {
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    const migration = runMigrations(db, migrations);
    return { db, migration };
  } catch (error) {
    db.close();
    throw error;
  }
}
