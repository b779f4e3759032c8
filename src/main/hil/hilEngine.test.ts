import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { HilProgressEvent } from '../../shared/domain/hilRecord';
import type { HilSuite } from '../../shared/domain/hilSuite';
import type { DeviceManager } from '../devices/deviceManager';
import type { HilDevices } from './hilContext';
import { rerunFailedSteps, runSuite } from './hilEngine';
import { parseSuiteYaml } from './suiteFile';
import { quietDeviceManager, ScriptedOperator, tempDataDir, testContext } from './testing/hilTestSupport';

function suite(steps: string, extra = ''): HilSuite {
  const result = parseSuiteYaml(`schemaVersion: 1\nname: Engine test\nfamily: imu\nversion: 0.1.0\n${extra}steps:\n${steps}`);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.suite;
}

const IMU_SIM = { kind: 'simulator', profileId: 'imu-6axis' } as const;

let devices: DeviceManager;
let data: { dir: string; remove: () => Promise<void> };
beforeEach(async () => {
  devices = quietDeviceManager();
  data = await tempDataDir();
});
afterEach(async () => {
  await devices.stop();
  await data.remove();
});

describe('step control', () => {
  test('a step that outlives its timeout errors, and the steps after it are not run', async () => {
    const operator = new ScriptedOperator([{ hang: true }]);
    const record = await runSuite(
      suite(`  - { name: ask, kind: operator, ask: confirm, text: Ready?, timeoutMs: 200 }\n  - { name: after, kind: wait, durationMs: 1 }\n`),
      testContext(devices, data.dir, undefined, { operator }),
    );
    expect(record.steps.map((s) => [s.name, s.outcome, s.message])).toEqual([
      ['ask', 'error', 'The step timed out after 200 ms.'],
      ['after', 'skipped', 'Not run: step "ask" could not be carried out.'],
    ]);
    expect(record.outcome).toBe('error');
    expect(record.message).toBe('ask: The step timed out after 200 ms.');
  });

  test('retries repeat a failing step until it passes, within the number allowed', async () => {
    const steps = `  - { name: ask, kind: operator, ask: confirm, text: LED on?, retries: RETRIES }\n`;
    const once = await runSuite(suite(steps.replace('RETRIES', '1')), testContext(devices, data.dir, undefined, { operator: new ScriptedOperator([{ confirm: false }, { confirm: true }]) }));
    expect(once.steps[0]).toMatchObject({ outcome: 'pass', attempts: 2 });
    expect(once.steps[0].logs[0].text).toMatch(/^Attempt 1 ended fail: answer: "no" is not "yes" — retrying\.$/);
    const never = await runSuite(suite(steps.replace('RETRIES', '0')), testContext(devices, data.dir, undefined, { operator: new ScriptedOperator([{ confirm: false }]) }));
    expect(never.steps[0]).toMatchObject({ outcome: 'fail', attempts: 1 });
    expect(never.outcome).toBe('fail');
  });

  test('skip conditions skip with the reason; continueOnFail lets the run go on but still fail', async () => {
    const record = await runSuite(
      suite(
        `  - { name: latency, kind: model-latency, skipIf: [no-model], durationMs: 100, measure: { p95Ms: { max: 1 } } }\n` +
          `  - { name: reading, kind: operator, ask: number, text: Supply voltage?, unit: V, limit: { equals: 5, within: 0.25 }, continueOnFail: true }\n` +
          `  - { name: marginal-reading, kind: operator, ask: number, text: Current?, unit: mA, limit: { max: 100, marginal: 10 } }\n`,
      ),
      testContext(devices, data.dir, undefined, { operator: new ScriptedOperator([{ number: 4.5 }, { number: 95 }]) }),
    );
    expect(record.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['latency', 'skipped'],
      ['reading', 'fail'],
      ['marginal-reading', 'marginal'],
    ]);
    expect(record.steps[0].message).toBe('Skipped: no model under test.');
    expect(record.steps[1].measurements[0]).toMatchObject({ name: 'entered', value: 4.5, unit: 'V', limit: '= 5 ± 0.25 V', outcome: 'fail' });
    expect(record.outcome).toBe('fail');
  });

  test('a run of passing and marginal steps is marginal', async () => {
    const record = await runSuite(
      suite(`  - { name: current, kind: operator, ask: number, text: Current?, unit: mA, limit: { max: 100, marginal: 10 } }\n`),
      testContext(devices, data.dir, undefined, { operator: new ScriptedOperator([{ number: 95 }]) }),
    );
    expect(record.outcome).toBe('marginal');
  });

  test('re-running failed steps repeats only them, with setup and teardown, and links the runs', async () => {
    const s = suite(
      `  - { name: first, kind: operator, ask: confirm, text: One? }\n  - { name: second, kind: operator, ask: confirm, text: Two? }\n`,
      `setup:\n  - { name: prepare, kind: wait, durationMs: 1 }\n`,
    );
    const first = await runSuite(s, testContext(devices, data.dir, undefined, { operator: new ScriptedOperator([{ confirm: true }, { confirm: false }]) }));
    expect(first.outcome).toBe('fail');
    const operator = new ScriptedOperator([{ confirm: true }]);
    const again = await rerunFailedSteps(s, first, testContext(devices, data.dir, undefined, { operator }));
    expect(operator.asked).toEqual(['Two?']);
    expect(again.steps.map((st) => [st.name, st.outcome])).toEqual([
      ['prepare', 'pass'],
      ['first', 'skipped'],
      ['second', 'pass'],
    ]);
    expect(again.steps[1].message).toBe(`Not repeated: it passed in run ${first.id}.`);
    expect(again).toMatchObject({ outcome: 'pass', rerunOf: first.id });
  });
});

