import { z } from 'zod';
import { ContractErrorShapeSchema } from './contractError';

/**
 * Messages of the browser host's WebSocket transport. Text frames carry these JSON messages;
 * binary frames carry stream data as `u32 LE subscription id` followed by the stream codec's bytes.
 */
export const ClientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), method: z.string(), input: z.unknown() }),
  z.object({ t: z.literal('subscribe'), id: z.number().int().nonnegative(), stream: z.string(), params: z.unknown() }),
  z.object({ t: z.literal('unsubscribe'), id: z.number().int().nonnegative() }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** A method call's outcome: errors travel as values, typed, over every transport. */
export const CallOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), output: z.unknown() }),
  z.object({ ok: z.literal(false), error: ContractErrorShapeSchema }),
]);

export const ServerMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: z.number(), outcome: CallOutcomeSchema }),
  z.object({ t: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('subscribed'), id: z.number() }),
  z.object({ t: z.literal('stream-error'), id: z.number(), error: ContractErrorShapeSchema }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** Largest text message the host accepts from a client; contract inputs are small JSON. */
export const MAX_CLIENT_MESSAGE_BYTES = 1 << 20;

export const STREAM_ID_BYTES = 4;

export function frameStreamMessage(subscriptionId: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(STREAM_ID_BYTES + payload.byteLength);
  new DataView(out.buffer).setUint32(0, subscriptionId, true);
  out.set(payload, STREAM_ID_BYTES);
  return out;
}

export function parseStreamMessage(message: Uint8Array): { subscriptionId: number; payload: Uint8Array } {
  if (message.byteLength < STREAM_ID_BYTES) throw new Error(`stream message too short: ${message.byteLength} bytes`);
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  return { subscriptionId: view.getUint32(0, true), payload: message.subarray(STREAM_ID_BYTES) };
}
