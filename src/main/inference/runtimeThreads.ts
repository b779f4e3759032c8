import { availableParallelism } from 'node:os';
import type { DatabaseSync } from 'node:sqlite';
import { ContractError } from '../../shared/ipc/contractError';
import { readSetting, writeSetting } from '../storage/settingsTable';

const SETTING_KEY = 'inference.runtimeThreads';

/**
 * How many ONNX Runtime intra-op threads each model runtime uses. One suits small sensor models on
 * a shared 2-core bench laptop (a second thread would compete with serial readers and the UI for a
 * few microseconds per call); a workstation running a heavy model live can give it more. Set on
 * the Settings page, kept in the database, and applied to every model loaded afterwards.
 */
export class RuntimeThreadsSetting {
  readonly #database: () => DatabaseSync;
  /** The machine's cores: more threads than cores only adds switching. */
  readonly max: number;
  #threads: number | undefined;

  constructor(database: () => DatabaseSync, max: number = availableParallelism()) {
    this.#database = database;
    this.max = Math.max(1, Math.floor(max));
  }

  /** The stored count, at most this machine's cores (a database moved from a bigger machine), else 1. */
  get threads(): number {
    this.#threads ??= Math.min(this.max, Number(readSetting(this.#database(), SETTING_KEY) ?? 1) || 1);
    return this.#threads;
  }

  /** Changes the count for models loaded from now on; refuses anything but a whole number from 1 to the machine's cores. */
  set(threads: number): number {
    if (!Number.isInteger(threads) || threads < 1 || threads > this.max) {
      throw new ContractError({ code: 'invalid-input', message: `Model runtime threads must be a whole number from 1 to ${this.max} (this machine's cores).` });
    }
    writeSetting(this.#database(), SETTING_KEY, String(threads));
    this.#threads = threads;
    return threads;
  }
}
