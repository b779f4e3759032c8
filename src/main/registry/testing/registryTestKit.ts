import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { findShippedProfile } from '../../devices/profiles/shippedProfiles';
import { forkInferenceChannel } from '../../inference/forkInferenceChannel';
import { InferenceHostClient } from '../../inference/inferenceHostClient';
import { openDatabase } from '../../storage/database';
import { migrations } from '../../storage/migrations';
import { GOLDEN_VALIDATORS } from '../golden/familyValidators';
import { catalogueGoldenDirs } from '../golden/validationGate';
import { ModelRegistry, type ModelRegistryOptions } from '../modelRegistry';

/** The repository's model catalogue (demo packages with golden data). */
export const MODELS_DIR = fileURLToPath(new URL('../../../../models/', import.meta.url));

/** The console's migrations (the registry's included). */
export const REGISTRY_TEST_MIGRATIONS = migrations;

/** A model runtime client tuned for tests: short load timeout, quick restarts. */
export function testRuntime(hostScript: string, label: string, loadTimeoutMs = 5_000): InferenceHostClient {
  return new InferenceHostClient({ createChannel: forkInferenceChannel(hostScript), name: label, loadTimeoutMs, restartDelayMs: { initial: 30, max: 100 }, closeGraceMs: 500 });
}

/** A registry over a real database file and a real data directory; `close` closes the database. */
export function openTestRegistry(
  dataDir: string,
  hostScript: string,
  overrides: Partial<ModelRegistryOptions> = {},
): { registry: ModelRegistry; db: DatabaseSync; close: () => void } {
  const { db } = openDatabase(join(dataDir, 'console.db'), REGISTRY_TEST_MIGRATIONS);
  const registry = new ModelRegistry({
    database: () => db,
    dataDir,
    createRuntime: (label) => testRuntime(hostScript, label),
    validators: GOLDEN_VALIDATORS,
    goldenDirOf: catalogueGoldenDirs(MODELS_DIR),
    profileFamily: (id) => findShippedProfile(id)?.family,
    latencyRuns: 10,
    ...overrides,
  });
  return { registry, db, close: () => db.close() };
}
