import type { HilPlot } from '../../../shared/domain/hilRecord';
import { escapeXml } from './xmlText';

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { left: 56, right: 12, top: 22, bottom: 28 };
/** Distinguishable on white and readable in print (Tableau 10). */
const COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

function tick(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/** An inline SVG line chart of a plot (no script, no external reference). */
export function renderSvgPlot(plot: HilPlot): string {
  const values = plot.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const t0 = plot.t[0] ?? 0;
  const t1 = plot.t.at(-1) ?? 1;
  let lo = values.length === 0 ? 0 : Math.min(...values);
  let hi = values.length === 0 ? 1 : Math.max(...values);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const x = (t: number): number => MARGIN.left + ((t - t0) / (t1 - t0 || 1)) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (v: number): number => HEIGHT - MARGIN.bottom - ((v - lo) / (hi - lo)) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const lines = plot.series.map((series, k) => {
    // A gap (null) breaks the line rather than joining across missing samples.
    const segments: string[] = [];
    let current: string[] = [];
    series.values.forEach((v, i) => {
      if (v === null) {
        if (current.length > 1) segments.push(current.join(' '));
        current = [];
      } else {
        current.push(`${x(plot.t[i]).toFixed(1)},${y(v).toFixed(1)}`);
      }
    });
    if (current.length > 1) segments.push(current.join(' '));
    const colour = COLOURS[k % COLOURS.length];
    return segments.map((points) => `<polyline fill="none" stroke="${colour}" stroke-width="1.2" points="${points}"/>`).join('');
  });
  const legend = plot.series
    .map((s, k) => `<text x="${MARGIN.left + 4 + k * 74}" y="14" fill="${COLOURS[k % COLOURS.length]}" font-size="11">${escapeXml(s.name)}</text>`)
    .join('');
  const unit = plot.unit === '' ? '' : ` ${escapeXml(plot.unit)}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(plot.title)}">`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${WIDTH - MARGIN.left - MARGIN.right}" height="${HEIGHT - MARGIN.top - MARGIN.bottom}" fill="#fafafa" stroke="#ccc"/>`,
    `<text x="4" y="${MARGIN.top + 10}" font-size="10">${tick(hi)}${unit}</text>`,
    `<text x="4" y="${HEIGHT - MARGIN.bottom}" font-size="10">${tick(lo)}${unit}</text>`,
    `<text x="${MARGIN.left}" y="${HEIGHT - 8}" font-size="10">${tick(t0)} s</text>`,
    `<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 8}" font-size="10" text-anchor="end">${tick(t1)} s</text>`,
    ...lines,
    legend,
    '</svg>',
  ].join('');
}
