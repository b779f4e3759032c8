import type { z } from 'zod';
import type { DatabaseSync } from 'node:sqlite';
import { hilRunRecordSchema, type HilOutcome, type HilRunRecord } from '../../shared/domain/hilRecord';
import type { HilRunSummarySchema } from '../../shared/ipc/domains/hil';

/** What history can be filtered on; every field narrows, none means all. */
export interface HilHistoryFilter {
  /** Serial number, identity string or source (`serial:/dev/ttyUSB0 …`) of the device. */
  readonly device?: string;
  readonly suite?: string;
  readonly outcome?: HilOutcome;
  /** ISO times; runs that started in [from, to). */
  readonly from?: string;
  readonly to?: string;
  /** Runs made with this calibration version in force. */
  readonly calibrationVersion?: string;
  readonly limit?: number;
}

/** One line of history, as the contract carries it. */
export type HilRunSummary = z.infer<typeof HilRunSummarySchema>;

/** One value of a measurement across runs, for trends. */
export interface HilMeasurementPoint {
  readonly runId: string;
  readonly startedAt: string;
  readonly value: number | null;
  readonly outcome: string;
}

interface RunRow {
  id: string;
  suite_name: string;
  suite_version: string;
  device_source: string;
  device_serial: string | null;
  station: string;
  operator: string;
  outcome: string;
  message: string | null;
  started_at: string;
  ended_at: string;
  rerun_of: string | null;
  model_version: string | null;
  calibration_version: string | null;
}

const DEFAULT_LIMIT = 200;

/** Stores HIL run records (tables from `hilRunsMigration`) and answers history queries. */
export class HilRunStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Saves a record and its measurements in one transaction (a record is written once). */
  save(record: HilRunRecord): void {
    const run = this.#db.prepare(`INSERT INTO hil_runs (id, suite_name, suite_version, family, device_source, device_identity, device_serial,
      profile_id, station, operator, app_version, model_version, calibration_version, outcome, message, rerun_of, started_at, ended_at, record)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const measurement = this.#db.prepare(`INSERT INTO hil_measurements (run_id, step_index, step_name, name, value, text_value, unit, limit_text, outcome)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      run.run(
        record.id,
        record.suite.name,
        record.suite.version,
        record.suite.family,
        record.device.source,
        record.device.identity,
        record.device.serialNumber,
        record.device.profileId,
        record.station,
        record.operator,
        record.appVersion,
        record.modelVersion,
        record.calibrationProfileVersion,
        record.outcome,
        record.message,
        record.rerunOf,
        record.startedAt,
        record.endedAt,
        JSON.stringify(record),
      );
      record.steps.forEach((step, i) => {
        for (const m of step.measurements) {
          measurement.run(record.id, i, step.name, m.name, typeof m.value === 'number' ? m.value : null, typeof m.value === 'string' ? m.value : null, m.unit, m.limit, m.outcome);
        }
      });
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /** The full record of a run, or undefined. */
  get(id: string): HilRunRecord | undefined {
    const row = this.#db.prepare('SELECT record FROM hil_runs WHERE id = ?').get(id) as { record: string } | undefined;
    return row === undefined ? undefined : hilRunRecordSchema.parse(JSON.parse(row.record));
  }

  /** Runs matching the filter, newest first. */
  history(filter: HilHistoryFilter = {}): HilRunSummary[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.device !== undefined) {
      where.push('(device_serial = ? OR device_identity = ? OR device_source = ?)');
      params.push(filter.device, filter.device, filter.device);
    }
    if (filter.suite !== undefined) {
      where.push('suite_name = ?');
      params.push(filter.suite);
    }
    if (filter.outcome !== undefined) {
      where.push('outcome = ?');
      params.push(filter.outcome);
    }
    if (filter.from !== undefined) {
      where.push('started_at >= ?');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('started_at < ?');
      params.push(filter.to);
    }
    if (filter.calibrationVersion !== undefined) {
      where.push('calibration_version = ?');
      params.push(filter.calibrationVersion);
    }
    params.push(filter.limit ?? DEFAULT_LIMIT);
    const rows = this.#db
      .prepare(
        `SELECT id, suite_name, suite_version, device_source, device_serial, station, operator, outcome, message, started_at, ended_at, rerun_of, model_version, calibration_version
         FROM hil_runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id LIMIT ?`,
      )
      .all(...params) as unknown as RunRow[];
    return rows.map((r) => ({
      id: r.id,
      suite: r.suite_name,
      suiteVersion: r.suite_version,
      device: r.device_source,
      serialNumber: r.device_serial,
      station: r.station,
      operator: r.operator,
      outcome: r.outcome as HilOutcome,
      message: r.message,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      rerunOf: r.rerun_of,
      modelVersion: r.model_version,
      calibrationVersion: r.calibration_version,
    }));
  }

  /** One measurement of one step across runs of a suite, oldest first (drift over time). */
  trend(suite: string, step: string, measurement: string, device?: string): HilMeasurementPoint[] {
    const rows = this.#db
      .prepare(
        `SELECT r.id AS run_id, r.started_at, m.value, m.outcome FROM hil_measurements m JOIN hil_runs r ON r.id = m.run_id
         WHERE r.suite_name = ? AND m.step_name = ? AND m.name = ? AND (? IS NULL OR r.device_serial = ?)
         ORDER BY r.started_at`,
      )
      .all(suite, step, measurement, device ?? null, device ?? null) as unknown as { run_id: string; started_at: string; value: number | null; outcome: string }[];
    return rows.map((r) => ({ runId: r.run_id, startedAt: r.started_at, value: r.value, outcome: r.outcome }));
  }
}
