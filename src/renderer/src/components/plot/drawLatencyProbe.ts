/**
 * Port → pixels latency, for the renderer benchmark (bench/renderer.bench.ts): how long after the
 * core received a frame (its host time stamp, taken when the bytes left the port) a plot showing
 * it finished drawing. Off unless the page's query has `drawLatency`; then every plot appends its
 * samples, ms, to `window.drawLatencyMs`, where the benchmark reads them.
 */
declare global {
  interface Window {
    drawLatencyMs?: number[];
  }
}

/** Records one plot's draws, once per newest frame drawn; undefined when the probe is off (always, outside the benchmark). */
export function drawLatencyRecorder(): ((newestHostTimeMs: number) => void) | undefined {
  if (!new URLSearchParams(window.location.search).has('drawLatency')) return undefined;
  const samples = (window.drawLatencyMs ??= []);
  let last = Number.NaN;
  return (newestHostTimeMs) => {
    // A redraw for a zoom or a resize shows no new frame.
    if (newestHostTimeMs === last || !Number.isFinite(newestHostTimeMs)) return;
    last = newestHostTimeMs;
    // The same clock as the core's stamps (hostNowMs): both processes run on this machine.
    samples.push(performance.timeOrigin + performance.now() - newestHostTimeMs);
  };
}
