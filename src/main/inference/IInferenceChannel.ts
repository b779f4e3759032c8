import type { HostReply, HostRequest } from './inferenceProtocol';

/** How an inference host process ended. */
export interface ChannelExit {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * The core's end of one inference host process. Implemented over `child_process.fork`
 * (`forkInferenceChannel`) for the browser host and CLI, and over Electron's `utilityProcess` in
 * the desktop shell. Messages are structured-cloned, so typed arrays cross as raw bytes.
 */
export interface IInferenceChannel {
  /** OS process id, for diagnostics (and tests that kill the host). */
  readonly pid: number | undefined;
  /** Sends one request; a request sent after the process died is dropped (the exit listener reports the death). */
  send(request: HostRequest): void;
  onMessage(listener: (reply: HostReply) => void): void;
  /** Called once, when the process has ended for whatever reason. */
  onExit(listener: (exit: ChannelExit) => void): void;
  /** Ends the process now (SIGKILL): used for hung hosts, where a polite request would never be read. */
  kill(): void;
  /** Asks the process to release its session and exit; kills it if it has not exited within `graceMs`. Resolves once it has ended. */
  close(graceMs: number): Promise<void>;
}

/** Starts a new inference host process; the client calls it for the first start and every restart. */
export type InferenceChannelFactory = () => IInferenceChannel;
