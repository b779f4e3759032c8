import { describe, expect, it } from 'vitest';
import type { ProcedureOptionsInput } from '../../../shared/domain/calibrationWizard';
import { ProcedureOptionsSchema } from '../../../shared/domain/calibrationWizard';
import { ImuSimulator, type ImuOptions, type ImuTruth } from '../../devices/simulators/imuSimulator';
import { simulateBatch } from '../../devices/simulators/simulateBatch';
import { applyCalibration, compileCalibration } from '../apply/applyCalibration';
import { createWizardRun } from '../engine/createWizardRun';
import type { WizardRun } from '../engine/wizardRun';
import { ProgressRecorder } from '../testing/progressRecorder';
import { SimulatorFeed } from '../testing/simulatorFeed';

function imuRun(options: ImuOptions, procedure: ProcedureOptionsInput): { feed: SimulatorFeed<ImuTruth>; run: WizardRun; progress: ProgressRecorder } {
  const feed = new SimulatorFeed('imu-6axis', new ImuSimulator({ seed: 11, activity: 'still', ...options }));
  const progress = new ProgressRecorder();
  const run: WizardRun = createWizardRun({
    runId: 'run-1',
    device: feed,
    options: ProcedureOptionsSchema.parse(procedure),
    operator: 'A. Technician',
    previous: null,
    onChange: () => progress.record(run.snapshot()),
  });
  run.start();
  return { feed, run, progress };
}

/** Mean of each value over a batch's frames. */
function columnMeans(values: Float32Array, channels: number): Float64Array {
  const out = new Float64Array(channels);
  const frames = values.length / channels;
  for (let i = 0; i < values.length; i++) out[i % channels] += values[i] / frames;
  return out;
}

describe('IMU accelerometer 6-position calibration', () => {
  const offset = [0.3, -0.2, 0.5] as const;
  const scale = [1.02, 0.97, 1.05] as const;

  it('recovers injected offset and scale per axis from the six poses in any order', () => {
    const { feed, run, progress } = imuRun({ accelOffset: offset, accelScale: scale }, { procedure: 'imu-accel-6' });
    run.input({ action: 'confirm' });
    for (const pose of ['-x', '+z', '+y', '-z', '-y', '+x']) {
      feed.command(`SET pose ${pose}`);
      feed.run(2.5);
      const slot = run.snapshot().current?.slots.find((s) => s.id === pose);
      expect(slot?.status ?? 'done').not.toBe('red');
    }
    expect(run.phase).toBe('review');
    expect(progress.violations()).toEqual([]);
    const fit = run.fit;
    expect(fit?.report.outcome).toBe('pass');
    for (let axis = 0; axis < 3; axis++) {
      const t = fit?.transforms[axis];
      if (t?.kind !== 'linear') throw new Error('expected a linear transform');
      // calibrated = (raw − offset) / scale; tolerance ≈ 0.3 % in scale, 0.02 m/s² in offset.
      expect(t.gain).toBeCloseTo(1 / scale[axis], 2);
      expect(Math.abs(t.offset + offset[axis] / scale[axis])).toBeLessThan(0.02);
    }

    // With the profile applied, a tilted resting device reads true specific force.
    const compiled = compileCalibration(feed.profile, fit?.transforms ?? []);
    if (!compiled.ok) throw new Error(compiled.error);
    const check = new ImuSimulator({ seed: 12, activity: 'still', accelOffset: offset, accelScale: scale, attitude: { rollRad: 0.4, pitchRad: -0.7, yawRad: 1 } });
    const { batch, truth } = simulateBatch(check, 'd', 500);
    const calibrated = columnMeans(applyCalibration(batch, compiled.compiled).values, 6);
    for (let axis = 0; axis < 3; axis++) expect(Math.abs(calibrated[axis] - truth[0].accelTrue[axis])).toBeLessThan(0.03);
  });

  it('shows each pose red, yellow while capturing, green when done', () => {
    const { feed, run } = imuRun({}, { procedure: 'imu-accel-6' });
    run.input({ action: 'confirm' });
    feed.command('SET pose +z');
    feed.run(1);
    const statuses = Object.fromEntries(run.snapshot().current?.slots.map((s) => [s.id, s.status]) ?? []);
    expect(statuses).toEqual({ '+x': 'red', '-x': 'red', '+y': 'red', '-y': 'red', '+z': 'yellow', '-z': 'red' });
    feed.run(2);
    expect(run.snapshot().current?.slots.find((s) => s.id === '+z')?.status).toBe('green');
    // Staying on a finished face says what to do next instead of capturing it twice.
    feed.run(1);
    expect(run.snapshot().current?.blockers.map((b) => b.code)).toEqual(['pose-done']);
  });

  it('restarts a pose when the device moves during its capture', () => {
    const { feed, run, progress } = imuRun({}, { procedure: 'imu-accel-6' });
    run.input({ action: 'confirm' });
    feed.command('SET pose -y');
    feed.run(1);
    const before = run.snapshot().current;
    expect(before?.progress.captured).toBeGreaterThan(0);
    feed.command('SET activity walking');
    feed.run(1);
    const moved = run.snapshot().current;
    expect(moved?.restarts).toBe(1);
    expect(moved?.lastRestartReason).toMatch(/accel_. is not steady/);
    expect(moved?.progress.captured).toBe(0);
    expect(moved?.blockers[0]?.code).toBe('unstable');
    feed.command('SET activity still');
    feed.run(3);
    expect(run.snapshot().current?.slots.find((s) => s.id === '-y')?.status).toBe('green');
    expect(progress.violations()).toEqual([]);
  });

  it('asks to lay the device flat when it rests tilted', () => {
    const feed = new SimulatorFeed('imu-6axis', new ImuSimulator({ seed: 3, activity: 'still', attitude: { rollRad: 0.5, pitchRad: 0, yawRad: 0 } }));
    const run = createWizardRun({ runId: 'r', device: feed, options: ProcedureOptionsSchema.parse({ procedure: 'imu-accel-6' }), operator: 'op', previous: null });
    run.start();
    run.input({ action: 'confirm' });
    feed.run(2);
    const blocker = run.snapshot().current?.blockers[0];
    expect(blocker?.code).toBe('not-in-pose');
    expect(blocker?.message).toMatch(/tilted 29° from \+Z up/);
    expect(run.snapshot().current?.progress.captured).toBe(0);
  });
});

