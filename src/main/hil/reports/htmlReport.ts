import type { HilOutcome, HilRunRecord, HilStepRecord } from '../../../shared/domain/hilRecord';
import { formatValue } from './measurementText';
import { renderSvgPlot } from './svgPlot';
import { escapeXml as esc } from './xmlText';

const OUTCOME_COLOURS: Readonly<Record<HilOutcome | 'marginal', string>> = {
  pass: '#2e7d32',
  marginal: '#b26a00',
  fail: '#c62828',
  error: '#6a1b9a',
  aborted: '#455a64',
  skipped: '#757575',
};

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1100px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin-top: 28px; } h3 { font-size: 15px; margin: 22px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 12px; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } .badge { color: #fff; border-radius: 3px; padding: 1px 7px; font-weight: 600; font-size: 12px; text-transform: uppercase; }
pre { background: #f6f6f6; padding: 8px; white-space: pre-wrap; font-size: 12px; } .muted { color: #666; }
@media print { body { margin: 0; } section { break-inside: avoid; } }`;

function badge(outcome: string): string {
  const colour = OUTCOME_COLOURS[outcome as HilOutcome] ?? '#757575';
  return `<span class="badge" style="background:${colour}">${esc(outcome)}</span>`;
}

function row(cells: readonly string[], header = false): string {
  const tag = header ? 'th' : 'td';
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

function stepSection(step: HilStepRecord, index: number): string {
  const parts = [`<section id="step-${index}"><h3>${index + 1}. ${esc(step.name)} ${badge(step.outcome)} <span class="muted">${esc(step.kind)}, ${esc(step.phase)}</span></h3>`];
  if (step.message !== null) parts.push(`<p>${esc(step.message)}</p>`);
  if (step.measurements.length > 0) {
    parts.push(
      '<table>',
      row(['Measurement', 'Value', 'Limit', 'Outcome', 'Note'], true),
      ...step.measurements.map((m) => row([esc(m.name), esc(formatValue(m)), esc(m.limit ?? '—'), badge(m.outcome), esc(m.message ?? '')])),
      '</table>',
    );
  }
  for (const plot of step.plots) parts.push(`<figure><figcaption class="muted">${esc(plot.title)}</figcaption>${renderSvgPlot(plot)}</figure>`);
  if (step.attachments.length > 0) {
    parts.push(`<p class="muted">Attachments: ${step.attachments.map((a) => `${esc(a.path)} (${a.bytes} B)`).join(', ')}</p>`);
  }
  if (step.logs.length > 0) parts.push(`<pre>${esc(step.logs.map((l) => `${new Date(l.timeMs).toISOString()} ${l.level} ${l.text}`).join('\n'))}</pre>`);
  parts.push('</section>');
  return parts.join('\n');
}

/**
 * A self-contained HTML report of a run: summary, step table, and per step its measurements,
 * plots of captured signals as inline SVG, attachments and logs. No script, no external asset
 * (a Content-Security-Policy says so), so it can be archived, mailed and opened anywhere.
 */
export function renderHtmlReport(record: HilRunRecord): string {
  const durationS = ((Date.parse(record.endedAt) - Date.parse(record.startedAt)) / 1000).toFixed(1);
  const summary: readonly (readonly [string, string | null])[] = [
    ['Device', record.device.source],
    ['Identity', record.device.identity],
    ['Serial number', record.device.serialNumber],
    ['Station', record.station],
    ['Operator', record.operator],
    ['App version', record.appVersion],
    ['Model version', record.modelVersion],
    ['Calibration profile', record.calibrationProfileVersion],
    ['Started', record.startedAt],
    ['Ended', `${record.endedAt} (${durationS} s)`],
    ['Run', record.id],
    ['Re-run of', record.rerunOf],
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(`${record.suite.name} — ${record.outcome}`)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${esc(record.suite.name)} <span class="muted">v${esc(record.suite.version)}</span> ${badge(record.outcome)}</h1>`,
    record.message === null ? '' : `<p>${esc(record.message)}</p>`,
    '<table>',
    ...summary.filter(([, v]) => v !== null).map(([k, v]) => row([esc(k), esc(v ?? '')])),
    '</table>',
    '<h2>Steps</h2><table>',
    row(['#', 'Phase', 'Step', 'Outcome', 'Time', 'Attempts', 'Note'], true),
    ...record.steps.map((s, i) =>
      row([String(i + 1), esc(s.phase), `<a href="#step-${i}">${esc(s.name)}</a>`, badge(s.outcome), `${(s.durationMs / 1000).toFixed(2)} s`, String(s.attempts), esc(s.message ?? '')]),
    ),
    '</table>',
    ...record.steps.map(stepSection),
    '</body></html>',
    '',
  ].join('\n');
}
