import type { z } from 'zod';

/** Every channel of the contract shares this prefix, so bindings can reject anything else outright. */
export const CHANNEL_PREFIX = 'sc:';

/** A request → response call from the renderer into the core. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'method';
  readonly description: string;
  readonly input: I;
  readonly output: O;
}

/** A core → renderer notification, JSON-encoded. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly description: string;
  readonly payload: P;
}

/**
 * How a stream's high-rate payload crosses a process boundary: as bytes, never as JSON.
 * `merge` coalesces payloads that queued up while the receiver was slow, so a slow
 * renderer gets fewer, larger messages instead of a growing queue.
 */
export interface BinaryCodec<D> {
  encode(data: D): Uint8Array;
  /** Throws a descriptive Error on malformed bytes; callers treat that as a transport fault. */
  decode(bytes: Uint8Array): D;
  merge(items: readonly D[]): D;
  /** Size used to bound queues (e.g. frames); not bytes. */
  size(data: D): number;
}

/** A subscription to high-rate binary data, opened with validated parameters. */
export interface StreamSpec<P extends z.ZodType = z.ZodType, D = unknown> {
  readonly kind: 'stream';
  readonly description: string;
  readonly params: P;
  readonly codec: BinaryCodec<D>;
}

export function defineMethod<I extends z.ZodType, O extends z.ZodType>(
  description: string,
  input: I,
  output: O,
): MethodSpec<I, O> {
  return { kind: 'method', description, input, output };
}

export function defineEvent<P extends z.ZodType>(description: string, payload: P): EventSpec<P> {
  return { kind: 'event', description, payload };
}

export function defineStream<P extends z.ZodType, D>(
  description: string,
  params: P,
  codec: BinaryCodec<D>,
): StreamSpec<P, D> {
  return { kind: 'stream', description, params, codec };
}
