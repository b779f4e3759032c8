import type { z } from 'zod';
import type { registryMethods } from '../../shared/ipc/domains/registry';
import type { IDeploymentTarget } from './liveDeployments';
import type { ModelRegistry } from './modelRegistry';

type RegistryMethods = typeof registryMethods;

/**
 * Handlers typed from the registry domain itself, so this file compiles before the domain is
 * merged into the contract; once it is, the result is exactly `MethodHandlersFor<keyof typeof registryMethods>`.
 */
export type RegistryMethodHandlers = {
  [K in keyof RegistryMethods]: (input: z.output<RegistryMethods[K]['input']>) => Promise<z.output<RegistryMethods[K]['output']>> | z.output<RegistryMethods[K]['output']>;
};

/** The `registry.*` part of the dispatch table; `operator` names who is at the console. */
export function registryMethodHandlers(
  registry: ModelRegistry,
  live: IDeploymentTarget,
  operator: () => string,
): RegistryMethodHandlers {
  const who = (reason: string): { actor: string; reason: string } => ({ actor: operator(), reason });
  return {
    'registry.import': ({ path }) => registry.import(path, operator()),
    'registry.uploadBegin': (declaration) => registry.beginUpload(declaration),
    'registry.uploadChunk': ({ uploadId, file, offset, data }) => registry.uploadChunk(uploadId, file, offset, Buffer.from(data, 'base64')),
    'registry.uploadFinish': ({ uploadId }) => registry.finishUpload(uploadId, operator()),
    'registry.uploadAbort': async ({ uploadId }) => {
      await registry.abortUpload(uploadId);
      return {};
    },
    'registry.lastImport': () => registry.lastImport(),
    'registry.versions': ({ family }) => registry.versions(family),
    'registry.aliases': ({ family }) => registry.aliases(family),
    'registry.validate': ({ versionId }) => registry.runGate(versionId, operator()),
    'registry.activate': ({ profileId, versionId, reason, override }) => registry.activate({ profileId, versionId, override }, who(reason)),
    'registry.setAlias': ({ alias, versionId, reason }) => registry.setAlias({ alias, versionId }, who(reason)),
    'registry.removeAlias': async ({ family, alias, profileId, reason }) => {
      await registry.removeAlias({ family, alias, profileId }, who(reason));
      return {};
    },
    'registry.rollback': ({ family, alias, profileId, toVersionId, reason }) => registry.rollback({ family, alias, profileId, toVersionId }, who(reason)),
    'registry.pin': ({ versionId, pinned, reason }) => registry.setPinned(versionId, pinned, who(reason)),
    'registry.tags': ({ versionId, tags, reason }) => registry.setTags(versionId, tags, who(reason)),
    'registry.notes': ({ versionId, notes, reason }) => registry.setNotes(versionId, notes, who(reason)),
    'registry.delete': async ({ versionId, reason }) => {
      await registry.delete(versionId, who(reason));
      return {};
    },
    'registry.diff': ({ a, b }) => registry.diff(a, b),
    'registry.history': (query) => registry.history(query),
    'registry.exportHistory': ({ query, format }) => ({
      text: registry.exportHistory(query, format),
      fileName: `model-deployments-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`,
    }),
    'registry.liveAt': ({ deviceId, time }) => registry.liveAt(deviceId, time),
    'registry.shadowStart': async ({ deviceId, versionId, reason }) => {
      await registry.startShadow(deviceId, versionId, who(reason));
      return {};
    },
    'registry.shadowStop': async ({ deviceId, reason }) => {
      await registry.stopShadow(deviceId, who(reason));
      return {};
    },
    'registry.shadowStatus': ({ deviceId }) => live.shadowStatus(deviceId),
    'registry.policy': () => registry.autoRollbackPolicy(),
    'registry.setPolicy': ({ policy, reason }) => registry.setAutoRollbackPolicy(policy, who(reason)),
  };
}
