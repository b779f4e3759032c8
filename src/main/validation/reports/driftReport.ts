import type { DriftRun } from '../../../shared/domain/validationDrift';
import { escapeXml as esc } from '../../hil/reports/xmlText';
import { badge, figure, htmlPage, keyValueTable, row } from './htmlPage';
import { formatNumber as fmt, histogramChart } from './svgCharts';

/** Distribution plots shown (drifted channels first); the JSON report has every channel. */
const PLOTTED = 16;

/** The self-contained HTML report of a drift run. */
export function renderDriftHtml(run: DriftRun): string {
  const drifted = run.channels.filter((c) => c.drifted);
  const plotted = [...run.channels].sort((a, b) => Number(b.drifted) - Number(a.drifted) || b.ks.statistic - a.ks.statistic).slice(0, PLOTTED);
  const outcome = run.drifted ? 'drift' : run.inconclusive !== null ? 'inconclusive' : 'no drift';
  const verdict = badge(outcome, run.drifted ? 'fail' : run.inconclusive !== null ? 'warn' : 'pass');
  return htmlPage(`Drift — ${run.current.path} — ${outcome}`, [
    `<h1>Data drift ${verdict}</h1>`,
    ...(run.inconclusive !== null ? [`<p class="bad">${esc(run.inconclusive)}</p>`] : []),
    keyValueTable([
      ['Baseline', `${esc(run.baseline.path)} <span class="muted">(${run.baseline.samples} samples, SHA-256 <code>${esc(run.baseline.sha256)}</code>)</span>`],
      ['Current', `${esc(run.current.path)} <span class="muted">(${run.current.samples} samples, SHA-256 <code>${esc(run.current.sha256)}</code>)</span>`],
      ['False-alarm rate (all channels)', `${fmt(run.alpha)} (each channel tested at ${fmt(run.alpha / Math.max(1, run.channels.length))})`],
      ['Thinning', `every ${run.stride}. sample (the baseline's decorrelation time)`],
      ['Model', run.model ? `${esc(run.model.name)} ${esc(run.model.version)}` : 'none'],
      ['Drifted channels', drifted.length === 0 ? 'none' : esc(drifted.map((c) => `${c.channel} (${c.severity})`).join(', '))],
      ['Run', esc(run.id)],
    ]),
    '<h2>Channels</h2>',
    '<table>',
    row(['Channel', 'KS D', 'p-value', 'Method', 'PSI', 'Mean baseline → current', 'SD baseline → current', 'Verdict'], { header: true }),
    ...run.channels.map((c) =>
      row(
        [
          esc(c.channel),
          fmt(c.ks.statistic),
          c.ks.pValue.toExponential(2),
          esc(c.ks.method),
          fmt(c.psi),
          `${fmt(c.baselineMean)} → ${fmt(c.currentMean)}`,
          `${fmt(c.baselineStd)} → ${fmt(c.currentStd)}`,
          c.drifted ? badge(c.severity, c.severity === 'critical' ? 'fail' : 'warn') : badge('stable', 'pass'),
        ],
        { className: c.drifted ? 'bad' : undefined, numeric: [1, 2, 4] },
      ),
    ),
    '</table>',
    run.predictions.length === 0
      ? ''
      : [
          '<h2>Predictions</h2><table>',
          row(['Output', 'PSI', 'KS D', 'p-value', 'Mean confidence baseline → current', 'Verdict'], { header: true }),
          ...run.predictions.map((p) =>
            row(
              [
                `<code>${esc(p.output)}</code>`,
                fmt(p.psi),
                fmt(p.ks.statistic),
                p.ks.pValue.toExponential(2),
                p.baselineMeanConfidence === null ? '—' : `${fmt(p.baselineMeanConfidence)} → ${fmt(p.currentMeanConfidence ?? Number.NaN)}`,
                p.drifted ? badge('drift', 'fail') : badge('stable', 'pass'),
              ],
              { className: p.drifted ? 'bad' : undefined },
            ),
          ),
          '</table>',
        ].join(''),
    '<h2>Distributions</h2>',
    ...plotted.map((c) => figure(`${c.channel}: baseline (blue) and current (orange)${c.drifted ? ` — ${c.severity}` : ''}`, histogramChart(c.channel, c.channel, c.baseline, c.current))),
  ]);
}

/** The JSON report of a drift run. */
export function renderDriftJson(run: DriftRun): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}
