import { describe, expect, it } from 'vitest';
import { ProcedureOptionsSchema } from '../../../shared/domain/calibrationWizard';
import { EnoseSimulator, type EnoseTruth } from '../../devices/simulators/enoseSimulator';
import { simulateBatch } from '../../devices/simulators/simulateBatch';
import { createWizardRun } from '../engine/createWizardRun';
import type { WizardRun } from '../engine/wizardRun';
import { ProgressRecorder } from '../testing/progressRecorder';
import { SimulatorFeed } from '../testing/simulatorFeed';
import { versionFixture } from '../testing/versionFixture';
import { R0_PARAMETER } from './enoseBaselineProcedure';

const SEED = 3;
const GAS = { label: 'ethanol 100 ppm', sensors: ['mos_7', 'mos_2'], minResponse: 0.3 };

/** What an identical unit's baseline is after 500 s — the "previous" calibration, with mos_3 made 30 % higher. */
function previousBaseline(): number[] {
  const twin = new EnoseSimulator({ seed: SEED });
  const { truth } = simulateBatch(twin, 'twin', 500);
  return Array.from(truth[truth.length - 1].baselineKOhm, (r, i) => (i === 2 ? r * 1.3 : r));
}

describe('e-nose baseline calibration', () => {
  it('gates on warm-up with a countdown, captures R0, checks the reference gas and flags drift', () => {
    const feed = new SimulatorFeed<EnoseTruth>('enose-8mos', new EnoseSimulator({ seed: SEED }));
    const previousR0 = previousBaseline();
    const previous = versionFixture({
      parameters: previousR0.map((value, i) => ({ name: R0_PARAMETER, channel: `mos_${i + 1}`, value, unit: 'kΩ' })),
    });
    const progress = new ProgressRecorder();
    const run: WizardRun = createWizardRun({
      runId: 'enose-1',
      device: feed,
      options: ProcedureOptionsSchema.parse({ procedure: 'enose-baseline', minWarmupS: 60, referenceGas: GAS }),
      operator: 'D. Nose',
      previous,
      onChange: () => progress.record(run.snapshot()),
    });
    run.start();
    run.input({ action: 'confirm' });

    // First the datasheet's heater time, then the drift estimate.
    feed.run(30, 1);
    let step = run.snapshot().current;
    expect(step?.id).toBe('warmup');
    expect(step?.blockers[0]).toMatchObject({ code: 'warming-up', message: expect.stringMatching(/Heaters warming up: 3\d s of the datasheet.s warm-up left/) });
    expect(step?.progress.fraction).toBe(0);
    feed.run(220, 1);
    step = run.snapshot().current;
    expect(step?.blockers[0]?.message).toMatch(/Sensors still warming up: mos_\d drifts [\d.]+ %\/min \(settled below 1 %\/min\); about .* left/);
    const early = step?.countdownS ?? Number.NaN;
    feed.run(100, 1);
    const later = run.snapshot().current?.countdownS ?? Number.NaN;
    expect(later).toBeLessThan(early);
    // The countdown is an estimate from the data, and a cautious one: warm-up never outlasts it.
    let settledAfterS = 0;
    while (run.snapshot().current?.id === 'warmup' && settledAfterS < 1000) {
      feed.run(5, 1);
      settledAfterS += 5;
    }
    expect(settledAfterS).toBeGreaterThan(0);
    expect(settledAfterS).toBeLessThanOrEqual(later + 5);
    expect(settledAfterS + 100).toBeLessThanOrEqual(early + 5);

    feed.run(200, 1);
    expect(run.snapshot().current?.id).toBe('gas-prepare');
    const baselineTruth = feed.truth.slice(-60);

    // The gas check waits for a response rather than capturing clean air.
    run.input({ action: 'confirm' });
    feed.run(60, 1);
    expect(run.snapshot().current?.blockers[0]?.code).toBe('not-in-pose');
    feed.command('SET odorant ethanol');
    feed.command('SET ppm 100');
    feed.run(240, 1);
    expect(run.phase).toBe('review');
    expect(progress.violations()).toEqual([]);

    const fit = run.fit;
    const r0 = fit?.parameters.filter((p) => p.name === R0_PARAMETER) ?? [];
    expect(r0).toHaveLength(8);
    r0.forEach((p, i) => {
      const truth = baselineTruth.reduce((s, t) => s + t.baselineKOhm[i], 0) / baselineTruth.length;
      expect(Math.abs(p.value / truth - 1)).toBeLessThan(0.02);
    });
    // Ethanol at 100 ppm: mos_7's Rs/R0 = (1 + 0.08·100)^−½ = 1/3, so it falls by 2/3.
    const response = fit?.parameters.find((p) => p.channel === 'mos_7' && p.name.startsWith('response'));
    expect(response?.value).toBeGreaterThan(0.63);
    expect(response?.value).toBeLessThan(0.7);
    // mos_2 responds to ethanol less: (1 + 0.02·100)^−½ → falls by 42 %, still above the 30 % asked.
    const checks = fit?.report.channels.flatMap((c) => c.checks) ?? [];
    expect(checks.find((c) => c.name === 'response mos_2 to ethanol 100 ppm')?.outcome).toBe('pass');
    // Only mos_3 moved against the previous baseline.
    const drift = checks.filter((c) => c.name.startsWith('baseline drift'));
    expect(drift.filter((c) => c.outcome !== 'pass').map((c) => c.name)).toEqual(['baseline drift mos_3']);
    expect(fit?.report.outcome).toBe('warn');
  });

  it('fails the gas check for a sensor that does not respond enough', () => {
    const feed = new SimulatorFeed<EnoseTruth>('enose-8mos', new EnoseSimulator({ seed: SEED }));
    const run = createWizardRun({
      runId: 'enose-2',
      device: feed,
      // mos_5 (methane) hardly sees ethanol: 1 − (1 + 0.004·100)^−½ ≈ 15 %.
      options: ProcedureOptionsSchema.parse({ procedure: 'enose-baseline', referenceGas: { ...GAS, sensors: ['mos_7', 'mos_5'] } }),
      operator: 'D. Nose',
      previous: null,
    });
    run.start();
    run.input({ action: 'confirm' });
    feed.run(800, 1);
    run.input({ action: 'confirm' });
    feed.command('SET odorant ethanol');
    feed.command('SET ppm 100');
    feed.run(240, 1);
    expect(run.phase).toBe('review');
    const failed = run.fit?.report.channels.flatMap((c) => c.checks).filter((c) => c.outcome === 'fail');
    expect(failed?.map((c) => c.name)).toEqual(['response mos_5 to ethanol 100 ppm']);
    expect(run.fit?.report.outcome).toBe('fail');
  });

  it('lets the operator skip the optional gas check', () => {
    const feed = new SimulatorFeed<EnoseTruth>('enose-8mos', new EnoseSimulator({ seed: SEED }));
    const run = createWizardRun({
      runId: 'enose-3',
      device: feed,
      options: ProcedureOptionsSchema.parse({ procedure: 'enose-baseline', referenceGas: GAS }),
      operator: 'D. Nose',
      previous: null,
    });
    run.start();
    run.input({ action: 'confirm' });
    feed.run(800, 1);
    run.input({ action: 'confirm' });
    expect(() => run.input({ action: 'confirm' })).toThrow(/completes by itself/);
    run.input({ action: 'skip' });
    expect(run.phase).toBe('review');
    expect(run.snapshot().steps.find((s) => s.id === 'reference-gas')?.state).toBe('skipped');
    expect(run.fit?.report.outcome).toBe('pass');
  });
});
