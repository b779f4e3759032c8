import { describe, expect, it } from 'vitest';
import { openConsoleDatabase, tempDatabasePaths } from '../storage/testing/tempDatabases';
import { RuntimeThreadsSetting } from './runtimeThreads';

const databasePath = tempDatabasePaths('sc-threads-');

describe('RuntimeThreadsSetting', () => {
  it('starts at 1, keeps what it is given across restarts, and refuses counts the machine cannot run', () => {
    const path = databasePath();
    const first = openConsoleDatabase(path);
    const setting = new RuntimeThreadsSetting(() => first, 4);
    expect(setting.threads).toBe(1);
    expect(setting.set(3)).toBe(3);
    for (const bad of [0, 5, 1.5, Number.NaN]) {
      expect(() => setting.set(bad)).toThrow("Model runtime threads must be a whole number from 1 to 4 (this machine's cores).");
    }
    expect(setting.threads).toBe(3);
    first.close();

    const second = openConsoleDatabase(path);
    expect(new RuntimeThreadsSetting(() => second, 4).threads).toBe(3);
    // The same database on a 2-core machine: never more threads than cores.
    expect(new RuntimeThreadsSetting(() => second, 2).threads).toBe(2);
    second.close();
  });
});
