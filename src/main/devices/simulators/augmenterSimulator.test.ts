import { describe, expect, it } from 'vitest';
import { AUGMENTER_SENSORS, AugmenterSimulator } from './augmenterSimulator';
import { mean, standardDeviation } from './testStats';

function run(sim: AugmenterSimulator, frames: number) {
  return Array.from({ length: frames }, () => sim.step());
}

describe('AugmenterSimulator', () => {
  it('streams lq_00..lq_31 then hq_00..hq_31 at 100 Hz, deterministic per seed', () => {
    const sim = new AugmenterSimulator({ seed: 1 });
    expect(sim.channelNames).toHaveLength(2 * AUGMENTER_SENSORS);
    expect([sim.channelNames[0], sim.channelNames[32], sim.channelNames[63]]).toEqual(['lq_00', 'hq_00', 'hq_31']);
    expect(sim.nominalRateHz).toBe(100);
    const a = run(sim, 50).map((f) => Array.from(f.values));
    const b = run(new AugmenterSimulator({ seed: 1 }), 50).map((f) => Array.from(f.values));
    expect(a).toEqual(b);
  });

  it('high-quality channels are the truth; low-quality ones carry the configured noise and bias', () => {
    const noiseSd = 0.2;
    const quantStep = 0.05;
    const sim = new AugmenterSimulator({ seed: 2, noiseSd, biasSd: 0.5, gainErrorSd: 0, quantStep });
    const frames = run(sim, 3000);
    const { bias } = sim.lowQualityCalibration;
    // Rounding adds uniform error of variance q²/12 to the noise.
    const expectedSd = Math.sqrt(noiseSd ** 2 + quantStep ** 2 / 12);
    for (let i = 0; i < AUGMENTER_SENSORS; i++) {
      const error = frames.map((f) => f.values[i] - f.values[AUGMENTER_SENSORS + i]);
      expect(Math.abs(mean(error) - bias[i])).toBeLessThan((4 * expectedSd) / Math.sqrt(frames.length));
      expect(standardDeviation(error) / expectedSd).toBeGreaterThan(0.93);
      expect(standardDeviation(error) / expectedSd).toBeLessThan(1.07);
      expect(frames[0].truth.hq[i]).toBe(frames[0].values[AUGMENTER_SENSORS + i]);
    }
    // The configured bias spread shows across sensors.
    expect(standardDeviation(bias)).toBeGreaterThan(0.3);
    // Cheap sensors read on the ADC grid.
    const lq = frames[10].values[5];
    expect(Math.abs(lq / quantStep - Math.round(lq / quantStep))).toBeLessThan(1e-3);
  });

  it('applies each cheap sensor its gain error', () => {
    const sim = new AugmenterSimulator({ seed: 3, noiseSd: 0.05, gainErrorSd: 0.1, biasSd: 0, quantStep: 0 });
    const frames = run(sim, 2000);
    const { gain } = sim.lowQualityCalibration;
    for (const i of [0, 7, 20]) {
      const hq = frames.map((f) => f.values[AUGMENTER_SENSORS + i]);
      const lq = frames.map((f) => f.values[i]);
      const [mh, ml] = [mean(hq), mean(lq)];
      let cov = 0;
      let varH = 0;
      for (let n = 0; n < hq.length; n++) {
        cov += (hq[n] - mh) * (lq[n] - ml);
        varH += (hq[n] - mh) ** 2;
      }
      expect(cov / varH).toBeCloseTo(gain[i], 1);
    }
  });

  it('the actuator drives the plant, visible on the plant sensors', () => {
    const plantMean = (actuator: number) => {
      const sim = new AugmenterSimulator({ seed: 4 });
      expect(sim.handleCommand(`ACT ${actuator}`)).toBe('OK');
      const frames = run(sim, 500).slice(300); // after several plant time constants
      return { output: mean(frames.map((f) => f.truth.plantOutput)), sensor0: mean(frames.map((f) => f.values[AUGMENTER_SENSORS])) };
    };
    const up = plantMean(1);
    const down = plantMean(-1);
    expect(up.output - down.output).toBeGreaterThan(2.5);
    expect(up.sensor0 - down.sensor0).toBeGreaterThan(3);
  });

  it('the ideal command holds the plant at the setpoint when applied', () => {
    const sim = new AugmenterSimulator({ seed: 5 });
    sim.handleCommand('SET setpoint 1');
    let command = 0;
    const outputs: number[] = [];
    for (let n = 0; n < 1500; n++) {
      sim.setActuator(command);
      const { truth } = sim.step();
      command = truth.actuatorCommand;
      expect(Math.abs(command)).toBeLessThanOrEqual(1);
      if (n > 500) outputs.push(truth.plantOutput);
    }
    expect(mean(outputs)).toBeCloseTo(1, 0);
    // Open loop the plant wanders with the disturbance; closed loop it stays near the setpoint.
    expect(standardDeviation(outputs)).toBeLessThan(0.3);
  });

  it('refuses actuator values outside [-1, 1]', () => {
    expect(new AugmenterSimulator().handleCommand('ACT 2')).toBe('ERR actuator must be a number in [-1, 1]');
  });
});
