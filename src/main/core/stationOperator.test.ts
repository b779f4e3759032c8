import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database';
import { migrations } from '../storage/migrations';
import { StationOperator } from './stationOperator';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function database() {
  const dir = mkdtempSync(join(tmpdir(), 'sc-operator-'));
  dirs.push(dir);
  return join(dir, 'console.db');
}

describe('StationOperator', () => {
  it('starts as the system user, keeps the name it is given across restarts, and refuses an empty one', () => {
    const path = database();
    const first = openDatabase(path, migrations).db;
    const operator = new StationOperator(() => first, 'labuser');
    expect(operator.name).toBe('labuser');
    expect(operator.set('  Ana Tech ')).toBe('Ana Tech');
    expect(() => operator.set('   ')).toThrow('The operator name must be 1 to 128 characters.');
    expect(operator.name).toBe('Ana Tech');
    first.close();

    const second = openDatabase(path, migrations).db;
    expect(new StationOperator(() => second, 'labuser').name).toBe('Ana Tech');
    second.close();
  });
});
