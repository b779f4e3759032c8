import type { z } from 'zod';
import type { validationMethods } from '../../shared/ipc/domains/validation';
import type { DriftWatch } from './drift/driftWatch';
import type { ValidationService } from './validationService';

type Methods = typeof validationMethods;

/** The `validation.*` part of the dispatch table (typed against this domain until the contract aggregates it). */
export type ValidationMethodHandlers = {
  [K in keyof Methods]: (input: z.output<Methods[K]['input']>) => z.output<Methods[K]['output']> | Promise<z.output<Methods[K]['output']>>;
};

/** Handlers for every validation method, delegating to the service. */
export function validationMethodHandlers(validation: ValidationService, drift: DriftWatch): ValidationMethodHandlers {
  return {
    'validation.start': (request) => validation.begin(request),
    'validation.cancel': ({ runId }) => validation.cancel(runId),
    'validation.list': ({ limit }) => validation.list(limit),
    'validation.latest': () => validation.latest(),
    'validation.report': ({ runId, format }) => validation.report(runId, format),
    'validation.drift': async (request) => {
      const run = await validation.drift(request);
      return { runId: run.id, drifted: run.drifted, driftedChannels: run.channels.filter((c) => c.drifted).map((c) => c.channel), inconclusive: run.inconclusive };
    },
    'drift.watch': ({ deviceId, baselineFrames, windowFrames }) => drift.watch(deviceId, baselineFrames, windowFrames),
    'drift.unwatch': ({ deviceId }) => {
      drift.unwatch(deviceId);
      return {};
    },
    'drift.status': () => drift.status(),
  };
}
