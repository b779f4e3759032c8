import type { HilRunRecord } from '../../../shared/domain/hilRecord';
import { runSuite } from '../hilEngine';
import { parseSuiteYaml } from '../suiteFile';
import { quietDeviceManager, ScriptedOperator, testContext } from './hilTestSupport';

/** A short suite whose run holds every outcome: pass, marginal, fail, error, skipped. */
const SAMPLE_SUITE = `schemaVersion: 1
name: Sample <bench> & "quotes"
family: imu
version: 2.1.0
setup:
  - { name: connect, kind: connect }
  - { name: identify, kind: identify }
steps:
  - name: short-capture
    kind: capture
    durationMs: 400
    measure:
      sampleRateHz: { equals: 100, withinPct: 5 }
      channels: [{ select: [accel_z], mean: { min: -50, max: 50 }, std: { min: 0.001 } }]
  - { name: odd-command, kind: command, send: "BOGUS <&>", expect: { matches: '^OK$' }, continueOnFail: true }
  - { name: supply-voltage, kind: operator, ask: number, text: Supply voltage?, unit: V, limit: { min: 4.75, max: 5.25, marginal: 0.05 } }
  - { name: slow-operator, kind: operator, ask: confirm, text: Anyone there?, timeoutMs: 100, continueOnFail: true }
  - { name: model-latency, kind: model-latency, skipIf: [no-model], durationMs: 100, measure: { p95Ms: { max: 5 } } }
`;

/** Runs the sample suite against an in-process IMU simulator, attachments in `dataDir`. */
export async function sampleRunRecord(dataDir: string): Promise<HilRunRecord> {
  const parsed = parseSuiteYaml(SAMPLE_SUITE);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const devices = quietDeviceManager();
  try {
    return await runSuite(
      parsed.suite,
      testContext(devices, dataDir, { kind: 'simulator', profileId: 'imu-6axis' }, { operator: new ScriptedOperator([{ number: 5.22 }, { hang: true }]) }),
    );
  } finally {
    await devices.stop();
  }
}
