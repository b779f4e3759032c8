import type { DatabaseSync } from 'node:sqlite';

/** A value of the `settings` table (migration 1), or undefined when never written. */
export function readSetting(db: DatabaseSync, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

/** Writes a value of the `settings` table, stamped with when it changed. */
export function writeSetting(db: DatabaseSync, key: string, value: string, nowIso: string = new Date().toISOString()): void {
  db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(
    key,
    value,
    nowIso,
  );
}
