import { fork, type ChildProcess } from 'node:child_process';
import type { ChannelExit, IInferenceChannel, InferenceChannelFactory } from './IInferenceChannel';
import type { HostReply, HostRequest } from './inferenceProtocol';

/** How to start the host script. */
export interface ForkChannelOptions {
  /** Extra Node flags for the host process. */
  readonly execArgv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Inference host processes over `child_process.fork` with `serialization: 'advanced'`, so typed
 * arrays in messages are cloned as bytes rather than turned into JSON. `scriptPath` is the built
 * host entry (`inferenceHost.js` beside the main bundle).
 */
export function forkInferenceChannel(scriptPath: string, options: ForkChannelOptions = {}): InferenceChannelFactory {
  return () => new ForkInferenceChannel(scriptPath, options);
}

class ForkInferenceChannel implements IInferenceChannel {
  readonly #child: ChildProcess;
  readonly #exited: Promise<ChannelExit>;
  #alive = true;

  constructor(scriptPath: string, options: ForkChannelOptions) {
    this.#child = fork(scriptPath, [], {
      serialization: 'advanced',
      execArgv: [...(options.execArgv ?? [])],
      env: options.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        this.#alive = false;
        resolve({ code, signal });
      });
    });
    // A send racing the child's death surfaces as 'error'; the exit event reports the death itself.
    this.#child.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  send(request: HostRequest): void {
    if (!this.#alive || !this.#child.connected) return;
    this.#child.send(request, undefined, undefined, () => undefined);
  }

  onMessage(listener: (reply: HostReply) => void): void {
    this.#child.on('message', (message) => listener(message as HostReply));
  }

  onExit(listener: (exit: ChannelExit) => void): void {
    void this.#exited.then(listener);
  }

  kill(): void {
    if (this.#alive) this.#child.kill('SIGKILL');
  }

  async close(graceMs: number): Promise<void> {
    if (!this.#alive) return;
    // Disconnecting is the host's cue to release its session and exit (see serveInferenceHost).
    if (this.#child.connected) this.#child.disconnect();
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}
