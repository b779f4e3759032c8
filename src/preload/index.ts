import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { methodNames, type MethodName } from '../shared/ipc/contract';
import { IPC_CHANNELS, methodChannel, type CallOutcome, type ContractBridge } from '../shared/ipc/bridgeTypes';
import type { ContractErrorShape } from '../shared/ipc/contractError';

/**
 * Builds the one global the renderer sees from the contract: a function per method, event and
 * stream subscriptions that return their unsubscribe function. `ipcRenderer` itself never crosses
 * the bridge, so page script cannot send on arbitrary channels.
 */
const methods = Object.fromEntries(
  methodNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(methodChannel(name), input) as Promise<CallOutcome>]),
) as { [K in MethodName]: (input: unknown) => Promise<CallOutcome> };

interface PendingStream {
  readonly onData: (bytes: Uint8Array) => void;
  port?: IpcRendererEvent['ports'][number];
  closed: boolean;
}

const streams = new Map<number, PendingStream>();
let nextStreamId = 1;

ipcRenderer.on(IPC_CHANNELS.streamPort, (event: IpcRendererEvent, message: { id: number }) => {
  const port = event.ports[0];
  const stream = streams.get(message.id);
  if (!port) return;
  if (!stream || stream.closed) {
    port.close();
    return;
  }
  stream.port = port;
  port.onmessage = (e: MessageEvent) => {
    stream.onData(new Uint8Array(e.data as ArrayBuffer));
    // Credit-based flow control: the core sends the next message only after this acknowledgement.
    port.postMessage('ack');
  };
  port.start();
});

const bridge: ContractBridge = {
  host: 'electron',
  methods,
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on(IPC_CHANNELS.event, handler);
    return () => ipcRenderer.removeListener(IPC_CHANNELS.event, handler);
  },
  openStream(stream, params, onData, onError) {
    const id = nextStreamId++;
    const entry: PendingStream = { onData, closed: false };
    streams.set(id, entry);
    void (ipcRenderer.invoke(IPC_CHANNELS.streamOpen, { id, stream, params }) as Promise<CallOutcome>).then((outcome) => {
      if (!outcome.ok) {
        streams.delete(id);
        onError(outcome.error as ContractErrorShape);
      }
    });
    return () => {
      entry.closed = true;
      entry.port?.close();
      streams.delete(id);
      void ipcRenderer.invoke(IPC_CHANNELS.streamClose, { id });
    };
  },
  onConnectionChange(listener) {
    // IPC to the main process cannot drop while the window lives.
    listener('open');
    return () => undefined;
  },
};

contextBridge.exposeInMainWorld('sensorConsole', bridge);
