import type { ChannelFit } from '../../../shared/domain/calibration';
import { escapeXml } from '../../hil/reports/xmlText';

const WIDTH = 360;
const HEIGHT = 180;
const MARGIN = { left: 58, right: 12, top: 12, bottom: 34 };

function label(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/**
 * An inline SVG scatter of a channel's residuals against its reference values, with the zero
 * line: the shape shows what the numbers hide (a curve left in a linear fit, one bad point).
 * No script, no external reference, so the certificate stays one self-contained file.
 */
export function residualPlotSvg(fit: ChannelFit): string {
  const points = fit.points;
  const xs = points.map((p) => p.reference);
  const ys = points.map((p) => p.residual);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  const span = Math.max(...ys.map(Math.abs), 1e-12);
  const [y0, y1] = [-span * 1.2, span * 1.2];
  const px = (x: number): number => MARGIN.left + ((x - x0) / (x1 - x0)) * (WIDTH - MARGIN.left - MARGIN.right);
  const py = (y: number): number => HEIGHT - MARGIN.bottom - ((y - y0) / (y1 - y0)) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const unit = escapeXml(fit.unit);
  const dots = points
    .map((p) => `<circle cx="${px(p.reference).toFixed(1)}" cy="${py(p.residual).toFixed(1)}" r="3" fill="#4e79a7"><title>${escapeXml(p.label)}: ${label(p.residual)} ${unit}</title></circle>`)
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Residuals of ${escapeXml(fit.channel)}">`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${WIDTH - MARGIN.left - MARGIN.right}" height="${HEIGHT - MARGIN.top - MARGIN.bottom}" fill="#fafafa" stroke="#ccc"/>`,
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${py(0).toFixed(1)}" y2="${py(0).toFixed(1)}" stroke="#999" stroke-dasharray="4 3"/>`,
    `<text x="4" y="${MARGIN.top + 10}" font-size="10">${label(y1)} ${unit}</text>`,
    `<text x="4" y="${HEIGHT - MARGIN.bottom}" font-size="10">${label(y0)} ${unit}</text>`,
    `<text x="${MARGIN.left}" y="${HEIGHT - 18}" font-size="10">${label(x0)}</text>`,
    `<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 18}" font-size="10" text-anchor="end">${label(x1)}</text>`,
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 4}" font-size="10" text-anchor="middle">reference (${unit}) · residual = corrected − reference</text>`,
    dots,
    '</svg>',
  ].join('');
}
