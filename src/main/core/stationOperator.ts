import { userInfo } from 'node:os';
import type { DatabaseSync } from 'node:sqlite';
import { ContractError } from '../../shared/ipc/contractError';
import { readSetting, writeSetting } from '../storage/settingsTable';

const SETTING_KEY = 'station.operator';
const MAX_LENGTH = 128;

/**
 * Who is at the station: the name every audit entry, registry change, actuator action and test run
 * records. Set on the Settings page and kept in the database; until then the system's user name.
 */
export class StationOperator {
  readonly #database: () => DatabaseSync;
  readonly #fallback: string;
  #name: string | undefined;

  constructor(database: () => DatabaseSync, fallback: string) {
    this.#database = database;
    this.#fallback = fallback.trim() || 'operator';
  }

  get name(): string {
    this.#name ??= readSetting(this.#database(), SETTING_KEY) ?? this.#fallback;
    return this.#name;
  }

  /** Changes the name (trimmed); refuses an empty or over-long one with the reason. */
  set(name: string): string {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > MAX_LENGTH) {
      throw new ContractError({ code: 'invalid-input', message: `The operator name must be 1 to ${MAX_LENGTH} characters.` });
    }
    writeSetting(this.#database(), SETTING_KEY, trimmed);
    this.#name = trimmed;
    return trimmed;
  }
}

/** The logged-in user's name, the default operator ('operator' where the system has none to give). */
export function systemUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}
