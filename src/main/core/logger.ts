import type { EventLevel, SystemEvent } from '../../shared/ipc/domains/app';
import type { RotatingLogFile } from './rotatingLogFile';

const LEVEL_ORDER: Record<EventLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface LoggerOptions {
  readonly file: RotatingLogFile;
  /** Lines at or above this level also become notifications for the renderer. */
  readonly notifyLevel: EventLevel;
  readonly recentCapacity: number;
  readonly onNotify: (event: SystemEvent) => void;
  readonly now?: () => Date;
}

/**
 * Structured logging for the core: one JSON object per line in a rotated file in the data dir,
 * and the same lines (from `notifyLevel` up) as `system.events` notifications.
 */
export class Logger {
  readonly #options: LoggerOptions;
  readonly #recent: SystemEvent[] = [];
  #nextId = 1;

  constructor(options: LoggerOptions) {
    this.#options = options;
  }

  debug(source: string, message: string, fields?: Record<string, unknown>): void {
    this.log('debug', source, message, fields);
  }
  info(source: string, message: string, fields?: Record<string, unknown>): void {
    this.log('info', source, message, fields);
  }
  warn(source: string, message: string, fields?: Record<string, unknown>): void {
    this.log('warn', source, message, fields);
  }
  error(source: string, message: string, fields?: Record<string, unknown>): void {
    this.log('error', source, message, fields);
  }

  log(level: EventLevel, source: string, message: string, fields?: Record<string, unknown>): void {
    const time = (this.#options.now?.() ?? new Date()).toISOString();
    try {
      this.#options.file.append(JSON.stringify({ time, level, source, message, ...fields }));
    } catch {
      // A full disk must not take the console down with it; the notification below still goes out.
    }
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.#options.notifyLevel]) return;
    const event: SystemEvent = { id: this.#nextId++, time, level, source, message };
    this.#recent.push(event);
    if (this.#recent.length > this.#options.recentCapacity) this.#recent.shift();
    this.#options.onNotify(event);
  }

  /** The last `limit` notifications, oldest first. */
  recent(limit: number): SystemEvent[] {
    return this.#recent.slice(-limit);
  }
}
