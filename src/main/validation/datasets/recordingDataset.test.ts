import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImuSimulator } from '../../devices/simulators/imuSimulator';
import { simulateBatch } from '../../devices/simulators/simulateBatch';
import { forkInferenceChannel } from '../../inference/forkInferenceChannel';
import { buildInferenceHost } from '../../inference/testing/buildInferenceHost';
import { labelEvent } from '../../recording/labelSpans';
import { RecordingSession } from '../../recording/recordingSession';
import { simulatedDevice, tempDir } from '../../recording/testing/recordingFixtures';
import { runValidation } from '../validationRunner';
import { openDataset } from './openDataset';
import { CONFLICTING, spanTargetOf, UNLABELLED, windowLabel } from './recordingDataset';

const ACTIVITY_MODEL = fileURLToPath(new URL('../../../../models/testing/imu-activity', import.meta.url));
const HOST_START_MS = 1_760_000_000_000;

describe('labels of windows from label spans', () => {
  // Frames every 10 ms from host time 0.
  const times = Float64Array.from({ length: 100 }, (_, i) => i * 10);
  const target = spanTargetOf(times, [
    { label: 'walking', startMs: 100, endMs: 400 },
    { label: 'running', startMs: 400, endMs: 600 },
    // Overlaps running for 50 ms, then continues alone after a gap.
    { label: 'carrying', startMs: 550, endMs: 650 },
    { label: 'walking', startMs: 800, endMs: 2000 },
  ]);

  it('gives each frame the label covering it, marking gaps and overlaps of different labels', () => {
    expect(target.labels).toEqual(['walking', 'running', 'carrying']);
    expect(target.values[9]).toBe(UNLABELLED);
    expect(target.values[10]).toBe(0); // a span's start is inside it…
    expect(target.values[40]).toBe(1); // …its end is not
    expect(target.values[55]).toBe(CONFLICTING);
    expect(target.values[60]).toBe(2);
    expect(target.values[70]).toBe(UNLABELLED);
    expect(target.values[99]).toBe(0);
  });

  it('labels a window only when one label covers all its frames', () => {
    expect(windowLabel(target, 39, 30)).toBe(0); // frames 10–39: walking throughout
    expect(windowLabel(target, 39, 31)).toBe('unlabelled'); // reaches back into the gap before it
    expect(windowLabel(target, 45, 10)).toBe('unlabelled'); // straddles walking → running
    expect(windowLabel(target, 54, 15)).toBe(1); // frames 40–54: running only
    expect(windowLabel(target, 56, 5)).toBe('unlabelled'); // under the overlap
    expect(windowLabel(target, 64, 6)).toBe('unlabelled'); // holds the overlap's last frame
    expect(windowLabel(target, 64, 5)).toBe(2); // frames 60–64: carrying only
    expect(windowLabel(target, 5, 10)).toBe('unlabelled'); // would start before the first frame
    expect(windowLabel(target, 99, 20)).toBe(0);
  });
});

