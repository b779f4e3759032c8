import type { inferenceMethods } from '../../shared/ipc/domains/inference';
import type { RuntimeThreadsSetting } from '../inference/runtimeThreads';
import type { MethodHandlersFor } from '../ipc/dispatcher';
import type { InferenceService } from './inferenceService';
import type { ModelCatalogue } from './modelCatalogue';

/** The `models.*`, `inference.*` and `actuator.*` part of the dispatch table. */
export function inferenceMethodHandlers(
  inference: InferenceService,
  catalogue: ModelCatalogue,
  threads: RuntimeThreadsSetting,
): MethodHandlersFor<keyof typeof inferenceMethods> {
  return {
    'models.list': () => catalogue.list(),
    'inference.start': ({ deviceId, modelId }) => inference.startModel(deviceId, modelId),
    'inference.stop': async ({ deviceId }) => {
      await inference.stopModel(deviceId);
      return {};
    },
    'inference.status': () => inference.status(),
    'inference.runtimeThreads': () => ({ threads: threads.threads, max: threads.max }),
    'inference.setRuntimeThreads': (input) => ({ threads: threads.set(input.threads), max: threads.max }),
    'actuator.arm': ({ deviceId }) => {
      inference.arm(deviceId);
      return {};
    },
    'actuator.disarm': ({ deviceId }) => {
      inference.disarm(deviceId);
      return {};
    },
    'actuator.estop': () => ({ stopped: inference.estopAll() }),
  };
}
