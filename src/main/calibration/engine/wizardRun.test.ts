import { describe, expect, it } from 'vitest';
import { ProcedureOptionsSchema, WizardSnapshotSchema, type ProcedureOptionsInput } from '../../../shared/domain/calibrationWizard';
import { EnoseSimulator } from '../../devices/simulators/enoseSimulator';
import { ImuSimulator } from '../../devices/simulators/imuSimulator';
import { SimulatorFeed } from '../testing/simulatorFeed';
import { createWizardRun } from './createWizardRun';

function gyroRun(procedure: ProcedureOptionsInput = { procedure: 'imu-gyro-bias' }) {
  const feed = new SimulatorFeed('imu-6axis', new ImuSimulator({ seed: 21, activity: 'still', gyroBias: [0.02, 0, 0] }));
  let changes = 0;
  const run = createWizardRun({
    runId: 'w-1',
    device: feed,
    options: ProcedureOptionsSchema.parse(procedure),
    operator: 'F. Test',
    previous: null,
    onChange: () => changes++,
  });
  run.start();
  return { feed, run, changes: () => changes };
}

describe('wizard run', () => {
  it('keeps a serialisable snapshot that the contract schema accepts at every phase', () => {
    const { feed, run } = gyroRun();
    expect(WizardSnapshotSchema.parse(run.snapshot()).phase).toBe('running');
    feed.run(1);
    const mid = WizardSnapshotSchema.parse(JSON.parse(JSON.stringify(run.snapshot())));
    expect(mid.current?.stability?.features.map((f) => f.name)).toEqual(['gyro_x', 'gyro_y', 'gyro_z', 'accel_x', 'accel_y', 'accel_z']);
    feed.run(4);
    const review = WizardSnapshotSchema.parse(run.snapshot());
    expect(review.phase).toBe('review');
    expect(review.current).toBeNull();
    expect(review.steps.map((s) => s.state)).toEqual(['done', 'active']);
    expect(review.review?.channels).toHaveLength(3);
  });

  it('cancels at any point: stops listening and keeps nothing', () => {
    const { feed, run } = gyroRun();
    feed.run(2);
    expect(feed.listenerCount).toBe(1);
    run.cancel();
    expect(feed.listenerCount).toBe(0);
    expect(run.phase).toBe('cancelled');
    feed.run(5);
    expect(run.fit).toBeNull();
    expect(() => run.input({ action: 'confirm' })).toThrow(/This calibration is cancelled/);
  });

  it('throws partial data away when frames stop arriving for a while, and says why', () => {
    const { feed, run } = gyroRun();
    feed.run(2.5);
    expect(run.snapshot().current?.progress.captured).toBeGreaterThan(100);
    feed.skip(1.5);
    feed.run(0.05);
    const step = run.snapshot().current;
    expect(step?.restarts).toBe(1);
    expect(step?.lastRestartReason).toMatch(/No data for 1\.5 s/);
    expect(step?.progress.captured).toBe(0);
  });

  it('pauses and restarts the capture while the device is disconnected', () => {
    const { feed, run } = gyroRun();
    feed.run(2.5);
    feed.state = 'reconnecting';
    feed.run(0.1);
    const blocked = run.snapshot().current;
    expect(blocked?.blockers.map((b) => b.code)).toEqual(['device-disconnected']);
    expect(blocked?.progress.captured).toBe(0);
    expect(blocked?.restarts).toBe(1);
    feed.state = 'open';
    feed.run(5);
    expect(run.phase).toBe('review');
  });

  it('blocks capture while the device runs below its nominal rate', () => {
    const { feed, run } = gyroRun();
    feed.command('RATE 50');
    feed.run(4);
    const step = run.snapshot().current;
    expect(step?.blockers).toEqual([
      { code: 'rate-low', message: expect.stringMatching(/sends 50 frames\/s, below its nominal 100/) },
    ]);
    expect(step?.progress.captured).toBe(0);
    feed.command('RATE 100');
    feed.run(6);
    expect(run.phase).toBe('review');
  });

  it('cannot bind a calibration to a device that never identified itself', () => {
    const { feed, run } = gyroRun();
    feed.deviceKey = null;
    feed.run(5);
    expect(run.snapshot().current?.blockers.map((b) => b.code)).toEqual(['no-identity']);
    expect(run.phase).toBe('running');
  });

  it('redoes a step on request, from review, with fresh data', () => {
    const { feed, run } = gyroRun();
    feed.run(5);
    expect(run.phase).toBe('review');
    run.redo('rest');
    expect(run.phase).toBe('running');
    expect(run.fit).toBeNull();
    expect(run.snapshot().current?.progress.captured).toBe(0);
    feed.run(5);
    expect(run.phase).toBe('review');
    expect(() => run.redo('nope')).toThrow(/no step "nope" \(it has rest\)/);
  });

  it('refuses operator actions that do not fit the step', () => {
    const { run } = gyroRun();
    expect(() => run.input({ action: 'confirm' })).toThrow(/completes by itself/);
    expect(() => run.input({ action: 'skip' })).toThrow(/is not optional/);
    expect(() => run.input({ action: 'set-inputs', values: { x: 1 } })).toThrow(/has no input "x"/);
  });

  it('refuses a procedure for another family before anything runs', () => {
    const feed = new SimulatorFeed('enose-8mos', new EnoseSimulator({ seed: 1 }));
    expect(() =>
      createWizardRun({ runId: 'x', device: feed, options: ProcedureOptionsSchema.parse({ procedure: 'imu-gyro-bias' }), operator: 'o', previous: null }),
    ).toThrow(/Gyroscope bias is for imu devices; this device belongs to the enose family/);
  });

  it('reports a batch worth of changes to its listener', () => {
    const { feed, changes } = gyroRun();
    feed.run(1, 10);
    expect(changes()).toBe(10);
  });
});
