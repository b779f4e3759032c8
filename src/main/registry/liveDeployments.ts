import type { AutoRollbackPolicy, ShadowStatus } from '../../shared/domain/registry';
import { ContractError } from '../../shared/ipc/contractError';
import { AutoRollbackMonitor, type RollbackTrigger } from './autoRollbackMonitor';
import type { RunnableVersion, SwappableModelRunner } from './swappableModelRunner';

/** Where the registry's decisions take effect: the runners serving live devices. */
export interface IDeploymentTarget {
  /** Hot-swaps every live device of the profile to `version`; rejects (every device back on what it ran) if any swap fails. */
  deploy(profileId: string, version: RunnableVersion): Promise<string[]>;
  startShadow(deviceId: string, version: RunnableVersion): Promise<void>;
  stopShadow(deviceId: string): Promise<ShadowStatus | undefined>;
  shadowStatus(deviceId?: string): ShadowStatus[];
  /** Versions serving or shadowing on some device: never deleted. */
  inUse(): ReadonlySet<string>;
}

export interface LiveDeploymentsOptions {
  readonly policy: () => AutoRollbackPolicy;
  /** The serving version of a device crash-looped, failed too often or ran too slow. */
  readonly onTrigger: (device: { deviceId: string; profileId: string }, trigger: RollbackTrigger) => void;
  /** A device started, switched or stopped serving a version (for "which model was live on X at T"). */
  readonly onLive: (event: { deviceId: string; profileId: string; versionId: string | null; previousVersionId: string | null; action: 'live-start' | 'live-swap' | 'live-stop' }) => void;
}

interface Attached {
  readonly profileId: string;
  readonly runner: SwappableModelRunner;
  readonly monitor: AutoRollbackMonitor;
  readonly off: () => void;
}

/**
 * The live side of the registry: every device's `SwappableModelRunner`, by device id, each
 * watched by an `AutoRollbackMonitor`. The inference service attaches a runner when it starts a
 * model on a device and detaches it when it stops.
 */
export class LiveDeployments implements IDeploymentTarget {
  readonly #options: LiveDeploymentsOptions;
  readonly #devices = new Map<string, Attached>();

  constructor(options: LiveDeploymentsOptions) {
    this.#options = options;
  }

  /** Starts watching a runner that already serves a version; returns the detach function. */
  attach(deviceId: string, profileId: string, runner: SwappableModelRunner): () => void {
    this.#devices.get(deviceId)?.off();
    const monitor = new AutoRollbackMonitor({ runner, policy: this.#options.policy, onTrigger: (trigger) => this.#options.onTrigger({ deviceId, profileId }, trigger) });
    const offSwap = runner.on('swapped', ({ from, to }) => this.#options.onLive({ deviceId, profileId, versionId: to, previousVersionId: from, action: 'live-swap' }));
    const attached: Attached = {
      profileId,
      runner,
      monitor,
      off: () => {
        monitor.dispose();
        offSwap();
        if (this.#devices.get(deviceId) === attached) this.#devices.delete(deviceId);
        this.#options.onLive({ deviceId, profileId, versionId: null, previousVersionId: runner.serving?.versionId ?? null, action: 'live-stop' });
      },
    };
    this.#devices.set(deviceId, attached);
    this.#options.onLive({ deviceId, profileId, versionId: runner.serving?.versionId ?? null, previousVersionId: null, action: 'live-start' });
    return attached.off;
  }

  async deploy(profileId: string, version: RunnableVersion): Promise<string[]> {
    const targets = [...this.#devices.entries()].filter(([, a]) => a.profileId === profileId && a.runner.serving?.manifest.family === version.manifest.family);
    const before = new Map(targets.map(([id, a]) => [id, a.runner.serving]));
    const results = await Promise.allSettled(targets.map(([, a]) => a.runner.swap(version)));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ deviceId: targets[i][0], error: r.reason as unknown }] : []));
    if (failed.length === 0) return targets.map(([id]) => id);
    // All or nothing: devices that did switch go back, so the profile stays on one version.
    await Promise.allSettled(
      targets.map(([id, a], i) => {
        const previous = before.get(id);
        return results[i].status === 'fulfilled' && previous ? a.runner.swap(previous) : Promise.resolve();
      }),
    );
    const first = failed[0];
    throw new ContractError({
      code: 'failed',
      message: `Activation failed on ${first.deviceId}: ${first.error instanceof Error ? first.error.message : String(first.error)}`,
    });
  }

  async startShadow(deviceId: string, version: RunnableVersion): Promise<void> {
    await this.#device(deviceId).runner.startShadow(version);
  }

  async stopShadow(deviceId: string): Promise<ShadowStatus | undefined> {
    const runner = this.#device(deviceId).runner;
    const status = runner.shadowStatus(deviceId);
    await runner.stopShadow();
    return status;
  }

  shadowStatus(deviceId?: string): ShadowStatus[] {
    return [...this.#devices.entries()]
      .filter(([id]) => deviceId === undefined || id === deviceId)
      .flatMap(([id, a]) => {
        const status = a.runner.shadowStatus(id);
        return status ? [status] : [];
      });
  }

  inUse(): ReadonlySet<string> {
    const ids = new Set<string>();
    for (const a of this.#devices.values()) {
      const serving = a.runner.serving?.versionId;
      if (serving) ids.add(serving);
      const shadow = a.runner.shadowStatus('')?.shadowVersionId;
      if (shadow) ids.add(shadow);
    }
    return ids;
  }

  #device(deviceId: string): Attached {
    const attached = this.#devices.get(deviceId);
    if (!attached) throw new ContractError({ code: 'invalid-input', message: `No registry model is running on ${deviceId}; start one first.` });
    return attached;
  }
}
