import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Samples the core's event-loop delay; a busy loop means late frames and a sluggish UI. */
export class EventLoopMonitor {
  readonly #histogram: ReturnType<typeof monitorEventLoopDelay> = monitorEventLoopDelay({ resolution: 10 });

  start(): void {
    this.#histogram.enable();
  }

  stop(): void {
    this.#histogram.disable();
  }

  /** p99 delay in milliseconds since the last reset, then resets the window. */
  takeP99Ms(): number {
    const p99 = this.#histogram.count > 0 ? this.#histogram.percentile(99) / 1e6 : 0;
    this.#histogram.reset();
    return p99;
  }
}
