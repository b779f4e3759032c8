import { fileURLToPath } from 'node:url';
import { forkInferenceChannel } from '../inference/forkInferenceChannel';
import type { InferenceChannelFactory } from '../inference/IInferenceChannel';

/**
 * Where the browser host and CLI find the model catalogue and the model runtime's entry when run
 * from the build (`out/main/cli.js`): the repository's `models/` and `out/main/inferenceHost.js`.
 */
export function nodeRuntimePaths(): { modelsDir: string; createInferenceChannel: InferenceChannelFactory } {
  return {
    modelsDir: process.env['SENSOR_CONSOLE_MODELS_DIR'] ?? fileURLToPath(new URL('../../models', import.meta.url)),
    createInferenceChannel: forkInferenceChannel(fileURLToPath(new URL('./inferenceHost.js', import.meta.url))),
  };
}
