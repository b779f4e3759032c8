import type { DeviceMessage } from '../devices/codecs/IFrameDecoder';
import { encodeTextResponse } from '../devices/codecs/textCommandDialect';
import { hexToBytes } from '../devices/sources/deviceCommands';
import type { IDeviceSource } from '../devices/sources/IDeviceSource';
import { hostNowMs } from '../devices/serial/serialConnection';

const textDecoder = new TextDecoder();

/** A response in its text spelling (`OK`, `PONG`, `ID …`, `ERR …`), whichever dialect carried it. */
export function responseText(message: DeviceMessage): string | undefined {
  if (message.kind !== 'response') return undefined;
  return textDecoder.decode(encodeTextResponse(message.response)).trim();
}

/** A reply and how long it took. */
export interface Reply {
  readonly text: string;
  readonly latencyMs: number;
  readonly message: DeviceMessage;
}

/** What to send: a line as typed (the device's dialect) or raw bytes. */
export type Outgoing = { readonly text: string } | { readonly hex: string };

/**
 * Sends a command and waits for the first response `accept` takes, or until `timeoutMs`.
 * Listens before sending so a fast reply is not missed, and always stops listening.
 * Resolves null on timeout; rejects when `signal` aborts.
 */
export async function sendAndAwaitReply(
  source: IDeviceSource,
  outgoing: Outgoing,
  accept: (message: DeviceMessage) => boolean,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Reply | null> {
  signal.throwIfAborted();
  let off: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const sentAt = hostNowMs();
    const reply = new Promise<Reply | null>((resolve, reject) => {
      off = source.onMessage((message) => {
        if (message.kind === 'response' && accept(message)) {
          resolve({ text: responseText(message) ?? '', latencyMs: Math.max(0, message.hostTimeMs - sentAt), message });
        }
      });
      timer = setTimeout(() => resolve(null), timeoutMs);
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    await ('text' in outgoing ? source.sendTyped(outgoing.text) : source.sendBytes(hexToBytes(outgoing.hex)));
    return await reply;
  } finally {
    off?.();
    if (timer) clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** The health counters a step compares before and after. */
export interface StreamCounters {
  readonly framesTotal: number;
  readonly droppedFrames: number;
  readonly crcErrors: number;
  readonly parseErrors: number;
  readonly discardedBytes: number;
  readonly reconnects: number;
}

export function streamCounters(source: IDeviceSource): StreamCounters {
  const h = source.info().health;
  return {
    framesTotal: h.framesTotal,
    droppedFrames: h.droppedFrames,
    crcErrors: h.crcErrors,
    parseErrors: h.parseErrors,
    discardedBytes: h.discardedBytes,
    reconnects: h.reconnects,
  };
}

/** How much each counter grew from `before` to `after`. */
export function counterDelta(before: StreamCounters, after: StreamCounters): StreamCounters {
  return {
    framesTotal: after.framesTotal - before.framesTotal,
    droppedFrames: after.droppedFrames - before.droppedFrames,
    crcErrors: after.crcErrors - before.crcErrors,
    parseErrors: after.parseErrors - before.parseErrors,
    discardedBytes: after.discardedBytes - before.discardedBytes,
    reconnects: after.reconnects - before.reconnects,
  };
}

/** Sum of the counters that grow when bytes go bad on the wire. */
export function wireErrors(c: StreamCounters): number {
  return c.droppedFrames + c.crcErrors + c.parseErrors + c.discardedBytes;
}
