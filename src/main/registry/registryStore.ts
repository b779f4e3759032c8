import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { DeviceFamily } from '../../shared/domain/deviceProfile';
import type { ModelManifest } from '../../shared/domain/modelManifest';
import {
  historyEntrySchema,
  historyQuerySchema,
  type GateResult,
  type HistoryAction,
  type HistoryEntry,
  type HistoryQuery,
  type ImportReport,
  type ModelAlias,
  type ModelVersion,
} from '../../shared/domain/registry';

/** A stored version with its manifest (the contract's `ModelVersion` leaves the manifest out). */
export interface StoredVersion extends ModelVersion {
  readonly manifest: ModelManifest;
}

/** A history row before it is written: time and id come from the store. */
export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'time' | 'versionLabel' | 'metrics' | 'detail' | 'family'> & {
  readonly family: DeviceFamily | null;
  readonly metrics?: Record<string, number | null>;
  readonly detail?: Record<string, unknown>;
};

interface VersionRow {
  id: string;
  family: string;
  name: string;
  version: string;
  description: string;
  imported_at: string;
  imported_by: string;
  total_bytes: number;
  pinned: number;
  tags: string;
  notes: string;
  manifest: string;
  import_report: string;
  gate: string | null;
}

interface AliasRow {
  family: string;
  alias: string;
  scope: string;
  version_id: string;
  updated_at: string;
  updated_by: string;
}

interface HistoryRow {
  id: number;
  time: string;
  actor: string;
  action: string;
  family: string | null;
  version_id: string | null;
  version_label: string | null;
  previous_version_id: string | null;
  alias: string | null;
  profile_id: string | null;
  device_id: string | null;
  reason: string;
  metrics: string;
  detail: string;
}

/**
 * SQL for the registry's three tables (registryMigration.ts). Every change that belongs with a
 * history row is written in the same transaction as that row, so the history never disagrees
 * with the state and a kill at any instant leaves one or the other whole.
 */
export class RegistryStore {
  readonly #db: () => DatabaseSync;
  readonly #now: () => Date;

