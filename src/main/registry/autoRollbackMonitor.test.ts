import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_ROLLBACK_POLICY, type AutoRollbackPolicy } from '../../shared/domain/registry';
import { readModelPackage } from '../inference/modelPackage';
import { fixturePackageDir } from '../inference/testing/fixturePackages';
import { AutoRollbackMonitor, type MonitoredRunner, type RollbackTrigger } from './autoRollbackMonitor';
import type { RunnableVersion, SwappableRunnerEvents } from './swappableModelRunner';

/**
 * Stand-in for the runner's event surface: the crash-loop path is tested with the real runtime in
 * modelRegistry.test.ts; here the clock is ours, so error-rate and latency rules can be walked
 * through seconds of runs exactly.
 */
class RunnerEvents implements MonitoredRunner {
  serving: RunnableVersion | undefined;
  readonly #listeners = new Map<string, Set<(payload: never) => void>>();

  on<K extends keyof SwappableRunnerEvents>(event: K, listener: (payload: SwappableRunnerEvents[K]) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
    return () => set.delete(listener);
  }

  emit<K extends keyof SwappableRunnerEvents>(event: K, payload: SwappableRunnerEvents[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (p: SwappableRunnerEvents[K]) => void)(payload);
  }

  swapTo(version: RunnableVersion): void {
    const from = this.serving?.versionId ?? '';
    this.serving = version;
    this.emit('swapped', { from, to: version.versionId, drainMs: 0, loadMs: 0 });
  }
}

let version: RunnableVersion;
let budgetMs: number;
beforeAll(async () => {
  const pkg = await readModelPackage(fixturePackageDir('augmenter-mlp'));
  version = { versionId: 'v2', dir: pkg.dir, manifest: pkg.manifest };
  budgetMs = pkg.manifest.latencyBudget.p95Ms;
});

function monitor(policy: Partial<AutoRollbackPolicy> = {}): { runner: RunnerEvents; triggers: RollbackTrigger[]; clock: { t: number } } {
  const runner = new RunnerEvents();
  const triggers: RollbackTrigger[] = [];
  const clock = { t: 0 };
  new AutoRollbackMonitor({ runner, policy: () => ({ ...DEFAULT_AUTO_ROLLBACK_POLICY, ...policy }), onTrigger: (t) => triggers.push(t), now: () => clock.t });
  runner.swapTo(version);
  return { runner, triggers, clock };
}

/** `count` runs of the serving version, one every `everyMs`. */
function runs(m: ReturnType<typeof monitor>, count: number, everyMs: number, run: { ok: boolean; latencyMs?: number | null }): void {
  for (let i = 0; i < count; i++) {
    m.clock.t += everyMs;
    m.runner.emit('ran', { versionId: m.runner.serving?.versionId ?? '', ok: run.ok, latencyMs: run.latencyMs ?? null });
  }
}

describe('AutoRollbackMonitor', () => {
  it('asks for a rollback once the failed fraction of enough recent runs passes the limit, and only once', () => {
    const m = monitor({ errorRate: { enabled: true, maxFraction: 0.2, windowS: 30, minRuns: 20 } });
    runs(m, 4, 100, { ok: false });
    // Four failures out of four, but too few runs to judge.
    expect(m.triggers).toEqual([]);
    runs(m, 16, 100, { ok: true });
    // 4 of 20 is exactly the limit: not over it.
    expect(m.triggers).toEqual([]);
    runs(m, 1, 100, { ok: false });
    expect(m.triggers).toHaveLength(1);
    expect(m.triggers[0]).toMatchObject({ versionId: 'v2', kind: 'error-rate', metrics: { failedRuns: 5, runs: 21 } });
    expect(m.triggers[0].reason).toBe('5 of the last 21 runs failed (24 %, limit 20 %)');
    runs(m, 50, 100, { ok: false });
    expect(m.triggers).toHaveLength(1);
  });

  it('forgets runs older than the window', () => {
    const m = monitor({ errorRate: { enabled: true, maxFraction: 0.2, windowS: 10, minRuns: 20 } });
    runs(m, 5, 100, { ok: false });
    m.clock.t += 11_000;
    // 2 of 22 in the window; counting the five old failures it would be 7 of 27, over the limit.
    runs(m, 20, 100, { ok: true });
    runs(m, 2, 100, { ok: false });
    expect(m.triggers).toEqual([]);
  });

  it('asks for a rollback when p95 latency stays over the manifest budget for the sustained time, not on a short spike', () => {
    const m = monitor({ latency: { enabled: true, sustainedS: 10 } });
    const slow = { ok: true, latencyMs: budgetMs * 3 };
    const fast = { ok: true, latencyMs: budgetMs / 4 };
    runs(m, 40, 100, slow); // 4 s over budget
    runs(m, 60, 100, fast); // p95 of the last 5 s falls back under the budget within 5 s
    expect(m.triggers).toEqual([]);
    runs(m, 105, 100, slow);
    expect(m.triggers).toHaveLength(1);
    expect(m.triggers[0]).toMatchObject({ kind: 'latency', metrics: { budgetP95Ms: budgetMs } });
    expect(m.triggers[0].metrics['sustainedS']).toBeGreaterThanOrEqual(10);
  });

  it('judges each version on its own record: a swap clears the counters and events of other versions are ignored', () => {
    const m = monitor({ errorRate: { enabled: true, maxFraction: 0.2, windowS: 30, minRuns: 20 } });
    runs(m, 30, 100, { ok: false });
    expect(m.triggers).toHaveLength(1);
    m.runner.swapTo({ ...version, versionId: 'v1' });
    // The rolled-back-from version's late runs count for nothing.
    for (let i = 0; i < 30; i++) m.runner.emit('ran', { versionId: 'v2', ok: false, latencyMs: null });
    runs(m, 19, 100, { ok: false });
    expect(m.triggers).toHaveLength(1);
    runs(m, 1, 100, { ok: false });
    expect(m.triggers.map((t) => t.versionId)).toEqual(['v2', 'v1']);
  });

  it('does nothing under a policy that turns the rules off', () => {
    const m = monitor({
      crashLoop: { enabled: false, restarts: 1, withinS: 60 },
      errorRate: { enabled: false, maxFraction: 0, windowS: 30, minRuns: 1 },
      latency: { enabled: false, sustainedS: 1 },
    });
    runs(m, 100, 100, { ok: false });
    runs(m, 100, 100, { ok: true, latencyMs: budgetMs * 10 });
    m.runner.emit('crashed', { versionId: 'v2', reason: 'The model runtime stopped', exit: undefined, restartCount: 0, restartInMs: 100 });
    expect(m.triggers).toEqual([]);
  });
});
