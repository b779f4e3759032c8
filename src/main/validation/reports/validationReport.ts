import type { Comparison, MetricCheck, OutputMetrics, ValidationResult, ValidationRun } from '../../../shared/domain/validation';
import { escapeXml as esc } from '../../hil/reports/xmlText';
import { badge, figure, htmlPage, keyValueTable, row } from './htmlPage';
import { formatNumber as fmt, heatMap, histogramChart, reliabilityDiagram, thresholdChart } from './svgCharts';

/** Sample indices shown per drill-down list in the HTML (the JSON report has them all). */
const LISTED = 20;

function checksTable(checks: readonly MetricCheck[]): string {
  if (checks.length === 0) return '<p class="muted">The manifest sets no validation thresholds.</p>';
  return [
    '<table>',
    row(['Metric', 'Value', 'Bound', 'Outcome', 'Note'], { header: true }),
    ...checks.map((c) =>
      row(
        [
          `<code>${esc(c.metric)}</code>`,
          c.value === null ? '—' : `${fmt(c.value)}${c.interval ? ` <span class="muted">(95 % ${fmt(c.interval.low)}–${fmt(c.interval.high)})</span>` : ''}`,
          esc([c.min === undefined ? '' : `≥ ${c.min}`, c.max === undefined ? '' : `≤ ${c.max}`].filter(Boolean).join(' and ')),
          badge(c.passed ? 'pass' : 'fail', c.passed ? 'pass' : 'fail'),
          esc(c.note ?? ''),
        ],
        { className: c.passed ? 'good' : 'bad', numeric: [1] },
      ),
    ),
    '</table>',
  ].join('');
}

function scoresTable(title: string, scores: readonly { label: string; precision: number; recall: number; f1: number; support: number }[]): string {
  return [
    '<table>',
    row([title, 'Precision', 'Recall', 'F1', 'Support'], { header: true }),
    ...scores.map((s) => row([esc(s.label), fmt(s.precision), fmt(s.recall), fmt(s.f1), String(s.support)], { numeric: [1, 2, 3, 4] })),
    '</table>',
  ].join('');
}

