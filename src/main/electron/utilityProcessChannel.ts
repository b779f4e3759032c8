import { utilityProcess, type UtilityProcess } from 'electron';
import type { ChannelExit, IInferenceChannel, InferenceChannelFactory } from '../inference/IInferenceChannel';
import type { HostReply, HostRequest } from '../inference/inferenceProtocol';

/**
 * The desktop shell's model runtime process: Electron's utilityProcess (a Node process that works
 * with the `runAsNode` fuse disabled, unlike child_process.fork of the Electron binary). Messages
 * are structured-cloned like fork's advanced serialisation, so typed arrays cross as bytes.
 */
class UtilityProcessChannel implements IInferenceChannel {
  readonly #child: UtilityProcess;
  readonly #exited: Promise<ChannelExit>;
  #alive = true;

  constructor(scriptPath: string) {
    this.#child = utilityProcess.fork(scriptPath, [], { serviceName: 'Sensor Console model runtime', stdio: 'inherit' });
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code) => {
        this.#alive = false;
        resolve({ code, signal: null });
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  send(request: HostRequest): void {
    if (this.#alive) this.#child.postMessage(request);
  }

  onMessage(listener: (reply: HostReply) => void): void {
    this.#child.on('message', (message: unknown) => listener(message as HostReply));
  }

  onExit(listener: (exit: ChannelExit) => void): void {
    void this.#exited.then(listener);
  }

  kill(): void {
    if (this.#alive) this.#child.kill();
  }

  async close(graceMs: number): Promise<void> {
    if (!this.#alive) return;
    // A utilityProcess has no disconnect to observe (see hostPort.ts): ask it to end, then insist.
    this.#child.kill();
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.#exited;
    clearTimeout(timer);
  }
}

export function utilityProcessInferenceChannel(scriptPath: string): InferenceChannelFactory {
  return () => new UtilityProcessChannel(scriptPath);
}
