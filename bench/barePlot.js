// The renderer benchmark's baseline: uPlot alone, fed the same signal (32 channels at 1 kHz, a
// 5 s window) and redrawn every animation frame, with none of the console around it.
/* global uPlot, document, requestAnimationFrame */
const CHANNELS = 32;
const RATE = 1000;
const WINDOW = 5 * RATE;
const x = new Float64Array(WINDOW);
const ys = Array.from({ length: CHANNELS }, () => new Float64Array(WINDOW));
const plot = new uPlot(
  { width: 1300, height: 360, scales: { x: { time: false } }, series: [{}, ...ys.map((_, c) => ({ stroke: `hsl(${c * 37} 60% 55%)`, width: 1 }))] },
  [x, ...ys],
  document.getElementById('plot'),
);
const start = performance.now();
let seq = 0;
function frame() {
  const due = Math.floor(((performance.now() - start) / 1000) * RATE);
  for (; seq < due; seq++) {
    const t = seq / RATE;
    const at = seq % WINDOW;
    x[at] = t;
    for (let c = 0; c < CHANNELS; c++) ys[c][at] = Math.sin(2 * Math.PI * (0.5 + 0.25 * c) * t + c * 0.7);
  }
  // Lay the ring out oldest-first, as the console's ring buffer does.
  const n = Math.min(seq, WINDOW);
  const head = seq % WINDOW;
  const order = (a) => (seq < WINDOW ? a.slice(0, n) : Float64Array.from({ length: n }, (_, k) => a[(head + k) % WINDOW]));
  plot.setData([order(x), ...ys.map(order)]);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
