import type { HostReply, HostRequest } from './inferenceProtocol';

/** The inference host's end of its channel to the core. */
export interface IHostPort {
  onMessage(listener: (request: HostRequest) => void): void;
  post(reply: HostReply): void;
  /** The core went away; the host should release its session and exit. */
  onClose(listener: () => void): void;
}

/** The part of Electron's `process.parentPort` (utilityProcess) the host uses; typed here so no `electron` import is needed. */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/**
 * The port of the process this runs in: Electron's `parentPort` inside a `utilityProcess`, else
 * Node's IPC channel of `child_process.fork` (which must use `serialization: 'advanced'` so typed
 * arrays arrive as typed arrays).
 */
export function openHostPort(): IHostPort {
  const parentPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as HostRequest)),
      post: (reply) => parentPort.postMessage(reply),
      // A utilityProcess is killed by its parent (or dies with it); there is no disconnect to observe.
      onClose: () => undefined,
    };
  }
  if (!process.send) throw new Error('The inference host must be started by the core (child_process.fork or utilityProcess)');
  return {
    onMessage: (listener) => process.on('message', (message) => listener(message as HostRequest)),
    post: (reply) => {
      // The core may already be gone; its exit handling covers whatever this reply would have said.
      process.send?.(reply, undefined, undefined, () => undefined);
    },
    onClose: (listener) => process.once('disconnect', listener),
  };
}
