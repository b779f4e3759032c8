import type { z } from 'zod';
import type { ContractErrorShape } from './contractError';
import type { MethodName } from './contract';
import { CHANNEL_PREFIX } from './contractTypes';
import type { CallOutcomeSchema } from './socketProtocol';

/** What a method call returns across a process boundary: errors travel as values, typed. */
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * The transport-level API the renderer's client is built on. The Electron preload exposes one as
 * `window.sensorConsole`; the browser host's WebSocket client implements the same shape.
 * Everything is untyped here on purpose: the typed client in the renderer validates against the
 * contract, so neither side trusts the other's types at runtime.
 */
export interface ContractBridge {
  readonly host: 'electron' | 'browser';
  /** One function per contract method (the preload builds them from the contract). */
  readonly methods: { readonly [K in MethodName]: (input: unknown) => Promise<CallOutcome> };
  /** Subscribes to every contract event; returns the unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** Opens a stream; data arrives as the stream codec's bytes. Returns the close function. */
  openStream(
    stream: string,
    params: unknown,
    onData: (bytes: Uint8Array) => void,
    onError: (error: ContractErrorShape) => void,
  ): () => void;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** Electron IPC channel names used by the preload and the main-process binding. */
export const IPC_CHANNELS = {
  streamOpen: `${CHANNEL_PREFIX}stream.open`,
  streamClose: `${CHANNEL_PREFIX}stream.close`,
  streamPort: `${CHANNEL_PREFIX}stream.port`,
  event: `${CHANNEL_PREFIX}event`,
} as const;

/** The IPC channel of a contract method. */
export function methodChannel(method: MethodName): string {
  return `${CHANNEL_PREFIX}method.${method}`;
}