  constructor(db: () => DatabaseSync, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  now(): string {
    return this.#now().toISOString();
  }

  /** Runs `fn` in one write transaction (rolled back if it throws). */
  transaction<T>(fn: () => T): T {
    const db = this.#db();
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  insertVersion(v: Omit<StoredVersion, 'aliases' | 'gate' | 'pinned' | 'tags' | 'notes'>): void {
    this.#db()
      .prepare(
        `INSERT INTO model_versions (id, family, name, version, description, imported_at, imported_by, total_bytes, manifest, import_report)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(v.id, v.family, v.name, v.version, v.description, v.importedAt, v.importedBy, v.totalBytes, JSON.stringify(v.manifest), JSON.stringify(v.importReport));
  }

  version(id: string): StoredVersion | undefined {
    const row = this.#db().prepare('SELECT * FROM model_versions WHERE id = ?').get(id) as VersionRow | undefined;
    return row ? this.#toVersion(row, this.aliases()) : undefined;
  }

  versionByName(name: string, version: string): StoredVersion | undefined {
    const row = this.#db().prepare('SELECT * FROM model_versions WHERE name = ? AND version = ?').get(name, version) as VersionRow | undefined;
    return row ? this.#toVersion(row, this.aliases()) : undefined;
  }

  /** Newest import first. */
  versions(family?: DeviceFamily): StoredVersion[] {
    const rows = (
      family
        ? this.#db().prepare('SELECT * FROM model_versions WHERE family = ? ORDER BY imported_at DESC, rowid DESC').all(family)
        : this.#db().prepare('SELECT * FROM model_versions ORDER BY imported_at DESC, rowid DESC').all()
    ) as unknown as VersionRow[];
    const aliases = this.aliases();
    return rows.map((row) => this.#toVersion(row, aliases));
  }

  versionIds(): Set<string> {
    return new Set((this.#db().prepare('SELECT id FROM model_versions').all() as { id: string }[]).map((r) => r.id));
  }

  updateVersion(id: string, change: { pinned?: boolean; tags?: readonly string[]; notes?: string; gate?: GateResult }): void {
    const columns: [string, SQLInputValue | undefined][] = [
      ['pinned', change.pinned === undefined ? undefined : change.pinned ? 1 : 0],
      ['tags', change.tags && JSON.stringify(change.tags)],
      ['notes', change.notes],
      ['gate', change.gate && JSON.stringify(change.gate)],
    ];
    const set = columns.filter((c): c is [string, SQLInputValue] => c[1] !== undefined);
    if (set.length === 0) return;
    this.#db()
      .prepare(`UPDATE model_versions SET ${set.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`)
      .run(...set.map(([, value]) => value), id);
  }

  deleteVersion(id: string): void {
    this.#db().prepare('DELETE FROM model_versions WHERE id = ?').run(id);
  }

  aliases(family?: DeviceFamily): ModelAlias[] {
    const rows = (
      family
        ? this.#db().prepare('SELECT * FROM model_aliases WHERE family = ? ORDER BY alias, scope').all(family)
        : this.#db().prepare('SELECT * FROM model_aliases ORDER BY family, alias, scope').all()
    ) as unknown as AliasRow[];
    return rows.map(toAlias);
  }

  alias(family: DeviceFamily, alias: string, profileId: string | null): ModelAlias | undefined {
    const row = this.#db()
      .prepare('SELECT * FROM model_aliases WHERE family = ? AND alias = ? AND scope = ?')
      .get(family, alias, profileId ?? '') as AliasRow | undefined;
    return row ? toAlias(row) : undefined;
  }

  setAlias(family: DeviceFamily, alias: string, profileId: string | null, versionId: string, actor: string): void {
    this.#db()
      .prepare(
        `INSERT INTO model_aliases (family, alias, scope, version_id, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (family, alias, scope) DO UPDATE SET version_id = excluded.version_id, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(family, alias, profileId ?? '', versionId, this.now(), actor);
  }

  removeAlias(family: DeviceFamily, alias: string, profileId: string | null): void {
    this.#db().prepare('DELETE FROM model_aliases WHERE family = ? AND alias = ? AND scope = ?').run(family, alias, profileId ?? '');
  }

  appendHistory(entry: NewHistoryEntry): HistoryEntry {
    const label = entry.versionId ? this.#label(entry.versionId) : null;
    const time = this.now();
    const result = this.#db()
      .prepare(
        `INSERT INTO model_deployments (time, actor, action, family, version_id, version_label, previous_version_id, alias, profile_id, device_id, reason, metrics, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        time,
        entry.actor,
        entry.action,
        entry.family,
        entry.versionId,
        label,
        entry.previousVersionId,
        entry.alias,
        entry.profileId,
        entry.deviceId,
        entry.reason,
        JSON.stringify(entry.metrics ?? {}),
        JSON.stringify(entry.detail ?? {}),
      );
    return { ...entry, id: Number(result.lastInsertRowid), time, versionLabel: label, metrics: entry.metrics ?? {}, detail: entry.detail ?? {} };
  }

  /** Oldest first within the query's limit of the newest matching rows. */
  history(query: HistoryQuery): HistoryEntry[] {
    const q = historyQuerySchema.parse(query);
    const where: string[] = [];
    const values: SQLInputValue[] = [];
    const add = (sql: string, value: SQLInputValue | undefined): void => {
      if (value === undefined) return;
      where.push(sql);
      values.push(value);
    };
    add('family = ?', q.family);
    add('(version_id = ? OR previous_version_id = ?)', q.versionId);
    if (q.versionId) values.push(q.versionId);
    add('device_id = ?', q.deviceId);
    add('profile_id = ?', q.profileId);
    add('time >= ?', q.from);
    add('time <= ?', q.to);
    if (q.actions && q.actions.length > 0) {
      where.push(`action IN (${q.actions.map(() => '?').join(', ')})`);
      values.push(...q.actions);
    }
    const sql = `SELECT * FROM (SELECT * FROM model_deployments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?) ORDER BY id`;
    const rows = this.#db()
      .prepare(sql)
      .all(...values, q.limit) as unknown as HistoryRow[];
    return rows.map(toHistory);
  }

  /** Alias history of one alias, newest first: every row that pointed it somewhere. */
  aliasHistory(family: DeviceFamily, alias: string, profileId: string | null): HistoryEntry[] {
    const rows = this.#db()
      .prepare(
        `SELECT * FROM model_deployments WHERE family = ? AND alias = ? AND profile_id IS ? AND action IN ('activate', 'rollback', 'auto-rollback', 'alias-set')
         ORDER BY id DESC`,
      )
      .all(family, alias, profileId) as unknown as HistoryRow[];
    return rows.map(toHistory);
  }

  /** The latest live-deployment row for a device at or before `time`. */
  liveAt(deviceId: string, time: string): HistoryEntry | undefined {
    const row = this.#db()
      .prepare(
        `SELECT * FROM model_deployments WHERE device_id = ? AND time <= ? AND action IN ('live-start', 'live-swap', 'live-stop')
         ORDER BY id DESC LIMIT 1`,
      )
      .get(deviceId, time) as HistoryRow | undefined;
    return row ? toHistory(row) : undefined;
  }

  #label(versionId: string): string | null {
    const row = this.#db().prepare('SELECT name, version FROM model_versions WHERE id = ?').get(versionId) as { name: string; version: string } | undefined;
    return row ? `${row.name}@${row.version}` : null;
  }

  #toVersion(row: VersionRow, aliases: readonly ModelAlias[]): StoredVersion {
    return {
      id: row.id,
      family: row.family as DeviceFamily,
      name: row.name,
      version: row.version,
      description: row.description,
      importedAt: row.imported_at,
      importedBy: row.imported_by,
      totalBytes: row.total_bytes,
      pinned: row.pinned === 1,
      tags: JSON.parse(row.tags) as string[],
      notes: row.notes,
      importReport: JSON.parse(row.import_report) as ImportReport,
      gate: row.gate ? (JSON.parse(row.gate) as GateResult) : null,
      aliases: aliases.filter((a) => a.versionId === row.id),
      manifest: JSON.parse(row.manifest) as ModelManifest,
    };
  }
}

function toAlias(row: AliasRow): ModelAlias {
  return {
    family: row.family as DeviceFamily,
    alias: row.alias,
    profileId: row.scope === '' ? null : row.scope,
    versionId: row.version_id,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toHistory(row: HistoryRow): HistoryEntry {
  return historyEntrySchema.parse({
    id: row.id,
    time: row.time,
    actor: row.actor,
    action: row.action as HistoryAction,
    family: row.family,
    versionId: row.version_id,
    versionLabel: row.version_label,
    previousVersionId: row.previous_version_id,
    alias: row.alias,
    profileId: row.profile_id,
    deviceId: row.device_id,
    reason: row.reason,
    metrics: JSON.parse(row.metrics) as unknown,
    detail: JSON.parse(row.detail) as unknown,
  });
}
