import { methodNames, streamNames } from '../../shared/ipc/contract';
import type { MethodHandlers, StreamHandlers } from './dispatcher';

/**
 * Full handler tables for dispatcher and binding tests: the given handlers, and every other
 * method or stream failing loudly if a test reaches it by mistake.
 */
export function methodTable(given: Partial<MethodHandlers>): MethodHandlers {
  const fallback = Object.fromEntries(
    methodNames.map((name) => [
      name,
      () => {
        throw new Error(`test reached ${name}, which it did not set up`);
      },
    ]),
  );
  return { ...fallback, ...given } as MethodHandlers;
}

export function streamTable(given: Partial<StreamHandlers>): StreamHandlers {
  const fallback = Object.fromEntries(
    streamNames.map((name) => [
      name,
      () => {
        throw new Error(`test opened ${name}, which it did not set up`);
      },
    ]),
  );
  return { ...fallback, ...given } as StreamHandlers;
}