describe('a labelled IMU recording as a validation dataset', () => {
  let host: Awaited<ReturnType<typeof buildInferenceHost>>;
  const temp = tempDir('recording-dataset');
  beforeAll(async () => {
    host = await buildInferenceHost();
  });
  afterAll(async () => {
    temp.remove();
    await host.remove();
  });

  /**
   * Records 8 s of each activity (switched with the simulator's own `SET activity` command, as the
   * Devices page's simulate hook sends it) and the operator's labels: still and walking back to
   * back, a 1 s unlabelled pause before running.
   */
  async function recordLabelledSession(): Promise<string> {
    const session = await RecordingSession.start({ dir: temp.dir, sessionId: 'labelled-1', name: 'activities', appVersion: 'test', syncEachChunk: false });
    session.addDevice(simulatedDevice('imu', 'imu-1'));
    const imu = new ImuSimulator({ seed: 12, activity: 'still' });
    const at = (s: number): number => HOST_START_MS + s * 1000;
    for (const [i, activity] of (['still', 'walking', 'running'] as const).entries()) {
      expect(imu.handleCommand(`SET activity ${activity}`)).toMatch(/^OK/);
      session.writeFrames('imu-1', 'raw', simulateBatch(imu, 'imu-1', 800, HOST_START_MS).batch);
      if (activity !== 'running') session.writeEvent(labelEvent(at(i * 8), { label: activity, edge: 'start' }));
      if (activity !== 'running') session.writeEvent(labelEvent(at(i * 8 + 8), { label: activity, edge: 'end' }));
    }
    session.writeEvent(labelEvent(at(17), { label: 'running', edge: 'start' }));
    session.writeEvent({ time: at(20), kind: 'note', text: 'unrelated note', detail: {} });
    const closed = await session.close();
    if (!closed.ok) throw new Error(closed.message);
    return closed.path;
  }

  it('opens with the label target and the device profile, and the activity model meets its accuracy bound on it', async () => {
    const path = await recordLabelledSession();
    const dataset = await openDataset(path);
    expect(dataset.ref).toMatchObject({ kind: 'recording', samples: 2400, family: 'imu' });
    expect(dataset.channels).toEqual(['accel_x', 'accel_y', 'accel_z', 'gyro_x', 'gyro_y', 'gyro_z']);
    expect(dataset.targets.map((t) => [t.kind, t.name])).toEqual([['spans', 'label']]);

    const run = await runValidation({ modelDir: ACTIVITY_MODEL, dataset, createChannel: forkInferenceChannel(host.script), appVersion: 'test' });
    // 47 windows of 1 s, hop 0.5 s: the one across still→walking, the one across walking→pause
    // and the two reaching into the pause are skipped (walking→running never meet: the pause).
    expect(run.a.unlabelledWindows).toBe(4);
    expect(run.a.samplesScored).toBe(43);
    expect(run.a.metrics['accuracy']).toBeGreaterThanOrEqual(0.9);
    expect(run.a.checks).toEqual([expect.objectContaining({ metric: 'accuracy', passed: true })]);
    const classification = run.a.outputs.find((o) => o.kind === 'classification');
    expect(classification?.kind === 'classification' ? classification.confusion.flat().reduce((a, b) => a + b, 0) : 0).toBe(43);
  }, 60_000);

  it('carries the calibration the frames were recorded under, when one calibration covers them all', async () => {
    const record = async (id: string, versions: readonly string[]): Promise<string> => {
      const session = await RecordingSession.start({ dir: temp.dir, sessionId: id, name: id, appVersion: 'test', syncEachChunk: false });
      session.addDevice(simulatedDevice('imu', 'imu-1'));
      const imu = new ImuSimulator({ seed: 3 });
      for (const version of versions) {
        session.addMetadata(`calibration:imu-1`, { version });
        const { batch } = simulateBatch(imu, 'imu-1', 100, HOST_START_MS);
        session.writeFrames('imu-1', 'raw', batch);
        session.writeFrames('imu-1', 'calibrated', batch);
      }
      const closed = await session.close();
      if (!closed.ok) throw new Error(closed.message);
      return closed.path;
    };
    expect((await openDataset(await record('one-calibration', ['cal-1']))).calibrationVersion).toBe('cal-1');
    expect((await openDataset(await record('two-calibrations', ['cal-1', 'cal-2']))).calibrationVersion).toBeUndefined();
  });

  it('refuses a recording that is not there, and names the devices when it holds several', async () => {
    await expect(openDataset(join(temp.dir, 'missing.mcap'))).rejects.toThrow(/Cannot open recording/);
    const session = await RecordingSession.start({ dir: temp.dir, sessionId: 'two-devices', name: 'two', appVersion: 'test', syncEachChunk: false });
    for (const id of ['imu-a', 'imu-b']) {
      session.addDevice(simulatedDevice('imu', id));
      session.writeFrames(id, 'raw', simulateBatch(new ImuSimulator({ seed: 1, activity: 'still' }), id, 50, HOST_START_MS).batch);
    }
    const closed = await session.close();
    if (!closed.ok) throw new Error(closed.message);
    await expect(openDataset(closed.path)).rejects.toThrow(/several devices \(imu-a, imu-b\); choose one as .*#<device id>/);
    expect((await openDataset(`${closed.path}#imu-b`)).ref.path).toBe(`${closed.path}#imu-b`);
  });
});
