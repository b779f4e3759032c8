import { methodNames } from '../../shared/ipc/contract';
import { IPC_CHANNELS, methodChannel, type CallOutcome } from '../../shared/ipc/bridgeTypes';
import type { ContractErrorShape } from '../../shared/ipc/contractError';
import type { EventBus } from '../core/eventBus';
import type { Dispatcher } from '../ipc/dispatcher';
import type { SenderFrame } from '../ipc/senderPolicy';

/** The slice of an IPC invoke event the binding uses (structurally Electron's IpcMainInvokeEvent). */
export interface InvokeEventLike {
  readonly senderFrame: SenderFrame | null;
  readonly sender: {
    readonly id: number;
    postMessage(channel: string, message: unknown, transfer?: unknown[]): void;
    once(event: 'destroyed', listener: () => void): void;
  };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown> | unknown): void;
  removeHandler(channel: string): void;
}

export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: () => void): void;
  start(): void;
  close(): void;
}

export interface IpcBindingDeps {
  readonly ipcMain: IpcMainLike;
  readonly dispatcher: Dispatcher;
  readonly events: EventBus;
  readonly isTrustedSender: (frame: SenderFrame | null) => boolean;
  /** Electron's `new MessageChannelMain()`. */
  readonly createChannel: () => { port1: PortLike; port2: unknown };
  /** Every renderer that should receive events. */
  readonly broadcast: (channel: string, ...args: unknown[]) => void;
  readonly onRefused: (channel: string, reason: string) => void;
}

const FORBIDDEN: ContractErrorShape = { code: 'forbidden', message: 'IPC from an untrusted frame was refused.' };
/** Messages in flight towards a renderer before the stream waits for its acknowledgements. */
const STREAM_CREDITS = 2;

/**
 * Binds the contract to Electron IPC: one handler per method (sender checked, input validated by
 * the dispatcher), streams over MessageChannelMain ports with credit-based flow control, and every
 * core event broadcast to the windows. Returns the function that removes every handler.
 */
export function bindContractToIpc(deps: IpcBindingDeps): () => void {
  const channels: string[] = [];
  // Keyed by renderer and the renderer's own stream id: ids are only unique within one window.
  const streams = new Map<string, () => void>();

  const guard = (channel: string, event: InvokeEventLike): boolean => {
    if (deps.isTrustedSender(event.senderFrame)) return true;
    deps.onRefused(channel, `untrusted sender ${event.senderFrame?.url ?? '(no frame)'}`);
    return false;
  };

  for (const method of methodNames) {
    const channel = methodChannel(method);
    channels.push(channel);
    deps.ipcMain.handle(channel, async (event, input): Promise<CallOutcome> => {
      if (!guard(channel, event)) return { ok: false, error: FORBIDDEN };
      return deps.dispatcher.call(method, input);
    });
  }

  channels.push(IPC_CHANNELS.streamOpen);
  deps.ipcMain.handle(IPC_CHANNELS.streamOpen, (event, request): CallOutcome => {
    if (!guard(IPC_CHANNELS.streamOpen, event)) return { ok: false, error: FORBIDDEN };
    const { id, stream, params } = (request ?? {}) as { id?: unknown; stream?: unknown; params?: unknown };
    if (typeof id !== 'number' || typeof stream !== 'string') {
      return { ok: false, error: { code: 'invalid-input', message: 'stream.open needs a numeric id and a stream name.' } };
    }
    const { port1, port2 } = deps.createChannel();
    let credits = STREAM_CREDITS;
    port1.on('message', () => {
      credits = Math.min(STREAM_CREDITS, credits + 1);
    });
    port1.start();
    const opened = deps.dispatcher.openStream(stream, params, {
      canSend: () => credits > 0,
      send: (bytes) => {
        credits -= 1;
        port1.postMessage(bytes);
      },
    });
    if (!opened.ok) {
      port1.close();
      return { ok: false, error: opened.error };
    }
    const key = `${event.sender.id}:${id}`;
    const close = (): void => {
      opened.close();
      port1.close();
      streams.delete(key);
    };
    streams.get(key)?.();
    streams.set(key, close);
    event.sender.once('destroyed', close);
    event.sender.postMessage(IPC_CHANNELS.streamPort, { id }, [port2]);
    return { ok: true, output: null };
  });

  channels.push(IPC_CHANNELS.streamClose);
  deps.ipcMain.handle(IPC_CHANNELS.streamClose, (event, request): CallOutcome => {
    if (!guard(IPC_CHANNELS.streamClose, event)) return { ok: false, error: FORBIDDEN };
    const id = (request as { id?: unknown } | undefined)?.id;
    if (typeof id === 'number') streams.get(`${event.sender.id}:${id}`)?.();
    return { ok: true, output: null };
  });

  const unsubscribeEvents = deps.events.onAny((name, payload) => deps.broadcast(IPC_CHANNELS.event, name, payload));

  return () => {
    unsubscribeEvents();
    for (const close of [...streams.values()]) close();
    for (const channel of channels) deps.ipcMain.removeHandler(channel);
  };
}
