import { describe, expect, it } from 'vitest';
import { ProcedureOptionsSchema } from '../../../shared/domain/calibrationWizard';
import { ECHOLOC_SAMPLE_RATE_HZ, ECHOLOC_SAMPLES, EcholocSimulator, SPEED_OF_SOUND_M_S } from '../../devices/simulators/echolocSimulator';
import { simulateBatch } from '../../devices/simulators/simulateBatch';
import { applyCalibration, compileCalibration } from '../apply/applyCalibration';
import { createWizardRun } from '../engine/createWizardRun';
import type { WizardRun } from '../engine/wizardRun';
import { ProgressRecorder } from '../testing/progressRecorder';
import { SimulatorFeed } from '../testing/simulatorFeed';
import { echoArrivalS } from './echoArrival';
import { defaultProfileOf } from '../../devices/profiles/shippedProfiles';
import { echolocDelayProcedure, SPEED_OF_SOUND_PARAMETER } from './echolocDelayProcedure';

const DELAYS_US = [40, -25, 0, 75];

describe('echo-location delay and speed-of-sound calibration', () => {
  it('finds the echo arrival in a clean envelope to a fraction of a sample', () => {
    const model = new EcholocSimulator({ seed: 2, x: 0.2, y: 0.8 });
    const { batch, truth } = simulateBatch(model, 'd', 20);
    let error = 0;
    for (let f = 0; f < 20; f++) {
      for (let r = 0; r < 4; r++) {
        const start = f * 1024 + r * ECHOLOC_SAMPLES;
        const t = echoArrivalS(batch.values.subarray(start, start + ECHOLOC_SAMPLES), ECHOLOC_SAMPLE_RATE_HZ);
        error = Math.max(error, Math.abs(t - truth[f].tofS[r]));
      }
    }
    // One sample is 50 µs: within a fifth of one on single pings.
    expect(error).toBeLessThan(10e-6);
  });

  it('recovers injected receiver delays and the speed of sound, and corrected echoes arrive on time', () => {
    const feed = new SimulatorFeed('echoloc-square-4', new EcholocSimulator({ seed: 9 }));
    DELAYS_US.forEach((us, r) => feed.command(`SET delay${r}_us ${us}`));
    const progress = new ProgressRecorder();
    const run: WizardRun = createWizardRun({
      runId: 'echo-1',
      device: feed,
      options: ProcedureOptionsSchema.parse({ procedure: 'echoloc-delay' }),
      operator: 'C. Sonar',
      previous: null,
      onChange: () => progress.record(run.snapshot()),
    });
    run.start();
    const positions = [
      { x: 0, y: 0.5 },
      { x: 0.3, y: 1 },
      { x: -0.3, y: 1.5 },
    ];
    for (const p of positions) {
      const step = run.snapshot().current;
      expect(step?.inputs.map((i) => [i.id, i.suggested])).toEqual([
        ['x', p.x],
        ['y', p.y],
      ]);
      feed.command(`SET x ${p.x}`);
      feed.command(`SET y ${p.y}`);
      run.input({ action: 'set-inputs', values: p });
      feed.run(8, 2);
    }
    expect(run.phase).toBe('review');
    expect(progress.violations()).toEqual([]);
    const fit = run.fit;
    expect(fit?.report.outcome).toBe('pass');
    const c = fit?.parameters.find((p) => p.name === SPEED_OF_SOUND_PARAMETER)?.value ?? 0;
    expect(Math.abs(c - SPEED_OF_SOUND_M_S)).toBeLessThan(0.5);
    const transforms = fit?.transforms ?? [];
    transforms.forEach((t, r) => {
      if (t.kind !== 'delay') throw new Error('expected delay');
      expect(Math.abs(t.delayS * 1e6 - DELAYS_US[r])).toBeLessThan(3);
    });

    // A target somewhere else: after the correction each echo peaks at its true time of flight.
    const compiled = compileCalibration(feed.profile, transforms);
    if (!compiled.ok) throw new Error(compiled.error);
    feed.command('SET x -0.4');
    feed.command('SET y 1.2');
    const pings = 30;
    const { batch, truth } = simulateBatch(feed.model, 'd', pings);
    const out = applyCalibration(batch, compiled.compiled);
    for (let r = 0; r < 4; r++) {
      let rawError = 0;
      let correctedError = 0;
      for (let f = 0; f < pings; f++) {
        const start = f * 1024 + r * ECHOLOC_SAMPLES;
        rawError += (echoArrivalS(batch.values.subarray(start, start + ECHOLOC_SAMPLES), ECHOLOC_SAMPLE_RATE_HZ) - truth[f].tofS[r]) / pings;
        correctedError += (echoArrivalS(out.values.subarray(start, start + ECHOLOC_SAMPLES), ECHOLOC_SAMPLE_RATE_HZ) - truth[f].tofS[r]) / pings;
      }
      expect(Math.abs(rawError - DELAYS_US[r] * 1e-6)).toBeLessThan(5e-6);
      expect(Math.abs(correctedError)).toBeLessThan(5e-6);
    }
  });

  it('takes the array geometry from the profile, and says what is missing when it is not there', () => {
    const profile = defaultProfileOf('echoloc');
    const unplaced = { ...profile, channels: profile.channels.map((c, i) => (i === 2 ? { ...c, position: undefined } : c)) };
    expect(echolocDelayProcedure.defaults(unplaced)).toEqual({
      notApplicable: 'The fit needs where each receiver sits: give rx2 a position [x, y] in metres in the device profile.',
    });
    expect(echolocDelayProcedure.defaults(profile)).toMatchObject({ procedure: 'echoloc-delay' });
  });

  it('fails with a reason when the positions cannot separate delay from distance', () => {
    const feed = new SimulatorFeed('echoloc-square-4', new EcholocSimulator({ seed: 9, x: 0, y: 1 }));
    const run = createWizardRun({
      runId: 'echo-2',
      device: feed,
      options: ProcedureOptionsSchema.parse({ procedure: 'echoloc-delay', positions: [{ x: 0, y: 1 }, { x: 0, y: 1 }] }),
      operator: 'C. Sonar',
      previous: null,
    });
    run.start();
    for (let k = 0; k < 2; k++) {
      run.input({ action: 'set-inputs', values: { x: 0, y: 1 } });
      feed.run(8, 2);
    }
    expect(run.phase).toBe('review');
    expect(run.fit?.report.outcome).toBe('fail');
    expect(run.fit?.report.summary).toMatch(/clearly different distances/);
  });
});
