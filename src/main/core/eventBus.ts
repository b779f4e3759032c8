import { contract, type EventName, type EventPayload } from '../../shared/ipc/contract';

export type AnyEventListener = (name: EventName, payload: unknown) => void;

/**
 * Core → renderer notifications. Payloads are checked against the contract on emit, so a bug in
 * a service shows up here rather than as a confusing failure in a renderer.
 */
export class EventBus {
  readonly #listeners = new Set<AnyEventListener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const checked = contract.events[name].payload.parse(payload);
    for (const listener of this.#listeners) {
      try {
        listener(name, checked);
      } catch {
        // One broken transport must not stop delivery to the others; transports log their own faults.
      }
    }
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  onAny(listener: AnyEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
