import type { ModelRegistry } from '../registry/modelRegistry';
import type { RunnableVersion } from '../registry/swappableModelRunner';
import type { ModelCatalogue } from './modelCatalogue';

/** Registry versions are named by their content hash; anything else is a catalogue id. */
const VERSION_ID = /^[0-9a-f]{64}$/;

/**
 * The model a caller names: a registry version (by its hash) or a shipped catalogue package
 * (`imu/step-detection`). Throws the registry's or catalogue's clear error when there is none.
 */
export async function resolveModelId(
  modelId: string,
  registry: Pick<ModelRegistry, 'runnable'> | undefined,
  catalogue: Pick<ModelCatalogue, 'open'>,
): Promise<{ version: RunnableVersion; fromRegistry: boolean }> {
  if (registry && VERSION_ID.test(modelId)) return { version: registry.runnable(modelId), fromRegistry: true };
  const pkg = await catalogue.open(modelId);
  return { version: { versionId: modelId, dir: pkg.dir, manifest: pkg.manifest }, fromRegistry: false };
}
