import type { DatabaseSync } from 'node:sqlite';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly detail?: Record<string, unknown>;
}

/**
 * The append-only record of safety-relevant actions (arming an actuator, e-stops, model swaps,
 * gate overrides): who, when, what, why. Rows are never updated or deleted.
 */
export class AuditLog {
  readonly #db: () => DatabaseSync;
  readonly #now: () => Date;

  /** `db` is looked up per write so the log works across a storage restart. */
  constructor(db: () => DatabaseSync, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  append(entry: AuditEntry): void {
    this.#db()
      .prepare('INSERT INTO audit_log (time, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)')
      .run(this.#now().toISOString(), entry.actor, entry.action, entry.subject, JSON.stringify(entry.detail ?? {}));
  }

  /** Newest first. */
  recent(limit: number): { time: string; actor: string; action: string; subject: string; detail: Record<string, unknown> }[] {
    const rows = this.#db()
      .prepare('SELECT time, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?')
      .all(limit) as { time: string; actor: string; action: string; subject: string; detail: string }[];
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}
