/** Frames kept for the statistics: about two seconds at 60 Hz. */
const KEEP = 120;

/** The renderer's own timing, for the health panel. */
export interface FrameStats {
  /** Time between animation frames, ms (16.7 at 60 Hz; larger when the renderer falls behind). */
  readonly frameP50Ms: number | null;
  readonly frameP95Ms: number | null;
  /** Time spent in plot redraws per frame (setData + draw), ms. */
  readonly drawP95Ms: number | null;
  readonly fps: number | null;
}

class Samples {
  readonly #values = new Float64Array(KEEP);
  #count = 0;
  push(value: number): void {
    this.#values[this.#count % KEEP] = value;
    this.#count += 1;
  }
  quantile(q: number): number | null {
    const n = Math.min(this.#count, KEEP);
    if (n === 0) return null;
    const sorted = this.#values.slice(0, n).sort();
    return sorted[Math.min(n - 1, Math.floor(q * n))];
  }
  mean(): number | null {
    const n = Math.min(this.#count, KEEP);
    return n === 0 ? null : this.#values.slice(0, n).reduce((a, b) => a + b, 0) / n;
  }
}

const intervals = new Samples();
const draws = new Samples();
let drawThisFrame = 0;
let watchers = 0;
let frame = 0;
let lastFrameAt = 0;

function tick(now: number): void {
  if (lastFrameAt > 0) intervals.push(now - lastFrameAt);
  lastFrameAt = now;
  draws.push(drawThisFrame);
  drawThisFrame = 0;
  frame = requestAnimationFrame(tick);
}

/** Plots report how long each redraw took; the meter sums them per display frame. */
export function recordDraw(ms: number): void {
  drawThisFrame += ms;
}

/** Starts measuring frame intervals while someone watches (the health panel); returns the stop function. */
export function watchFrames(): () => void {
  watchers += 1;
  if (watchers === 1) {
    lastFrameAt = 0;
    frame = requestAnimationFrame(tick);
  }
  return () => {
    watchers -= 1;
    if (watchers === 0) cancelAnimationFrame(frame);
  };
}

export function frameStats(): FrameStats {
  const mean = intervals.mean();
  return {
    frameP50Ms: intervals.quantile(0.5),
    frameP95Ms: intervals.quantile(0.95),
    drawP95Ms: draws.quantile(0.95),
    fps: mean === null || mean === 0 ? null : 1000 / mean,
  };
}
