import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { z } from 'zod';

/** A device as the session index lists it. */
export interface IndexedDevice {
  readonly id: string;
  readonly name: string;
  readonly profileId: string;
}

/** Where a recording is in its life (see recordingsMigration). */
export type RecordingState = 'recording' | 'complete' | 'repaired' | 'failed';

/** One row of the session index. */
export interface RecordingEntry {
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[];
  readonly notes: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly devices: readonly IndexedDevice[];
  readonly frameCount: number;
  readonly sizeBytes: number;
  readonly filePath: string;
  readonly state: RecordingState;
  /** What happened, for `failed` and `repaired` (e.g. "repaired after a crash: 12 345 frames recovered"). */
  readonly stateDetail: string;
}

/** Filters for {@link RecordingStore.list}. */
export interface RecordingQuery {
  /** Only recordings carrying this tag. */
  readonly tag?: string;
  /** Case-insensitive match in name or notes. */
  readonly text?: string;
  readonly limit?: number;
}

interface Row {
  id: string;
  name: string;
  tags: string;
  notes: string;
  started_at: string;
  ended_at: string | null;
  devices: string;
  frame_count: number;
  size_bytes: number;
  file_path: string;
  state: RecordingState;
  state_detail: string;
}

const tagsSchema = z.array(z.string());
const devicesSchema = z.array(z.object({ id: z.string(), name: z.string(), profileId: z.string() }));

/**
 * The session index over SQLite (table `recordings`): what the recordings list shows and searches
 * without opening any file. The MCAP file stays the record of truth; this is its catalogue.
 */
export class RecordingStore {
  readonly #db: () => DatabaseSync;

  /** `db` is looked up per call so the store works across a storage restart. */
  constructor(db: () => DatabaseSync) {
    this.#db = db;
  }

  /** Records a session that has started writing `filePath`. */
  insertStarted(entry: Pick<RecordingEntry, 'id' | 'name' | 'tags' | 'notes' | 'startedAt' | 'devices' | 'filePath'>): void {
    this.#db()
      .prepare(
        `INSERT INTO recordings (id, name, tags, notes, started_at, devices, file_path, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'recording')`,
      )
      .run(entry.id, entry.name, JSON.stringify(entry.tags), entry.notes, entry.startedAt, JSON.stringify(entry.devices), entry.filePath);
  }

  /** Records how a session ended (closed, repaired or failed) and what its file holds. */
  markEnded(
    id: string,
    end: Pick<RecordingEntry, 'endedAt' | 'frameCount' | 'sizeBytes' | 'filePath' | 'state' | 'stateDetail'> & { readonly devices?: readonly IndexedDevice[] },
  ): void {
    const sets = ['ended_at = ?', 'frame_count = ?', 'size_bytes = ?', 'file_path = ?', 'state = ?', 'state_detail = ?'];
    const values: SQLInputValue[] = [end.endedAt, end.frameCount, end.sizeBytes, end.filePath, end.state, end.stateDetail];
    if (end.devices) {
      sets.push('devices = ?');
      values.push(JSON.stringify(end.devices));
    }
    this.#run(id, sets, values);
  }

  /** Edits what an operator may change after the fact. */
  update(id: string, changes: { readonly name?: string; readonly tags?: readonly string[]; readonly notes?: string; readonly devices?: readonly IndexedDevice[] }): void {
    const sets: string[] = [];
    const values: SQLInputValue[] = [];
    if (changes.devices !== undefined) {
      sets.push('devices = ?');
      values.push(JSON.stringify(changes.devices));
    }
    if (changes.name !== undefined) {
      sets.push('name = ?');
      values.push(changes.name);
    }
    if (changes.tags !== undefined) {
      sets.push('tags = ?');
      values.push(JSON.stringify(changes.tags));
    }
    if (changes.notes !== undefined) {
      sets.push('notes = ?');
      values.push(changes.notes);
    }
    if (sets.length > 0) this.#run(id, sets, values);
  }

  get(id: string): RecordingEntry | undefined {
    const row = this.#db().prepare('SELECT * FROM recordings WHERE id = ?').get(id) as Row | undefined;
    return row && toEntry(row);
  }

  /** Newest first. */
  list(query: RecordingQuery = {}): RecordingEntry[] {
    const where: string[] = [];
    const values: SQLInputValue[] = [];
    if (query.tag !== undefined) {
      where.push('EXISTS (SELECT 1 FROM json_each(recordings.tags) WHERE json_each.value = ?)');
      values.push(query.tag);
    }
    if (query.text !== undefined && query.text !== '') {
      where.push("(name LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\')");
      const pattern = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      values.push(pattern, pattern);
    }
    const sql = `SELECT * FROM recordings ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id LIMIT ?`;
    const rows = this.#db()
      .prepare(sql)
      .all(...values, query.limit ?? 1000) as unknown as Row[];
    return rows.map(toEntry);
  }

  /** Sessions still marked as recording: after a crash, the ones whose files need repair. */
  unfinished(): RecordingEntry[] {
    const rows = this.#db().prepare("SELECT * FROM recordings WHERE state = 'recording' ORDER BY started_at").all() as unknown as Row[];
    return rows.map(toEntry);
  }

  /** Forgets a recording (the caller deletes its file). */
  delete(id: string): void {
    this.#db().prepare('DELETE FROM recordings WHERE id = ?').run(id);
  }

  #run(id: string, sets: readonly string[], values: readonly SQLInputValue[]): void {
    const result = this.#db()
      .prepare(`UPDATE recordings SET ${sets.join(', ')} WHERE id = ?`)
      .run(...values, id);
    if (result.changes === 0) throw new Error(`no recording "${id}" in the session index`);
  }
}

function toEntry(row: Row): RecordingEntry {
  return {
    id: row.id,
    name: row.name,
    tags: tagsSchema.parse(JSON.parse(row.tags)),
    notes: row.notes,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    devices: devicesSchema.parse(JSON.parse(row.devices)),
    frameCount: row.frame_count,
    sizeBytes: row.size_bytes,
    filePath: row.file_path,
    state: row.state,
    stateDetail: row.state_detail,
  };
}
