import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingLogFileOptions {
  readonly dir: string;
  readonly baseName: string;
  readonly maxBytes: number;
  /** How many rotated files to keep beside the live one. */
  readonly keep: number;
}

/**
 * An append-only log file that rotates by size: `console.log` → `console.1.log` → … → dropped.
 * Appends synchronously so that the last line before a crash is on disk.
 */
export class RotatingLogFile {
  readonly #options: RotatingLogFileOptions;
  #size: number;

  constructor(options: RotatingLogFileOptions) {
    this.#options = options;
    mkdirSync(options.dir, { recursive: true });
    this.#size = existsSync(this.path) ? statSync(this.path).size : 0;
  }

  get path(): string {
    return this.#fileAt(0);
  }

  append(line: string): void {
    const bytes = Buffer.byteLength(line) + 1;
    if (this.#size > 0 && this.#size + bytes > this.#options.maxBytes) this.#rotate();
    appendFileSync(this.path, line + '\n');
    this.#size += bytes;
  }

  #fileAt(index: number): string {
    return join(this.#options.dir, index === 0 ? `${this.#options.baseName}.log` : `${this.#options.baseName}.${index}.log`);
  }

  #rotate(): void {
    const oldest = this.#fileAt(this.#options.keep);
    if (existsSync(oldest)) rmSync(oldest);
    for (let i = this.#options.keep - 1; i >= 0; i--) {
      const from = this.#fileAt(i);
      if (existsSync(from)) renameSync(from, this.#fileAt(i + 1));
    }
    this.#size = 0;
  }
}
