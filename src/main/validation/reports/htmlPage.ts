import { escapeXml as esc } from '../../hil/reports/xmlText';

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1100px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 17px; margin-top: 30px; border-bottom: 1px solid #ddd; } h3 { font-size: 15px; margin: 20px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 12px; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { color: #fff; border-radius: 3px; padding: 1px 7px; font-weight: 600; font-size: 12px; text-transform: uppercase; }
.pass { background: #2e7d32; } .fail { background: #c62828; } .warn { background: #b26a00; }
tr.bad td { background: #fdecea; } tr.good td { background: #edf7ed; } td.better { font-weight: 600; color: #2e7d32; } td.worse { color: #c62828; }
figure { display: inline-block; margin: 6px 12px 6px 0; } figcaption { font-size: 12px; color: #666; } .muted { color: #666; } code { font-size: 12px; }
@media print { body { margin: 0; } section { break-inside: avoid; } }`;

/** A badge: green for good news, red for bad, amber for a warning. */
export function badge(text: string, tone: 'pass' | 'fail' | 'warn'): string {
  return `<span class="badge ${tone}">${esc(text)}</span>`;
}

/** A table row; cells are HTML (escape text before passing it). */
export function row(cells: readonly string[], options: { header?: boolean; className?: string; numeric?: readonly number[] } = {}): string {
  const tag = options.header ? 'th' : 'td';
  const cls = options.className ? ` class="${options.className}"` : '';
  return `<tr${cls}>${cells.map((c, i) => (options.numeric?.includes(i) ? `<td class="num">${c}</td>` : `<${tag}>${c}</${tag}>`)).join('')}</tr>`;
}

/** A two-column table of label → value (values are HTML). */
export function keyValueTable(entries: readonly (readonly [string, string])[]): string {
  return `<table>${entries.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

/** A figure with a caption around an inline SVG. */
export function figure(caption: string, svg: string): string {
  return `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
}

/**
 * A self-contained page: inline style, no script, no external asset; a Content-Security-Policy
 * that forbids anything else, so the report can be archived, mailed and opened anywhere.
 */
export function htmlPage(title: string, body: readonly string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...body,
    '</body></html>',
  ].join('\n');
}
