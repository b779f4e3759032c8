import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach } from 'vitest';
import { openDatabase } from '../database';
import { migrations } from '../migrations';

/**
 * For a test file: a function giving the path of a new console database in its own temp folder.
 * Every folder is removed after the test that asked for it.
 */
export function tempDatabasePaths(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return join(dir, 'console.db');
  };
}

/** The console's database at `path`, with every migration applied. */
export function openConsoleDatabase(path: string): DatabaseSync {
  return openDatabase(path, migrations).db;
}
