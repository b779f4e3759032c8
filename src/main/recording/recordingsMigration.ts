import type { Migration } from '../storage/migrationRunner';

/**
 * The session index. One row per recording file; `state` follows the file's life:
 * `recording` (being written, or the app stopped), `complete` (closed normally), `repaired`
 * (rebuilt after a crash), `failed` (a write error, or a repair that could not finish).
 * `version` is this migration's place in `storage/migrations.ts`; the lead sets it when appending.
 */
export const recordingsMigration: Migration = {
  version: 2,
  name: 'recording sessions',
  up(db) {
    db.exec(`
      CREATE TABLE recordings (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        ended_at TEXT,
        devices TEXT NOT NULL DEFAULT '[]',
        frame_count INTEGER NOT NULL DEFAULT 0,
        size_bytes INTEGER NOT NULL DEFAULT 0,
        file_path TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('recording', 'complete', 'repaired', 'failed')),
        state_detail TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX recordings_started_at ON recordings(started_at);
    `);
  },
};
