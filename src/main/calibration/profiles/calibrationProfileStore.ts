import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { type CalibrationVersion, CalibrationVersionSchema } from '../../../shared/domain/calibration';

/** A version before the store numbers it. */
export type NewCalibrationVersion = Omit<CalibrationVersion, 'id' | 'version'>;

/** One device identity and profile the store knows, with its active version. */
export interface CalibratedDevice {
  readonly deviceKey: string;
  readonly profileId: string;
  readonly active: CalibrationVersion | null;
}

/** What an import did, per version. */
export interface ImportOutcome {
  readonly imported: number;
  /** Versions already stored with identical content. */
  readonly skipped: number;
}

/** A store operation refused for a reason the operator can act on. */
export class CalibrationStoreError extends Error {
  override readonly name = 'CalibrationStoreError';
}

/**
 * Calibration profiles in SQLite: every accepted calibration is a new immutable version
 * (numbered per device identity and profile); the active version is a pointer, so rolling back
 * is re-pointing, never rewriting. Every change is also written to the audit log.
 */
export class CalibrationProfileStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Stores a new version (the next number for its device and profile) and, if asked, makes it active. */
  append(input: NewCalibrationVersion, activate: boolean): CalibrationVersion {
    return this.#transaction(() => {
      const row = this.#db
        .prepare('SELECT MAX(version) AS v FROM calibration_versions WHERE device_key = ? AND profile_id = ?')
        .get(input.deviceKey, input.profileId) as { v: number | null };
      const version: CalibrationVersion = CalibrationVersionSchema.parse({ ...input, id: randomUUID(), version: (row.v ?? 0) + 1 });
      this.#insert(version);
      this.#audit(version.operator, 'calibration.accept', version, { version: version.version, procedure: version.procedureId, outcome: version.fit.outcome });
      if (activate) this.#point(version, version.operator, version.createdAt);
      return version;
    });
  }

  get(id: string): CalibrationVersion | null {
    const row = this.#db.prepare('SELECT body FROM calibration_versions WHERE id = ?').get(id) as { body: string } | undefined;
    return row ? parseBody(row.body) : null;
  }

  active(deviceKey: string, profileId: string): CalibrationVersion | null {
    const row = this.#db
      .prepare(
        `SELECT v.body FROM calibration_active a JOIN calibration_versions v ON v.id = a.version_id
         WHERE a.device_key = ? AND a.profile_id = ?`,
      )
      .get(deviceKey, profileId) as { body: string } | undefined;
    return row ? parseBody(row.body) : null;
  }

  /** Every version of a device and profile, oldest first. */
  history(deviceKey: string, profileId: string): CalibrationVersion[] {
    const rows = this.#db
      .prepare('SELECT body FROM calibration_versions WHERE device_key = ? AND profile_id = ? ORDER BY version')
      .all(deviceKey, profileId) as { body: string }[];
    return rows.map((r) => parseBody(r.body));
  }

  /** Every device identity and profile with at least one version. */
  devices(): CalibratedDevice[] {
    const rows = this.#db
      .prepare('SELECT DISTINCT device_key, profile_id FROM calibration_versions ORDER BY device_key, profile_id')
      .all() as { device_key: string; profile_id: string }[];
    return rows.map((r) => ({ deviceKey: r.device_key, profileId: r.profile_id, active: this.active(r.device_key, r.profile_id) }));
  }

  /** Makes an earlier (or any) version of the same device and profile the active one. */
  activate(versionId: string, actor: string, nowIso: string): CalibrationVersion {
    return this.#transaction(() => {
      const version = this.get(versionId);
      if (version === null) throw new CalibrationStoreError(`No calibration version "${versionId}".`);
      this.#point(version, actor, nowIso);
      this.#audit(actor, 'calibration.activate', version, { version: version.version });
      return version;
    });
  }

  /**
   * Adds versions from an export. Identical versions already stored are skipped; a version whose
   * number is taken by different content is refused whole (no partial import).
   */
  importVersions(versions: readonly CalibrationVersion[], activeVersionId: string | null, actor: string, nowIso: string): ImportOutcome {
    return this.#transaction(() => {
      let imported = 0;
      let skipped = 0;
      for (const v of versions) {
        const same = this.get(v.id);
        if (same !== null) {
          if (JSON.stringify(same) !== JSON.stringify(v)) {
            throw new CalibrationStoreError(`Version ${v.version} (${v.id}) is already stored with different content; the file was altered.`);
          }
          skipped++;
          continue;
        }
        const clash = this.#db
          .prepare('SELECT id FROM calibration_versions WHERE device_key = ? AND profile_id = ? AND version = ?')
          .get(v.deviceKey, v.profileId, v.version) as { id: string } | undefined;
        if (clash) {
          throw new CalibrationStoreError(
            `${v.deviceKey} (${v.profileId}) already has a different version ${v.version} here; histories of two consoles cannot be merged. Nothing was imported.`,
          );
        }
        this.#insert(v);
        this.#audit(actor, 'calibration.import', v, { version: v.version });
        imported++;
      }
      if (activeVersionId !== null) {
        const active = versions.find((v) => v.id === activeVersionId);
        if (active) this.#point(active, actor, nowIso);
      }
      return { imported, skipped };
    });
  }

  #insert(v: CalibrationVersion): void {
    this.#db
      .prepare(
        `INSERT INTO calibration_versions (id, device_key, profile_id, version, created_at, expires_at, operator, procedure_id, outcome, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(v.id, v.deviceKey, v.profileId, v.version, v.createdAt, v.expiresAt, v.operator, v.procedureId, v.fit.outcome, JSON.stringify(v));
  }

  #point(v: CalibrationVersion, actor: string, nowIso: string): void {
    this.#db
      .prepare(
        `INSERT INTO calibration_active (device_key, profile_id, version_id, activated_at, activated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (device_key, profile_id) DO UPDATE SET version_id = excluded.version_id, activated_at = excluded.activated_at, activated_by = excluded.activated_by`,
      )
      .run(v.deviceKey, v.profileId, v.id, nowIso, actor);
  }

  #audit(actor: string, action: string, v: CalibrationVersion, detail: Record<string, unknown>): void {
    this.#db
      .prepare('INSERT INTO audit_log (time, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)')
      .run(new Date().toISOString(), actor, action, `${v.deviceKey} ${v.profileId}`, JSON.stringify({ id: v.id, ...detail }));
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }
}

function parseBody(body: string): CalibrationVersion {
  return CalibrationVersionSchema.parse(JSON.parse(body));
}
