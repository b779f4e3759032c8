import { describe, expect, it } from 'vitest';
import { ProcedureOptionsSchema, type ProcedureOptionsInput } from '../../../shared/domain/calibrationWizard';
import { AugmenterSimulator } from '../../devices/simulators/augmenterSimulator';
import { ImuSimulator } from '../../devices/simulators/imuSimulator';
import type { ISimulatorModel } from '../../devices/simulators/ISimulatorModel';
import { simulateBatch } from '../../devices/simulators/simulateBatch';
import { applyCalibration, compileCalibration } from '../apply/applyCalibration';
import { createWizardRun } from '../engine/createWizardRun';
import type { WizardRun } from '../engine/wizardRun';
import { ProgressRecorder } from '../testing/progressRecorder';
import { SimulatorFeed } from '../testing/simulatorFeed';
import { STANDARD_GRAVITY } from './imuPoses';
import { referenceInputId } from './spanProcedure';

function start<T>(profileId: string, model: ISimulatorModel<T>, options: ProcedureOptionsInput) {
  const feed = new SimulatorFeed(profileId, model);
  const progress = new ProgressRecorder();
  const run: WizardRun = createWizardRun({
    runId: 'span-1',
    device: feed,
    options: ProcedureOptionsSchema.parse(options),
    operator: 'B. Bench',
    previous: null,
    onChange: () => progress.record(run.snapshot()),
  });
  run.start();
  return { feed, run, progress };
}

describe('span calibration with typed references', () => {
  // accel_z reads 1.04·true + 0.35: gravity up and down are two known references.
  const imu = () => new ImuSimulator({ seed: 5, activity: 'still', accelScale: [1, 1, 1.04], accelOffset: [0, 0, 0.35] });

  it('two points: fits gain and offset, and calibrated readings match the truth', () => {
    const { feed, run, progress } = start('imu-6axis', imu(), {
      procedure: 'span',
      channels: ['accel_z'],
      reference: { kind: 'typed', points: 2 },
    });
    const id = referenceInputId('accel_z');
    feed.command('SET pose +z');
    feed.run(1);
    // Without its reference value the point cannot start, and says so.
    expect(run.snapshot().current?.blockers).toEqual([{ code: 'input-missing', message: 'Enter reference for accel_z to start this step.' }]);
    expect(run.snapshot().current?.progress.captured).toBe(0);
    run.input({ action: 'set-inputs', values: { [id]: STANDARD_GRAVITY } });
    feed.run(4);
    feed.command('SET pose -z');
    run.input({ action: 'set-inputs', values: { [id]: -STANDARD_GRAVITY } });
    feed.run(4);
    expect(run.phase).toBe('review');
    expect(progress.violations()).toEqual([]);
    const [t] = run.fit?.transforms ?? [];
    if (t?.kind !== 'linear') throw new Error('expected linear');
    expect(t.gain).toBeCloseTo(1 / 1.04, 3);
    expect(Math.abs(t.offset + 0.35 / 1.04)).toBeLessThan(0.01);

    const compiled = compileCalibration(feed.profile, [t]);
    if (!compiled.ok) throw new Error(compiled.error);
    feed.command('SET pose +x');
    const { batch } = simulateBatch(feed.model, 'd', 200);
    const out = applyCalibration(batch, compiled.compiled);
    let mean = 0;
    for (let i = 0; i < out.frameCount; i++) mean += out.values[i * 6 + 2] / out.frameCount;
    expect(Math.abs(mean)).toBeLessThan(0.02);
  });

  it('three points with a quadratic fit: exact through its points, R² reported', () => {
    const { feed, run } = start('imu-6axis', imu(), { procedure: 'span', channels: ['accel_z'], fit: 'poly2', reference: { kind: 'typed', points: 3 } });
    const id = referenceInputId('accel_z');
    for (const [pose, ref] of [['+z', STANDARD_GRAVITY], ['+x', 0], ['-z', -STANDARD_GRAVITY]] as const) {
      feed.command(`SET pose ${pose}`);
      run.input({ action: 'set-inputs', values: { [id]: ref } });
      feed.run(4);
    }
    expect(run.phase).toBe('review');
    const channel = run.fit?.report.channels[0];
    expect(channel?.model).toBe('poly2');
    expect(channel?.transform?.kind).toBe('polynomial');
    expect(channel?.rmsResidual).toBeLessThan(1e-6);
    expect(channel?.r2).toBeCloseTo(1, 9);
    expect(channel?.points.map((p) => p.label)).toEqual(['point 1', 'point 2', 'point 3']);
  });

  it('refuses a fit with fewer points than it has unknowns', () => {
    expect(() => start('imu-6axis', imu(), { procedure: 'span', channels: ['accel_z'], fit: 'poly3', reference: { kind: 'typed', points: 3 } })).toThrow(
      /A poly3 fit needs at least 4 points/,
    );
  });
});

describe('span calibration against reference channels (augmenter LQ vs HQ)', () => {
  it('recovers each cheap sensor’s gain and offset error from the moving signal', () => {
    const model = new AugmenterSimulator({ seed: 4, actuatorMode: 'random' });
    const channels = ['lq_00', 'lq_05', 'lq_17', 'lq_31'];
    const { feed, run, progress } = start('sensor-augmenter-32', model, {
      procedure: 'span',
      channels,
      reference: { kind: 'channels', channels: channels.map((c) => c.replace('lq', 'hq')) },
    });
    feed.run(120, 50);
    expect(run.phase).toBe('review');
    expect(progress.violations()).toEqual([]);
    const { gain, bias } = model.lowQualityCalibration;
    const transforms = run.fit?.transforms ?? [];
    channels.forEach((name, k) => {
      const i = Number(name.slice(3));
      const t = transforms[k];
      if (t?.kind !== 'linear') throw new Error('expected linear');
      // lq = g·hq + b, so the correction is hq = lq/g − b/g.
      expect(Math.abs(t.gain * gain[i] - 1)).toBeLessThan(0.02);
      expect(Math.abs(t.offset + bias[i] / gain[i])).toBeLessThan(0.05);
    });

    // Calibrated LQ channels follow their HQ truth far closer than the raw ones.
    const compiled = compileCalibration(feed.profile, transforms);
    if (!compiled.ok) throw new Error(compiled.error);
    const { batch } = simulateBatch(model, 'd', 2000);
    const out = applyCalibration(batch, compiled.compiled);
    channels.forEach((name) => {
      const i = Number(name.slice(3));
      let rawErr = 0;
      let calErr = 0;
      for (let f = 0; f < batch.frameCount; f++) {
        const hq = batch.values[f * 64 + 32 + i];
        rawErr += Math.abs(batch.values[f * 64 + i] - hq) / batch.frameCount;
        calErr += out.values[f * 64 + i] - hq;
      }
      expect(Math.abs(calErr / batch.frameCount)).toBeLessThan(0.05);
      expect(Math.abs(calErr / batch.frameCount)).toBeLessThan(rawErr);
    });
  });
});