describe('gyroscope bias calibration', () => {
  const bias = [0.05, -0.03, 0.08] as const;

  it('measures the injected bias at rest and removes it', () => {
    const { feed, run, progress } = imuRun({ gyroBias: bias }, { procedure: 'imu-gyro-bias' });
    feed.run(5);
    expect(run.phase).toBe('review');
    expect(progress.violations()).toEqual([]);
    const transforms = run.fit?.transforms ?? [];
    expect(transforms.map((t) => t.channel)).toEqual(['gyro_x', 'gyro_y', 'gyro_z']);
    transforms.forEach((t, i) => {
      if (t.kind !== 'linear') throw new Error('expected linear');
      expect(t.gain).toBe(1);
      expect(Math.abs(t.offset + bias[i])).toBeLessThan(0.001);
    });
    const compiled = compileCalibration(feed.profile, transforms);
    if (!compiled.ok) throw new Error(compiled.error);
    const means = columnMeans(applyCalibration(simulateBatch(feed.model, 'd', 300).batch, compiled.compiled).values, 6);
    for (let i = 3; i < 6; i++) expect(Math.abs(means[i])).toBeLessThan(0.001);
  });

  it('restarts when the device moves and cannot complete while it keeps moving', () => {
    const { feed, run, progress } = imuRun({ gyroBias: bias }, { procedure: 'imu-gyro-bias' });
    feed.run(2);
    expect(run.snapshot().current?.progress.captured).toBeGreaterThan(0);
    feed.command('SET activity walking');
    feed.run(30);
    const step = run.snapshot().current;
    expect(run.phase).toBe('running');
    expect(step?.restarts).toBe(1);
    expect(step?.lastRestartReason).toMatch(/gyro_. is (not steady|drifting)|accel/);
    expect(step?.progress.fraction).toBe(0);
    expect(step?.stability?.state).toBe('unstable');
    expect(run.fit).toBeNull();
    expect(progress.violations()).toEqual([]);
  });
});

describe('zero offset calibration', () => {
  it('zeroes chosen channels and leaves the others alone', () => {
    const { feed, run } = imuRun({ gyroBias: [0.2, -0.1, 0.04] }, { procedure: 'offset', channels: ['gyro_x', 'gyro_z'] });
    expect(run.snapshot().current?.kind).toBe('instruction');
    run.input({ action: 'confirm' });
    feed.run(4);
    expect(run.phase).toBe('review');
    const transforms = run.fit?.transforms ?? [];
    expect(transforms.map((t) => t.channel)).toEqual(['gyro_x', 'gyro_z']);
    const [x, z] = transforms;
    if (x.kind !== 'linear' || z.kind !== 'linear') throw new Error('expected linear');
    expect(Math.abs(x.offset + 0.2)).toBeLessThan(0.002);
    expect(Math.abs(z.offset + 0.04)).toBeLessThan(0.002);
  });
});
