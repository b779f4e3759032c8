import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from './auditLog';
import { openDatabase } from './database';
import { migrations } from './migrations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-audit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('AuditLog', () => {
  it('appends entries that survive reopening the database, newest first', () => {
    const path = join(dir, 'console.db');
    const first = openDatabase(path, migrations).db;
    let t = 0;
    const log = new AuditLog(() => first, () => new Date(Date.UTC(2026, 0, 1, 0, 0, t++)));
    log.append({ actor: 'ana', action: 'actuator.arm', subject: 'sim-1', detail: { model: 'aug@1.0.0' } });
    log.append({ actor: 'ana', action: 'actuator.estop', subject: 'sim-1' });
    first.close();
    const reopened = openDatabase(path, migrations).db;
    const entries = new AuditLog(() => reopened).recent(10);
    expect(entries).toEqual([
      { time: '2026-01-01T00:00:01.000Z', actor: 'ana', action: 'actuator.estop', subject: 'sim-1', detail: {} },
      { time: '2026-01-01T00:00:00.000Z', actor: 'ana', action: 'actuator.arm', subject: 'sim-1', detail: { model: 'aug@1.0.0' } },
    ]);
    reopened.close();
  });
});
