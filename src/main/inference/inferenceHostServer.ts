import { ContractError } from '../../shared/ipc/contractError';
import type { IHostPort } from './hostPort';
import type { HostReply, HostRequest } from './inferenceProtocol';
import { InferenceHostRuntime } from './inferenceHostRuntime';

/**
 * Serves requests from the core on `port`, one at a time and in arrival order (a run never
 * overlaps a load, and replies come back in request order). Every failure becomes an `error`
 * reply; nothing a request does may end the process except a native crash.
 */
export function serveInferenceHost(port: IHostPort, runtime: InferenceHostRuntime = new InferenceHostRuntime()): void {
  let queue = Promise.resolve();
  port.onMessage((request) => {
    queue = queue.then(async () => port.post(await answer(runtime, request)));
  });
  port.onClose(() => {
    void queue.then(() => runtime.release()).finally(() => process.exit(0));
  });
}

async function answer(runtime: InferenceHostRuntime, request: HostRequest): Promise<HostReply> {
  try {
    switch (request.type) {
      case 'load':
        return { type: 'loaded', id: request.id, model: await runtime.load(request.packageDir, request.options) };
      case 'run':
        return { type: 'result', id: request.id, ...(await runtime.run(request.feeds)) };
      default: {
        const unknown: never = request;
        throw new Error(`unknown request ${JSON.stringify(unknown)}`);
      }
    }
  } catch (error) {
    const shape = error instanceof ContractError ? error.toShape() : { code: 'failed' as const, message: error instanceof Error ? error.message : String(error) };
    return { type: 'error', id: request.id, error: shape };
  }
}
