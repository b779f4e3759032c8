import type { Histogram, ReliabilityBin } from '../../../shared/domain/validation';
import { escapeXml as esc } from '../../hil/reports/xmlText';

/** Inline SVG charts for the reports: no script, no external reference, readable in print. */

const BLUE = '#4e79a7';
const ORANGE = '#f28e2b';

function tick(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

function svg(width: number, height: number, label: string, body: readonly string[]): string {
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}">`, ...body, '</svg>'].join('');
}

/** White → blue by value share; text switches to white on dark cells. */
function heat(share: number): { fill: string; text: string } {
  const s = Math.max(0, Math.min(1, share));
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * s);
  return { fill: `rgb(${mix(255, 33)},${mix(255, 84)},${mix(255, 145)})`, text: s > 0.55 ? '#fff' : '#222' };
}

/** A heat map with row and column labels, each cell showing its value (confusion matrix, error map). */
export function heatMap(title: string, rowLabels: readonly string[], colLabels: readonly string[], cells: readonly (readonly (number | null)[])[], format: (v: number) => string = tick): string {
  const cell = Math.max(22, Math.min(44, Math.floor(440 / Math.max(1, colLabels.length))));
  const left = 90;
  const top = 90;
  const values = cells.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const max = values.length === 0 ? 1 : Math.max(...values, 1e-12);
  const body: string[] = [];
  colLabels.forEach((l, j) => {
    const x = left + j * cell + cell / 2;
    body.push(`<text x="${x}" y="${top - 6}" font-size="10" transform="rotate(-50 ${x} ${top - 6})">${esc(l)}</text>`);
  });
  rowLabels.forEach((l, i) => body.push(`<text x="${left - 4}" y="${top + i * cell + cell / 2 + 4}" font-size="10" text-anchor="end">${esc(l)}</text>`));
  cells.forEach((row, i) =>
    row.forEach((v, j) => {
      const { fill, text } = v === null ? { fill: '#eee', text: '#999' } : heat(v / max);
      const x = left + j * cell;
      const y = top + i * cell;
      body.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/>`);
      body.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" font-size="10" text-anchor="middle" fill="${text}">${v === null ? '' : esc(format(v))}</text>`);
    }),
  );
  return svg(left + colLabels.length * cell + 10, top + rowLabels.length * cell + 10, title, body);
}

const W = 420;
const H = 220;
const M = { left: 48, right: 10, top: 14, bottom: 34 };

function frame(xLabel: string, yLabel: string, x0: number, x1: number, y1: number): string[] {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  return [
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="#fafafa" stroke="#ccc"/>`,
    `<text x="${M.left}" y="${H - 18}" font-size="10">${tick(x0)}</text>`,
    `<text x="${W - M.right}" y="${H - 18}" font-size="10" text-anchor="end">${tick(x1)}</text>`,
    `<text x="${M.left + pw / 2}" y="${H - 4}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text x="${M.left - 4}" y="${M.top + 10}" font-size="10" text-anchor="end">${tick(y1)}</text>`,
    `<text x="${M.left - 4}" y="${H - M.bottom}" font-size="10" text-anchor="end">0</text>`,
    `<text x="12" y="${M.top + ph / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${M.top + ph / 2})">${esc(yLabel)}</text>`,
  ];
}

/** Reliability diagram: accuracy per confidence bin against the diagonal of perfect calibration; bar shade shows the bin's sample count. */
export function reliabilityDiagram(bins: readonly ReliabilityBin[]): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const body = frame('confidence', 'accuracy', 0, 1, 1);
  for (const b of bins) {
    if (b.count === 0) continue;
    const x = M.left + b.lo * pw;
    const h = b.accuracy * ph;
    body.push(`<rect x="${x + 1}" y="${M.top + ph - h}" width="${(b.hi - b.lo) * pw - 2}" height="${h}" fill="${BLUE}" fill-opacity="${0.35 + 0.65 * (b.count / maxCount)}"/>`);
  }
  body.push(`<line x1="${M.left}" y1="${M.top + ph}" x2="${M.left + pw}" y2="${M.top}" stroke="#c62828" stroke-dasharray="4 3"/>`);
  return svg(W, H, 'reliability diagram', body);
}

/** Bars of one histogram, or two overlaid (baseline blue, current orange) on the same edges. */
export function histogramChart(title: string, xLabel: string, first: Histogram, second?: Histogram): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const share = (h: Histogram): number[] => {
    const total = h.counts.reduce((a, b) => a + b, 0) || 1;
    return h.counts.map((c) => c / total);
  };
  const series = second ? [share(first), share(second)] : [first.counts.map(Number)];
  const max = Math.max(1e-12, ...series.flat());
  const x0 = first.edges[0];
  const x1 = first.edges[first.edges.length - 1];
  const body = frame(xLabel, second ? 'share' : 'count', x0, x1, max);
  const bw = pw / first.counts.length;
  series.forEach((values, k) => {
    values.forEach((v, i) => {
      const h = (v / max) * ph;
      body.push(`<rect x="${M.left + i * bw + 0.5}" y="${M.top + ph - h}" width="${Math.max(0.5, bw - 1)}" height="${h}" fill="${k === 0 ? BLUE : ORANGE}" fill-opacity="${second ? 0.55 : 0.85}"/>`);
    });
  });
  if (second) {
    body.push(`<text x="${M.left + 6}" y="${M.top + 12}" font-size="10" fill="${BLUE}">baseline</text>`);
    body.push(`<text x="${M.left + 60}" y="${M.top + 12}" font-size="10" fill="${ORANGE}">current</text>`);
  }
  return svg(W, H, title, body);
}

/** Precision, recall and F1 against the decision threshold. */
export function thresholdChart(points: readonly { threshold: number; precision: number; recall: number; f1: number }[]): string {
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const body = frame('threshold', 'score', 0, 1, 1);
  const line = (key: 'precision' | 'recall' | 'f1', colour: string): string =>
    `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${points.map((p) => `${(M.left + p.threshold * pw).toFixed(1)},${(M.top + ph - p[key] * ph).toFixed(1)}`).join(' ')}"/>`;
  body.push(line('precision', BLUE), line('recall', ORANGE), line('f1', '#59a14f'));
  body.push(`<text x="${M.left + 6}" y="${M.top + 12}" font-size="10" fill="${BLUE}">precision</text>`);
  body.push(`<text x="${M.left + 66}" y="${M.top + 12}" font-size="10" fill="${ORANGE}">recall</text>`);
  body.push(`<text x="${M.left + 110}" y="${M.top + 12}" font-size="10" fill="#59a14f">F1</text>`);
  return svg(W, H, 'threshold sweep', body);
}

export { tick as formatNumber };
