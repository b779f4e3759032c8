import { methodNames, type MethodName } from '../../../shared/ipc/contract';
import type { ContractErrorShape } from '../../../shared/ipc/contractError';
import type { CallOutcome, ConnectionState, ContractBridge } from '../../../shared/ipc/bridgeTypes';
import { ServerMessageSchema, parseStreamMessage, type ClientMessage } from '../../../shared/ipc/socketProtocol';

interface Subscription {
  readonly stream: string;
  readonly params: unknown;
  readonly onData: (bytes: Uint8Array) => void;
  readonly onError: (error: ContractErrorShape) => void;
}

export interface SocketBridgeOptions {
  /** ws://127.0.0.1:PORT/ws?token=… */
  readonly url: string;
  readonly minReconnectMs?: number;
  readonly maxReconnectMs?: number;
}

const CONNECTION_LOST: ContractErrorShape = {
  code: 'transport',
  message: 'The connection to the console core was lost; it is reconnecting.',
};

/**
 * The browser host's side of the contract bridge: one WebSocket, JSON for calls and events,
 * binary frames for streams. Reconnects by itself with backoff and re-opens every stream that was
 * open. Calls made before the first connection wait for it; calls in flight when the connection
 * drops, or made while it is down, fail with a `transport` error (never retried, since a call may
 * not be idempotent).
 */
export function createSocketBridge(options: SocketBridgeOptions): ContractBridge & { close(): void } {
  const minDelay = options.minReconnectMs ?? 250;
  const maxDelay = options.maxReconnectMs ?? 5000;
  const pending = new Map<number, (outcome: CallOutcome) => void>();
  const subscriptions = new Map<number, Subscription>();
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let state: ConnectionState = 'connecting';
  let delay = minDelay;
  let closedByUser = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Calls made before the first connection opened; sent on open (a page's first calls race the socket). */
  const beforeFirstOpen: ClientMessage[] = [];

  const setState = (next: ConnectionState): void => {
    if (state === next) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const sendMessage = (message: ClientMessage): boolean => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  };

  const connect = (): void => {
    const ws = new WebSocket(options.url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      delay = minDelay;
      setState('open');
      for (const message of beforeFirstOpen.splice(0)) sendMessage(message);
      for (const [id, sub] of subscriptions) sendMessage({ t: 'subscribe', id, stream: sub.stream, params: sub.params });
    };
    ws.onmessage = (event: MessageEvent) => {
      if (event.data instanceof ArrayBuffer) {
        const { subscriptionId, payload } = parseStreamMessage(new Uint8Array(event.data));
        subscriptions.get(subscriptionId)?.onData(payload);
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = ServerMessageSchema.safeParse(json);
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.t) {
        case 'result': {
          const resolve = pending.get(message.id);
          pending.delete(message.id);
          resolve?.(message.outcome);
          return;
        }
        case 'event':
          for (const listener of eventListeners) listener(message.name, message.payload);
          return;
        case 'stream-error':
          subscriptions.get(message.id)?.onError(message.error);
          subscriptions.delete(message.id);
          return;
        case 'subscribed':
          return;
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      for (const resolve of pending.values()) resolve({ ok: false, error: CONNECTION_LOST });
      pending.clear();
      beforeFirstOpen.length = 0;
      if (closedByUser) {
        setState('closed');
        return;
      }
      setState('reconnecting');
      reconnectTimer = setTimeout(connect, delay);
      delay = Math.min(maxDelay, delay * 2);
    };
  };

  const call = (method: string, input: unknown): Promise<CallOutcome> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      const message: ClientMessage = { t: 'call', id, method, input };
      if (state === 'connecting') {
        beforeFirstOpen.push(message);
        return;
      }
      if (!sendMessage(message)) {
        pending.delete(id);
        resolve({ ok: false, error: { code: 'transport', message: 'Not connected to the console core.' } });
      }
    });

  const methods = Object.fromEntries(methodNames.map((name) => [name, (input: unknown) => call(name, input)])) as {
    [K in MethodName]: (input: unknown) => Promise<CallOutcome>;
  };

  connect();

  return {
    host: 'browser',
    methods,
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    openStream(stream, params, onData, onError) {
      const id = nextId++;
      subscriptions.set(id, { stream, params, onData, onError });
      sendMessage({ t: 'subscribe', id, stream, params });
      return () => {
        subscriptions.delete(id);
        sendMessage({ t: 'unsubscribe', id });
      };
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      socket?.close();
    },
  };
}
