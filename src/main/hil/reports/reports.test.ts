import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hilRunRecordSchema, type HilRunRecord } from '../../../shared/domain/hilRecord';
import { tempDataDir } from '../testing/hilTestSupport';
import { sampleRunRecord } from '../testing/sampleRun';
import { renderHtmlReport } from './htmlReport';
import { renderJunitXml } from './junitReport';
import { writeReports } from './writeReports';

let record: HilRunRecord;
let data: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  data = await tempDataDir();
  record = await sampleRunRecord(data.dir);
});
afterAll(() => data.remove());

/** Parses XML with a real parser (Python's ElementTree) and returns the elements CI systems read. */
function parseJunit(xml: string): {
  suites: Record<string, string>;
  suite: Record<string, string>;
  cases: { attrs: Record<string, string>; failure: Record<string, string> | null; error: Record<string, string> | null; skipped: Record<string, string> | null; properties: Record<string, string>; failureText: string | null }[];
} {
  const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suite = root.find('testsuite')
def el(e): return None if e is None else dict(e.attrib)
cases = [{'attrs': dict(c.attrib), 'failure': el(c.find('failure')), 'error': el(c.find('error')), 'skipped': el(c.find('skipped')),
          'failureText': None if c.find('failure') is None else c.find('failure').text,
          'properties': {p.get('name'): p.get('value') for p in c.iter('property')}} for c in suite.findall('testcase')]
print(json.dumps({'root': root.tag, 'suites': dict(root.attrib), 'suite': dict(suite.attrib), 'cases': cases}))`;
  const result = spawnSync('/usr/bin/python3', ['-c', script], { input: xml, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`not well-formed XML: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as ReturnType<typeof parseJunit> & { root: string };
  expect(parsed.root).toBe('testsuites');
  return parsed;
}

describe('the sample run', () => {
  test('holds every outcome the reports must show', () => {
    expect(record.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['connect', 'pass'],
      ['identify', 'pass'],
      ['short-capture', 'pass'],
      ['odd-command', 'fail'],
      ['supply-voltage', 'marginal'],
      ['slow-operator', 'error'],
      ['model-latency', 'skipped'],
    ]);
  });
});

describe('JUnit XML', () => {
  test('has the testsuite, testcase, failure, error and skipped attributes CI systems read', () => {
    const junit = parseJunit(renderJunitXml(record));
    const counts = { tests: '7', failures: '1', errors: '1', skipped: '1' };
    expect(junit.suites).toMatchObject(counts);
    expect(junit.suite).toMatchObject({ ...counts, name: 'Sample <bench> & "quotes"', hostname: 'test-bench-1', id: record.id, timestamp: record.startedAt });
    expect(Number(junit.suite.time)).toBeGreaterThan(0);
    expect(junit.cases.map((c) => [c.attrs.name, c.attrs.classname])).toEqual([
      ['connect', 'imu.setup'],
      ['identify', 'imu.setup'],
      ['short-capture', 'imu.main'],
      ['odd-command', 'imu.main'],
      ['supply-voltage', 'imu.main'],
      ['slow-operator', 'imu.main'],
      ['model-latency', 'imu.main'],
    ]);
    for (const c of junit.cases) expect(Number(c.attrs.time)).toBeGreaterThanOrEqual(0);
    const [, , capture, command, supply, slow, skipped] = junit.cases;
    expect(capture.failure ?? capture.error ?? capture.skipped).toBeNull();
    expect(capture.properties['measurement.sample_rate']).toMatch(/^[\d.]+ Hz \(limit = 100 ± 5 % Hz\): pass$/);
    expect(capture.properties['attachment.short-capture-a1.csv']).toMatch(/short-capture-a1\.csv$/);
    expect(command.failure).toEqual({ message: `reply: "ERR unknown command 'BOGUS'" does not match ^OK$`, type: 'measurement' });
    expect(command.failureText).toBe(`reply = ERR unknown command 'BOGUS' (limit matches ^OK$): "ERR unknown command 'BOGUS'" does not match ^OK$`);
    expect(supply.properties.outcome).toBe('marginal');
    expect(supply.failure).toBeNull();
    expect(slow.error).toEqual({ message: 'The step timed out after 100 ms.', type: 'error' });
    expect(skipped.skipped).toEqual({ message: 'Skipped: no model under test.' });
  });
});

describe('HTML report', () => {
  test('is self-contained: summary, every step, inline SVG plots, no script and no external asset', () => {
    const html = renderHtmlReport(record);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
    expect(html).not.toMatch(/url\(/);
    expect(html).toContain('Sample &lt;bench&gt; &amp; &quot;quotes&quot;');
    for (const step of record.steps) expect(html).toContain(`>${step.name}</a>`);
    expect(html.match(/<svg /g)?.length).toBe(record.steps.reduce((n, s) => n + s.plots.length, 0));
    expect(html).toMatch(/<polyline fill="none" stroke="#4e79a7" stroke-width="1.2" points="[\d.]+,[\d.]+ /);
    expect(html).toContain('SC-IMU,fw=1.0.0,sn=SIM0001');
  });
});

describe('written reports', () => {
  test('JSON round-trips the record; all three files are written', async () => {
    const paths = { junit: join(data.dir, 'out', 'r.xml'), html: join(data.dir, 'out', 'r.html'), json: join(data.dir, 'out', 'r.json') };
    await writeReports(record, paths);
    expect(hilRunRecordSchema.parse(JSON.parse(await readFile(paths.json, 'utf8')))).toEqual(record);
    expect(await readFile(paths.junit, 'utf8')).toBe(renderJunitXml(record));
    expect(await readFile(paths.html, 'utf8')).toBe(renderHtmlReport(record));
  });
});
