// The renderer benchmark's baseline: uPlot alone, fed the same signal as the console (the query
// says how many channels, the rate and the window; 32 channels at 1 kHz in a 5 s window by
// default) and redrawn every animation frame, with none of the console around it.
/* global uPlot, document, requestAnimationFrame, location */
const query = new URLSearchParams(location.search);
const CHANNELS = Number(query.get('channels') ?? 32);
const RATE = Number(query.get('rate') ?? 1000);
const WINDOW = Number(query.get('windowS') ?? 5) * RATE;
const x = new Float64Array(WINDOW);
const ys = Array.from({ length: CHANNELS }, () => new Float64Array(WINDOW));
const plot = new uPlot(
  { width: 1300, height: 360, scales: { x: { time: false } }, series: [{}, ...ys.map((_, c) => ({ stroke: `hsl(${c * 37} 60% 55%)`, width: 1 }))] },
  [x, ...ys],
  document.getElementById('plot'),
);
// Start a window in the past, so the view is full from the first frame.
const start = performance.now() - (WINDOW / RATE) * 1000;
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
