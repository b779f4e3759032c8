import { ACTIVE_ALIAS, type ModelVersion } from '../../../../shared/domain/registry';
import type { ModelSummary } from '../../../../shared/ipc/domains/inference';

/** One entry of a device's model picker. */
export interface ModelChoice {
  readonly id: string;
  readonly label: string;
  /** Why it cannot run, or null. */
  readonly problem: string | null;
  /** The registry version active on the device's profile (swaps and rollbacks follow it live). */
  readonly active: boolean;
}

/**
 * What a device can run: registry versions of its family first — the one active on its profile at
 * the top, since only registry versions follow activations, rollbacks and shadows — then the
 * shipped catalogue packages.
 */
export function modelChoices(family: string, profileId: string, versions: readonly ModelVersion[], catalogue: readonly ModelSummary[]): ModelChoice[] {
  const isActive = (v: ModelVersion): boolean => v.aliases.some((a) => a.alias === ACTIVE_ALIAS && a.profileId === profileId);
  const registry = versions
    .filter((v) => v.family === family)
    .map((v) => ({ id: v.id, label: `${v.name} ${v.version} · registry ${v.id.slice(0, 10)}${isActive(v) ? ' (active)' : ''}`, problem: null, active: isActive(v) }))
    .sort((a, b) => Number(b.active) - Number(a.active));
  const shipped = catalogue
    .filter((m) => m.family === family)
    .map((m) => ({ id: m.id, label: `${m.name} ${m.version} · catalogue`, problem: m.problem, active: false }));
  return [...registry, ...shipped];
}