function outputSection(m: OutputMetrics): string {
  const head = `<h3>Output <code>${esc(m.output)}</code> <span class="muted">${esc(m.kind)}</span></h3>`;
  switch (m.kind) {
    case 'classification': {
      const confusions = m.cells
        .flatMap((row_, t) => row_.map((ids, p) => ({ t, p, ids })))
        .filter((c) => c.t !== c.p && c.ids.length > 0)
        .sort((x, y) => y.ids.length - x.ids.length)
        .slice(0, 10);
      return [
        head,
        keyValueTable([
          ['Samples', String(m.samples)],
          ['Accuracy', fmt(m.accuracy)],
          ['Macro F1', fmt(m.macroF1)],
          ['Micro F1', fmt(m.microF1)],
          ['Expected calibration error', fmt(m.ece)],
        ]),
        scoresTable('Class', m.perClass),
        figure('Confusion matrix (rows: true class, columns: predicted)', heatMap('confusion matrix', m.labels, m.labels, m.confusion, (v) => String(v))),
        figure('Reliability diagram (bars: accuracy per confidence bin; dashed: perfect calibration)', reliabilityDiagram(m.reliability)),
        m.thresholdSweep.length > 0 ? figure(`Threshold sweep for "${m.labels[1]}"`, thresholdChart(m.thresholdSweep)) : '',
        confusions.length === 0
          ? ''
          : `<p>Most frequent confusions (sample indices):</p><ul>${confusions
              .map((c) => `<li>${esc(m.labels[c.t])} → ${esc(m.labels[c.p])}: ${m.confusion[c.t][c.p]} — ${c.ids.slice(0, LISTED).join(', ')}${c.ids.length > LISTED ? ', …' : ''}</li>`)
              .join('')}</ul>`,
      ].join('\n');
    }
    case 'multilabel':
      return [
        head,
        keyValueTable([
          ['Samples', String(m.samples)],
          ['Micro F1', fmt(m.microF1)],
          ['Macro F1', fmt(m.macroF1)],
          ['Micro precision / recall', `${fmt(m.microPrecision)} / ${fmt(m.microRecall)}`],
          ['Subset accuracy', fmt(m.subsetAccuracy)],
          ['Expected calibration error', fmt(m.ece)],
        ]),
        scoresTable('Label', m.perLabel),
        figure('Reliability of the label probabilities', reliabilityDiagram(m.reliability)),
        figure('One common threshold swept over all labels (micro)', thresholdChart(m.thresholdSweep)),
      ].join('\n');
    case 'regression':
      return [
        head,
        keyValueTable([
          ['Samples', String(m.samples)],
          ['MAE', `${fmt(m.mae)} ${esc(m.units)}`],
          ['RMSE', `${fmt(m.rmse)} ${esc(m.units)}`],
          ['R²', fmt(m.r2)],
          ['RMSE ratio (vs. input passed through)', m.rmseRatio === null ? '—' : fmt(m.rmseRatio)],
        ]),
        figure(`Error histogram (prediction − truth, ${m.units})`, histogramChart('error histogram', `error, ${m.units}`, m.errorHistogram)),
      ].join('\n');
    case 'localisation':
      return [
        head,
        keyValueTable([
          ['Samples', String(m.samples)],
          ['Median error', `${fmt(m.medianErrorM)} m`],
          ['90th percentile error', `${fmt(m.p90ErrorM)} m`],
          ['Mean error', `${fmt(m.meanErrorM)} m`],
          ['Largest error', `${fmt(m.maxErrorM)} m`],
        ]),
        figure('Euclidean error histogram', histogramChart('error histogram', 'error, m', m.errorHistogram)),
        m.errorMap
          ? figure(
              'Mean error (m) by true position (rows: y, columns: x)',
              heatMap(
                'error map',
                m.errorMap.yEdges.slice(0, -1).map((e) => `y ${fmt(e)}`),
                m.errorMap.xEdges.slice(0, -1).map((e) => `x ${fmt(e)}`),
                m.errorMap.meanError,
              ),
            )
          : '',
      ].join('\n');
    case 'events':
      return [
        head,
        keyValueTable([
          ['Label', esc(m.label)],
          ['Tolerance', `±${fmt(m.toleranceS)} s (one-to-one matching)`],
          ['True events / detected', `${m.trueEvents} / ${m.detected}`],
          ['Precision', fmt(m.precision)],
          ['Recall', fmt(m.recall)],
          ['F1', fmt(m.f1)],
          ['Mean timing offset', `${fmt(m.meanOffsetS)} s`],
        ]),
        m.missedTimesS.length === 0 ? '' : `<p>Missed events at (s): ${m.missedTimesS.slice(0, LISTED).map(fmt).join(', ')}${m.missedTimesS.length > LISTED ? ', …' : ''}</p>`,
        m.falseTimesS.length === 0 ? '' : `<p>False detections at (s): ${m.falseTimesS.slice(0, LISTED).map(fmt).join(', ')}${m.falseTimesS.length > LISTED ? ', …' : ''}</p>`,
      ].join('\n');
  }
}