describe('abort', () => {
  test('aborting mid-capture ends the step as aborted, runs teardown and leaves no device or subscription open', async () => {
    let subscriptions = 0;
    const counting: HilDevices = {
      connect: (spec) => devices.connect(spec),
      disconnect: (id) => devices.disconnect(id),
      source: (id) => devices.source(id),
      subscribe: (id, listener) => {
        subscriptions += 1;
        const off = devices.subscribe(id, listener);
        return () => {
          subscriptions -= 1;
          off();
        };
      },
    };
    const controller = new AbortController();
    const events: HilProgressEvent[] = [];
    let abortedAt = 0;
    const record = await runSuite(
      suite(
        `  - { name: long-capture, kind: capture, durationMs: 20000, measure: { frames: { min: 1 } } }\n  - { name: never, kind: wait, durationMs: 1 }\n`,
        `setup:\n  - { name: connect, kind: connect }\nteardown:\n  - { name: tidy, kind: wait, durationMs: 1 }\n`,
      ),
      { ...testContext(devices, data.dir, IMU_SIM), devices: counting },
      {
        signal: controller.signal,
        onProgress: (event) => {
          events.push(event);
          if (event.type === 'step-progress' && event.name === 'long-capture' && event.fraction > 0.02 && abortedAt === 0) {
            expect(subscriptions).toBe(1);
            abortedAt = performance.now();
            controller.abort();
          }
        },
      },
    );
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(record.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['connect', 'pass'],
      ['long-capture', 'aborted'],
      ['never', 'skipped'],
      ['tidy', 'pass'],
    ]);
    expect(record.steps[2].message).toBe('Not run: the run was aborted.');
    expect(record.outcome).toBe('aborted');
    expect(subscriptions).toBe(0);
    expect(devices.list()).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'aborted' });
  });
});

describe('progress', () => {
  test('announces the run, each step start and finish in order, then the outcome', async () => {
    const events: HilProgressEvent[] = [];
    await runSuite(
      suite(`  - { name: a, kind: wait, durationMs: 1 }\n  - { name: b, kind: model-latency, skipIf: [no-model], durationMs: 10, measure: { p95Ms: { max: 1 } } }\n`),
      testContext(devices, data.dir, undefined),
      { onProgress: (e) => events.push(e) },
    );
    expect(events.map((e) => `${e.type}${'name' in e ? `:${e.name}` : ''}${e.type === 'step-finished' ? `:${e.step.name}:${e.step.outcome}` : ''}`)).toEqual([
      'run-started',
      'step-started:a',
      'step-finished:a:pass',
      'step-finished:b:skipped',
      'run-finished',
    ]);
  });
});
