import type { SerialConnectionState, SerialConnectionStats, SerialOpenResult, SerialStateChange } from '../serial/serialConnection';

/** Events of a byte link: the same as a SerialConnection's. */
export interface ByteLinkEvents {
  state: [SerialStateChange];
  data: [Uint8Array, number];
  warning: [string];
}

/**
 * A bidirectional byte pipe to a device with connection states: a real serial port
 * (SerialConnection satisfies this as is) or a simulator running inside the console. Device
 * sources depend on this, so the demo devices exercise the same decode path as real hardware.
 */
export interface IByteLink {
  readonly path: string;
  readonly state: SerialConnectionState;
  readonly isWritable: boolean;
  open(): Promise<SerialOpenResult>;
  close(): Promise<void>;
  /** Resolves when written; rejects at once when the link is not open (never queues across a drop). */
  write(data: Uint8Array): Promise<void>;
  on<K extends keyof ByteLinkEvents & string>(event: K, listener: (...args: ByteLinkEvents[K]) => void): () => void;
  stats(): SerialConnectionStats;
}
