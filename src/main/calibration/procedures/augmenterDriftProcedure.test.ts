import { describe, expect, it } from 'vitest';
import { ProcedureOptionsSchema, type ProcedureOptionsInput } from '../../../shared/domain/calibrationWizard';
import { AUGMENTER_SENSORS, AugmenterSimulator } from '../../devices/simulators/augmenterSimulator';
import { simulateBatch } from '../../devices/simulators/simulateBatch';
import { applyCalibration, compileCalibration } from '../apply/applyCalibration';
import { createWizardRun } from '../engine/createWizardRun';
import { ProgressRecorder } from '../testing/progressRecorder';
import { SimulatorFeed } from '../testing/simulatorFeed';

/** The normalisation a model trained on this unit's first ten minutes would carry (mean_lq, std_lq). */
function trainingStatistics(model: AugmenterSimulator): { meanLq: number[]; stdLq: number[] } {
  const { batch } = simulateBatch(model, 'train', 60_000);
  const meanLq: number[] = [];
  const stdLq: number[] = [];
  for (let c = 0; c < AUGMENTER_SENSORS; c++) {
    let s = 0;
    let s2 = 0;
    for (let f = 0; f < batch.frameCount; f++) {
      const v = batch.values[f * 2 * AUGMENTER_SENSORS + c];
      s += v;
      s2 += v * v;
    }
    const mean = s / batch.frameCount;
    meanLq.push(mean);
    stdLq.push(Math.sqrt(s2 / batch.frameCount - mean * mean));
  }
  return { meanLq, stdLq };
}

function start(extra: Partial<ProcedureOptionsInput & { procedure: 'augmenter-drift' }>, faults: readonly string[]) {
  const model = new AugmenterSimulator({ seed: 4, actuatorMode: 'random' });
  const stats = trainingStatistics(model);
  const feed = new SimulatorFeed('sensor-augmenter-32', model);
  for (const line of faults) feed.command(line);
  const progress = new ProgressRecorder();
  const run = createWizardRun({
    runId: 'aug-1',
    device: feed,
    options: ProcedureOptionsSchema.parse({ procedure: 'augmenter-drift', ...stats, ...extra }),
    operator: 'E. Model',
    previous: null,
    onChange: () => progress.record(run.snapshot()),
  });
  run.start();
  run.input({ action: 'confirm' });
  return { feed, run, progress, stats };
}

describe('augmenter input drift check', () => {
  it('passes a unit that still matches its training statistics', () => {
    const { feed, run, progress } = start({}, []);
    feed.run(61, 100);
    expect(run.phase).toBe('review');
    expect(progress.violations()).toEqual([]);
    const flagged = run.fit?.report.channels.filter((c) => c.outcome !== 'pass').map((c) => c.channel);
    expect(flagged).toEqual([]);
    expect(run.fit?.transforms).toEqual([]);
  });

  it('flags exactly the channels whose drift would invalidate the model, and corrects their offset', () => {
    // lq_05 has drifted by 2 V (slowly: 1 mV/s for 2000 s); lq_12 is stuck.
    const { feed, run, stats } = start({ corrections: 'offset' }, ['FAULT DRIFT 5 0.001']);
    feed.skip(2000);
    feed.command('FAULT STUCK 12');
    feed.run(61, 100);
    expect(run.phase).toBe('review');
    const report = run.fit?.report;
    expect(report?.outcome).toBe('warn');
    const flagged = report?.channels.filter((c) => c.outcome !== 'pass');
    expect(flagged?.map((c) => c.channel)).toEqual(['lq_05', 'lq_12']);
    expect(flagged?.[0].checks.find((c) => c.name === 'mean shift lq_05')?.outcome).toBe('warn');
    expect(flagged?.[1].checks.find((c) => c.name === 'spread ratio lq_12')).toMatchObject({ value: 0, outcome: 'warn' });
    expect(run.fit?.transforms.map((t) => t.channel)).toEqual(['lq_05', 'lq_12']);

    // With the correction applied, lq_05's mean over the next minute is back at the training mean.
    const compiled = compileCalibration(feed.profile, run.fit?.transforms ?? []);
    if (!compiled.ok) throw new Error(compiled.error);
    const { batch } = simulateBatch(feed.model, 'd', 6000);
    const out = applyCalibration(batch, compiled.compiled);
    let raw = 0;
    let corrected = 0;
    for (let f = 0; f < batch.frameCount; f++) {
      raw += batch.values[f * 64 + 5] / batch.frameCount;
      corrected += out.values[f * 64 + 5] / batch.frameCount;
    }
    expect(Math.abs(raw - stats.meanLq[5])).toBeGreaterThan(1.5);
    expect(Math.abs(corrected - stats.meanLq[5])).toBeLessThan(0.5 * stats.stdLq[5]);
  });

  it('refuses a normalisation that does not match the channels', () => {
    expect(() => start({ meanLq: [0, 1], stdLq: [1, 1] }, [])).toThrow(/2 means and 2 standard deviations for 32 channels/);
  });
});
