import { describe, expect, it } from 'vitest';
import { openConsoleDatabase, tempDatabasePaths } from '../storage/testing/tempDatabases';
import { StationOperator } from './stationOperator';

const database = tempDatabasePaths('sc-operator-');

describe('StationOperator', () => {
  it('starts as the system user, keeps the name it is given across restarts, and refuses an empty one', () => {
    const path = database();
    const first = openConsoleDatabase(path);
    const operator = new StationOperator(() => first, 'labuser');
    expect(operator.name).toBe('labuser');
    expect(operator.set('  Ana Tech ')).toBe('Ana Tech');
    expect(() => operator.set('   ')).toThrow('The operator name must be 1 to 128 characters.');
    expect(operator.name).toBe('Ana Tech');
    first.close();

    const second = openConsoleDatabase(path);
    expect(new StationOperator(() => second, 'labuser').name).toBe('Ana Tech');
    second.close();
  });
});
