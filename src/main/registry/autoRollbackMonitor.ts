import type { AutoRollbackPolicy } from '../../shared/domain/registry';
import { LatencyStats } from '../pipeline/latencyStats';
import type { SwappableModelRunner } from './swappableModelRunner';

/** Why the serving version should be rolled back, with the numbers that showed it. */
export interface RollbackTrigger {
  readonly versionId: string;
  readonly kind: 'crash-loop' | 'error-rate' | 'latency';
  readonly reason: string;
  readonly metrics: Record<string, number>;
}

/** What the monitor reads of a runner: its events and the version serving. */
export type MonitoredRunner = Pick<SwappableModelRunner, 'on' | 'serving'>;

export interface AutoRollbackMonitorOptions {
  readonly runner: MonitoredRunner;
  readonly policy: () => AutoRollbackPolicy;
  /** Called once per trigger; the monitor then waits for the next version before judging again. */
  readonly onTrigger: (trigger: RollbackTrigger) => void;
  readonly now?: () => number;
}

/** How much recent latency is summarised into the p95 compared with the budget. */
const LATENCY_SAMPLE_MS = 5_000;

/**
 * Watches the version serving on one runner and asks for a rollback when it crash-loops
 * (`restarts` crashes within `withinS`), fails too many runs, or stays over its latency budget
 * (p95 of the last few seconds) for `sustainedS`. Counters start afresh with every swap, so a
 * rollback judges the version it installs on its own record.
 */
export class AutoRollbackMonitor {
  readonly #options: AutoRollbackMonitorOptions;
  readonly #now: () => number;
  readonly #off: (() => void)[];
  #crashes: number[] = [];
  #runs: { t: number; ok: boolean }[] = [];
  #latencies: { t: number; ms: number }[] = [];
  #overBudgetSince: number | undefined;
  #triggered = false;

  constructor(options: AutoRollbackMonitorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const runner = options.runner;
    this.#off = [
      runner.on('swapped', () => this.#reset()),
      runner.on('crashed', ({ versionId, reason }) => this.#onCrash(versionId, reason)),
      runner.on('failed', ({ versionId, message }) => this.#onCrash(versionId, message)),
      runner.on('ran', ({ versionId, ok, latencyMs }) => this.#onRun(versionId, ok, latencyMs)),
    ];
  }

  dispose(): void {
    for (const off of this.#off) off();
  }

  #reset(): void {
    this.#crashes = [];
    this.#runs = [];
    this.#latencies = [];
    this.#overBudgetSince = undefined;
    this.#triggered = false;
  }

  #isServing(versionId: string): boolean {
    return !this.#triggered && this.#options.runner.serving?.versionId === versionId;
  }

  #onCrash(versionId: string, reason: string): void {
    const policy = this.#options.policy().crashLoop;
    if (!policy.enabled || !this.#isServing(versionId)) return;
    const now = this.#now();
    this.#crashes = [...this.#crashes.filter((t) => now - t <= policy.withinS * 1000), now];
    if (this.#crashes.length >= policy.restarts) {
      this.#trigger({
        versionId,
        kind: 'crash-loop',
        reason: `the model runtime stopped ${this.#crashes.length} times within ${policy.withinS} s (last: ${reason})`,
        metrics: { crashes: this.#crashes.length, withinS: policy.withinS },
      });
    }
  }

  #onRun(versionId: string, ok: boolean, latencyMs: number | null): void {
    if (!this.#isServing(versionId)) return;
    const policy = this.#options.policy();
    const now = this.#now();
    if (policy.errorRate.enabled) {
      const windowMs = policy.errorRate.windowS * 1000;
      this.#runs.push({ t: now, ok });
      while (this.#runs.length > 0 && now - this.#runs[0].t > windowMs) this.#runs.shift();
      const failed = this.#runs.filter((r) => !r.ok).length;
      const fraction = failed / this.#runs.length;
      if (this.#runs.length >= policy.errorRate.minRuns && fraction > policy.errorRate.maxFraction) {
        this.#trigger({
          versionId,
          kind: 'error-rate',
          reason: `${failed} of the last ${this.#runs.length} runs failed (${(fraction * 100).toFixed(0)} %, limit ${(policy.errorRate.maxFraction * 100).toFixed(0)} %)`,
          metrics: { failedRuns: failed, runs: this.#runs.length, errorRate: fraction },
        });
        return;
      }
    }
    if (policy.latency.enabled && latencyMs !== null) this.#onLatency(versionId, latencyMs, policy.latency.sustainedS, now);
  }

  #onLatency(versionId: string, latencyMs: number, sustainedS: number, now: number): void {
    const budget = this.#options.runner.serving?.manifest.latencyBudget.p95Ms;
    if (budget === undefined) return;
    this.#latencies.push({ t: now, ms: latencyMs });
    while (this.#latencies.length > 0 && now - this.#latencies[0].t > LATENCY_SAMPLE_MS) this.#latencies.shift();
    const stats = new LatencyStats(this.#latencies.length);
    for (const l of this.#latencies) stats.add(l.ms);
    const p95 = stats.percentile(95);
    if (p95 <= budget) {
      this.#overBudgetSince = undefined;
      return;
    }
    this.#overBudgetSince ??= now;
    const overS = (now - this.#overBudgetSince) / 1000;
    if (overS >= sustainedS) {
      this.#trigger({
        versionId,
        kind: 'latency',
        reason: `latency p95 has been over the ${budget} ms budget for ${overS.toFixed(0)} s (now ${p95.toFixed(2)} ms)`,
        metrics: { latencyP95Ms: p95, budgetP95Ms: budget, sustainedS: overS },
      });
    }
  }

  #trigger(trigger: RollbackTrigger): void {
    this.#triggered = true;
    this.#options.onTrigger(trigger);
  }
}
