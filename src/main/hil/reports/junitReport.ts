import type { HilRunRecord, HilStepRecord } from '../../../shared/domain/hilRecord';
import { formatValue } from './measurementText';
import { escapeXml } from './xmlText';

const attr = (name: string, value: string | number): string => `${name}="${escapeXml(String(value))}"`;
const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function property(name: string, value: string): string {
  return `<property ${attr('name', name)} ${attr('value', value)}/>`;
}

/** What a step's outcome is in JUnit's vocabulary: failure, error, skipped, or nothing for a pass. */
function verdict(step: HilStepRecord): string {
  const failing = step.measurements.filter((m) => m.outcome === 'fail');
  const details = failing.map((m) => `${m.name} = ${formatValue(m)} (limit ${m.limit ?? 'none'}): ${m.message ?? ''}`).join('\n');
  const message = step.message ?? step.outcome;
  switch (step.outcome) {
    case 'pass':
    case 'marginal':
      return '';
    case 'fail':
      return `<failure ${attr('message', message)} ${attr('type', 'measurement')}>${escapeXml(details)}</failure>`;
    case 'error':
      return `<error ${attr('message', message)} ${attr('type', 'error')}/>`;
    case 'aborted':
      return `<error ${attr('message', message)} ${attr('type', 'aborted')}/>`;
    case 'skipped':
      return `<skipped ${attr('message', message)}/>`;
  }
}

function testcase(record: HilRunRecord, step: HilStepRecord): string {
  const props = [
    property('outcome', step.outcome),
    property('attempts', String(step.attempts)),
    ...step.measurements.map((m) => property(`measurement.${m.name}`, `${formatValue(m)}${m.limit === null ? '' : ` (limit ${m.limit})`}: ${m.outcome}`)),
    ...step.attachments.map((a) => property(`attachment.${a.name}`, a.path)),
  ];
  const out = step.logs.map((l) => `${new Date(l.timeMs).toISOString()} ${l.level.toUpperCase()} ${l.text}`).join('\n');
  return [
    `    <testcase ${attr('name', step.name)} ${attr('classname', `${record.suite.family}.${step.phase}`)} ${attr('time', seconds(step.durationMs))}>`,
    `      <properties>${props.join('')}</properties>`,
    verdict(step) === '' ? '' : `      ${verdict(step)}`,
    out === '' ? '' : `      <system-out>${escapeXml(out)}</system-out>`,
    '    </testcase>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The run as JUnit XML, the format CI systems read: the suite is a testsuite, each step a
 * testcase (classname `<family>.<phase>`), measurements and attachments as properties, failed
 * measurements in the failure's text, errors and aborts as errors, skips with their reason.
 */
export function renderJunitXml(record: HilRunRecord): string {
  const count = (outcomes: readonly string[]): number => record.steps.filter((s) => outcomes.includes(s.outcome)).length;
  const totals = {
    tests: record.steps.length,
    failures: count(['fail']),
    errors: count(['error', 'aborted']),
    skipped: count(['skipped']),
    time: seconds(Date.parse(record.endedAt) - Date.parse(record.startedAt)),
  };
  const totalAttrs = `${attr('tests', totals.tests)} ${attr('failures', totals.failures)} ${attr('errors', totals.errors)} ${attr('skipped', totals.skipped)} ${attr('time', totals.time)}`;
  const runProps = [
    property('run.id', record.id),
    property('run.outcome', record.outcome),
    property('suite.version', record.suite.version),
    property('device.source', record.device.source),
    property('device.identity', record.device.identity ?? ''),
    property('device.serial', record.device.serialNumber ?? ''),
    property('station', record.station),
    property('operator', record.operator),
    property('app.version', record.appVersion),
    property('model.version', record.modelVersion ?? ''),
    property('calibration.version', record.calibrationProfileVersion ?? ''),
    ...(record.rerunOf === null ? [] : [property('run.rerunOf', record.rerunOf)]),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attr('name', 'Sensor Console HIL')} ${totalAttrs}>`,
    `  <testsuite ${attr('name', record.suite.name)} ${totalAttrs} ${attr('timestamp', record.startedAt)} ${attr('hostname', record.station)} ${attr('id', record.id)}>`,
    `    <properties>${runProps.join('')}</properties>`,
    ...record.steps.map((s) => testcase(record, s)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
