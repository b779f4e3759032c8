import type { z } from 'zod';
import type { layoutMethods } from '../../shared/ipc/domains/layouts';
import type { LayoutStore } from './layoutStore';

type LayoutMethods = typeof layoutMethods;

/**
 * The `layouts.*` part of the dispatch table. Typed from the domain itself (not the aggregated
 * contract), so it compiles before and after the domain is added to the contract.
 */
export type LayoutMethodHandlers = {
  [K in keyof LayoutMethods]: (input: z.output<LayoutMethods[K]['input']>) => Promise<z.output<LayoutMethods[K]['output']>>;
};

export function layoutMethodHandlers(store: LayoutStore): LayoutMethodHandlers {
  return {
    'layouts.get': ({ profileId }) => store.get(profileId),
    'layouts.save': async ({ profileId, layout }) => ({ layout: await store.save(profileId, layout) }),
    'layouts.reset': async ({ profileId }) => ({ layout: await store.reset(profileId) }),
  };
}
