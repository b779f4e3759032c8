import { EventEmitter } from 'node:events';

/** Maps each event name to its listener's argument list. */
export type EventMap<T> = { [K in keyof T]: unknown[] };

/**
 * A typed event emitter that services keep private: owners expose `on` (which returns the
 * unsubscribe function, as the IPC contract's subscriptions do) and alone can `emit`.
 */
export class EventHub<T extends EventMap<T>> {
  readonly #emitter = new EventEmitter();

  on<K extends keyof T & string>(event: K, listener: (...args: T[K]) => void): () => void {
    const untyped = listener as (...args: unknown[]) => void;
    this.#emitter.on(event, untyped);
    return () => this.#emitter.off(event, untyped);
  }

  emit<K extends keyof T & string>(event: K, ...args: T[K]): void {
    this.#emitter.emit(event, ...args);
  }
}