function resultSection(label: string, r: ValidationResult): string {
  return [
    `<section><h2>${esc(label)}: ${esc(r.model.name)} ${esc(r.model.version)} ${badge(r.passed ? 'pass' : 'fail', r.passed ? 'pass' : 'fail')}</h2>`,
    keyValueTable([
      ['Package', esc(r.model.path)],
      ['model.onnx SHA-256', `<code>${esc(r.model.sha256)}</code>`],
      ['Samples scored', String(r.samplesScored)],
      ...(r.unlabelledWindows > 0 ? [['Windows without a covering label (skipped)', String(r.unlabelledWindows)] as [string, string]] : []),
      ['Refused (NaN/Inf) / flagged out of range / outliers', `${r.rejected} / ${r.flaggedOutOfRange} / ${r.flaggedOutliers}`],
      ['Runtime per batch p50 / p95 / max', `${fmt(r.latency.batchP50Ms)} / ${fmt(r.latency.batchP95Ms)} / ${fmt(r.latency.batchMaxMs)} ms (${r.latency.batches} batches of ${fmt(r.latency.meanBatchSize)})`],
      ['Runtime per sample (mean)', `${fmt(r.latency.perSampleMeanMs)} ms`],
    ]),
    '<h3>Manifest thresholds</h3>',
    checksTable(r.checks),
    ...r.outputs.map(outputSection),
    '</section>',
  ].join('\n');
}

function comparisonSection(c: Comparison): string {
  const cls = (better: string, side: 'a' | 'b'): string => (better === side ? 'better' : better === 'same' || better === 'unknown' ? '' : 'worse');
  return [
    '<section><h2>A/B comparison</h2>',
    '<table>',
    row(['Metric', 'A', 'B', 'B − A', 'Better'], { header: true }),
    ...c.deltas.map(
      (d) =>
        `<tr><td><code>${esc(d.metric)}</code></td><td class="num ${cls(d.better, 'a')}">${fmt(d.a)}</td><td class="num ${cls(d.better, 'b')}">${fmt(d.b)}</td><td class="num">${d.delta > 0 ? '+' : ''}${fmt(d.delta)}</td><td>${esc(d.better === 'same' ? 'same' : d.better === 'unknown' ? '—' : d.better.toUpperCase())}</td></tr>`,
    ),
    '</table>',
    ...c.disagreements.map((d) =>
      [
        `<h3>Disagreements on <code>${esc(d.output)}</code>: ${d.count}</h3>`,
        d.samples.length === 0
          ? ''
          : [
              '<table>',
              row(['Sample', 'A said', 'B said', 'A error', 'B error'], { header: true }),
              ...d.samples.slice(0, LISTED).map((s) => row([String(s.sample), fmt(s.a), fmt(s.b), fmt(s.errorA), fmt(s.errorB)], { numeric: [0, 1, 2, 3, 4] })),
              '</table>',
            ].join(''),
      ].join('\n'),
    ),
    '</section>',
  ].join('\n');
}

/** The self-contained HTML report of a validation run (one model, or A/B). */
export function renderValidationHtml(run: ValidationRun): string {
  const title = run.b ? `${run.a.model.name} ${run.a.model.version} vs ${run.b.model.name} ${run.b.model.version}` : `${run.a.model.name} ${run.a.model.version}`;
  return htmlPage(`Validation — ${title} — ${run.passed ? 'pass' : 'fail'}`, [
    `<h1>Validation of ${esc(title)} ${badge(run.passed ? 'pass' : 'fail', run.passed ? 'pass' : 'fail')}</h1>`,
    keyValueTable([
      ['Dataset', `${esc(run.dataset.path)} <span class="muted">(${esc(run.dataset.kind)}, ${run.dataset.samples} samples${run.dataset.family ? `, ${esc(run.dataset.family)}` : ''})</span>`],
      ['Dataset SHA-256', `<code>${esc(run.dataset.sha256)}</code>`],
      ['Calibration version', esc(run.calibrationVersion ?? 'none')],
      ['App version', esc(run.appVersion)],
      ['Run', esc(run.id)],
      ['Started / ended', `${esc(run.startedAt)} / ${esc(run.endedAt)}`],
    ]),
    resultSection(run.b ? 'Model A' : 'Model', run.a),
    run.b ? resultSection('Model B', run.b) : '',
    run.comparison ? comparisonSection(run.comparison) : '',
  ]);
}

/** The JSON report: the stored record itself (NaN written as null). */
export function renderValidationJson(run: ValidationRun): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}
