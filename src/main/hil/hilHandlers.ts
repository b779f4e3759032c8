import type { hilMethods } from '../../shared/ipc/domains/hil';
import type { MethodHandlersFor } from '../ipc/dispatcher';
import type { HilService } from './hilService';

/** The `hil.*` part of the dispatch table. */
export function hilMethodHandlers(hil: HilService): MethodHandlersFor<keyof typeof hilMethods> {
  return {
    'hil.suites': () => hil.suites(),
    'hil.run': async (request) => {
      await hil.run(request);
      return { started: true };
    },
    'hil.current': () => hil.current(),
    'hil.abort': () => {
      hil.abort();
      return {};
    },
    'hil.answer': ({ promptId, value }) => {
      hil.answer(promptId, value);
      return {};
    },
    'hil.history': ({ limit }) => hil.history({ limit }).map((r) => ({ ...r })),
    'hil.record': ({ runId }) => hil.record(runId),
  };
}
