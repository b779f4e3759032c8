import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { forkInferenceChannel } from '../inference/forkInferenceChannel';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { openDatabase } from '../storage/database';
import { migrations } from '../storage/migrations';
import { runHilCommand } from './hilCommand';
import { HilRunStore } from './hilRunStore';
import { tempDataDir } from './testing/hilTestSupport';

// Until the lead appends the HIL migration to the app's list, the command is given the full list.
const schema = migrations;

let data: { dir: string; remove: () => Promise<void> };
let host: { script: string; remove: () => Promise<void> };
beforeAll(async () => {
  [data, host] = await Promise.all([tempDataDir(), buildInferenceHost()]);
});
afterAll(() => Promise.all([data.remove(), host.remove()]));

async function run(args: readonly string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  // The repository's model catalogue and the real model runtime, as the built CLI finds them.
  const runtime = { modelsDir: fileURLToPath(new URL('../../../models', import.meta.url)), createInferenceChannel: forkInferenceChannel(host.script) };
  const code = await runHilCommand(args, { migrations: schema, out: (line) => lines.push(line), runtime });
  return { code, lines };
}

const QUICK = (rateLimit: string): string => `schemaVersion: 1
name: Quick check
family: imu
version: 1.0.0
setup:
  - { name: connect, kind: connect }
steps:
  - { name: stream, kind: capture, durationMs: 500, measure: { sampleRateHz: ${rateLimit} } }
`;

describe('sensor-console hil run', () => {
  test('exits 0 on a passing run, prints progress, stores the run and writes the reports', async () => {
    const suitePath = join(data.dir, 'quick.yaml');
    await writeFile(suitePath, QUICK('{ equals: 100, withinPct: 5 }'));
    const out = (name: string): string => join(data.dir, name);
    const { code, lines } = await run(['run', suitePath, '--device', 'sim:imu-6axis', '--data-dir', data.dir, '--junit', out('r.xml'), '--html', out('r.html'), '--json', out('r.json'), '--station', 'bench-7']);
    expect(code).toBe(0);
    expect(lines[0]).toBe('Running "Quick check" v1.0.0 on simulated imu-6axis');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}PASS {5}main\/stream +0\.\d s$/));
    expect(lines).toContain('Result: PASS');
    expect(lines.at(-3)).toBe(`JUnit report: ${out('r.xml')}`);
    expect(await readFile(out('r.xml'), 'utf8')).toContain('<testsuite name="Quick check" tests="2" failures="0" errors="0" skipped="0"');
    expect(await readFile(out('r.html'), 'utf8')).toContain('<svg');
    const { id } = JSON.parse(await readFile(out('r.json'), 'utf8')) as { id: string };
    const { db } = openDatabase(join(data.dir, 'console.db'), schema);
    try {
      expect(new HilRunStore(db).get(id)).toMatchObject({ station: 'bench-7', outcome: 'pass', device: { source: 'simulator:imu-6axis' } });
    } finally {
      db.close();
    }
  });

  test('exits 1 when the run fails, naming the step and measurement', async () => {
    const suitePath = join(data.dir, 'strict.yaml');
    await writeFile(suitePath, QUICK('{ min: 500 }'));
    const { code, lines } = await run(['run', suitePath, '--device', 'sim:imu-6axis', '--data-dir', data.dir]);
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatch(/^Result: FAIL — stream: sample_rate: [\d.]+ Hz is below the limit 500 Hz$/);
  });

  test('exits 2 with file:line:column on a broken suite, and on bad arguments', async () => {
    const suitePath = join(data.dir, 'broken.yaml');
    await writeFile(suitePath, QUICK('{ equals: 100 }').replace('durationMs: 500', 'duration: 500'));
    const broken = await run(['run', suitePath, '--device', 'sim:imu-6axis', '--data-dir', data.dir]);
    expect(broken.code).toBe(2);
    expect(broken.lines).toEqual([`${suitePath}:8:5: steps[0].durationMs: Invalid input: expected number, received undefined\n${suitePath}:8:36: steps[0].duration: unknown key`]);
    expect((await run(['run', 'imu', '--device', 'sim:no-such-profile'])).lines[0]).toBe('No device profile "no-such-profile".');
    expect((await run(['run', 'imu'])).lines[0]).toBe('This suite tests a device: give one with --device (sim:imu-6axis, /dev/ttyUSB0, …).');
    expect((await run(['explode'])).code).toBe(2);
  });

  test('--model runs the suite\'s model checks on a shipped model in the real runtime', async () => {
    const { code, lines } = await run(['run', 'echoloc', '--device', 'sim:echoloc-square-4', '--model', 'echoloc/echoloc-nn', '--data-dir', data.dir]);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}PASS +main\/localises-target/));
    expect(lines.at(-1)).toBe('Result: PASS');
    expect(code).toBe(0);
    const missing = await run(['run', 'echoloc', '--device', 'sim:echoloc-square-4', '--model', 'echoloc/no-such-model', '--data-dir', data.dir]);
    expect(missing.code).toBe(2);
    expect(missing.lines[0]).toMatch(/^Cannot use the model "echoloc\/no-such-model": /);
  }, 60_000);
});
