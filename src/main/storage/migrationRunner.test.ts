import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { MigrationError, runMigrations, type Migration } from './migrationRunner';
import { migrations } from './migrations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-db-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const table = (name: string, version: number): Migration => ({
  version,
  name: `create ${name}`,
  up: (db) => db.exec(`CREATE TABLE ${name} (id INTEGER PRIMARY KEY) STRICT`),
});

function tables(db: DatabaseSync): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

describe('runMigrations', () => {
  it('applies pending migrations in order and records them, once', () => {
    const path = join(dir, 'a.db');
    const db = new DatabaseSync(path);
    expect(runMigrations(db, [table('a', 1)])).toEqual({ from: 0, to: 1, applied: ['create a'] });
    expect(runMigrations(db, [table('a', 1), table('b', 2)])).toEqual({ from: 1, to: 2, applied: ['create b'] });
    expect(runMigrations(db, [table('a', 1), table('b', 2)])).toEqual({ from: 2, to: 2, applied: [] });
    expect(tables(db)).toEqual(['a', 'b', 'schema_migrations']);
    db.close();
  });

  it('rolls a failing migration back whole and keeps the previous version', () => {
    const db = new DatabaseSync(join(dir, 'b.db'));
    runMigrations(db, [table('a', 1)]);
    const broken: Migration = {
      version: 2,
      name: 'half done',
      up: (d) => {
        d.exec('CREATE TABLE half (id INTEGER) STRICT');
        d.exec('INSERT INTO nowhere VALUES (1)');
      },
    };
    expect(() => runMigrations(db, [table('a', 1), broken])).toThrow(/Migration 2 \(half done\) failed: no such table: nowhere/);
    expect(tables(db)).toEqual(['a', 'schema_migrations']);
    expect(runMigrations(db, [table('a', 1)]).from).toBe(1);
    db.close();
  });

  it('refuses a database from a newer build', () => {
    const db = new DatabaseSync(join(dir, 'c.db'));
    runMigrations(db, [table('a', 1), table('b', 2)]);
    expect(() => runMigrations(db, [table('a', 1)])).toThrow(MigrationError);
    expect(() => runMigrations(db, [table('a', 1)])).toThrow(/newer Sensor Console \(schema 2, this build knows 1\)/);
    db.close();
  });

  it('refuses a migration list with holes', () => {
    const db = new DatabaseSync(':memory:');
    expect(() => runMigrations(db, [table('a', 1), table('c', 3)])).toThrow(/not consecutive/);
    db.close();
  });
});

describe('openDatabase', () => {
  it('creates the console schema with durable settings', () => {
    const { db, migration } = openDatabase(join(dir, 'nested', 'console.db'), migrations);
    expect(migration.to).toBe(migrations.length);
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect((db.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous).toBe(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['audit_log', 'settings']));
    db.close();
  });
});
