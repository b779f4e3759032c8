import { describe, expect, it } from 'vitest';
import { ENOSE_SENSORS, EnoseSimulator } from './enoseSimulator';
import { SCENT_NOTES } from './odorants';

function runSeconds(sim: EnoseSimulator, seconds: number) {
  return Array.from({ length: seconds }, () => sim.step());
}

/** A warmed-up nose (time scale 60: the warm-up takes seconds) in clean air. */
function warmNose(seed = 1): EnoseSimulator {
  const sim = new EnoseSimulator({ seed, timeScale: 60 });
  runSeconds(sim, 30);
  return sim;
}

describe('EnoseSimulator', () => {
  it('reports 8 MOS resistances, temperature and humidity once a second, deterministic per seed', () => {
    const a = new EnoseSimulator({ seed: 2 });
    expect(a.channelNames).toEqual(['mos_1', 'mos_2', 'mos_3', 'mos_4', 'mos_5', 'mos_6', 'mos_7', 'mos_8', 'temperature', 'humidity']);
    expect(a.nominalRateHz).toBe(1);
    const b = new EnoseSimulator({ seed: 2 });
    expect(runSeconds(a, 20).map((f) => Array.from(f.values))).toEqual(runSeconds(b, 20).map((f) => Array.from(f.values)));
  });

  it('settles from a high resistance after power-on to its baseline', () => {
    const sim = new EnoseSimulator({ seed: 3, timeScale: 60 });
    const frames = runSeconds(sim, 20);
    for (let i = 0; i < ENOSE_SENSORS; i++) {
      const ratio = (n: number) => frames[n].values[i] / frames[n].truth.baselineKOhm[i];
      expect(ratio(0)).toBeGreaterThan(4);
      for (let n = 1; n < frames.length; n++) expect(ratio(n)).toBeLessThan(ratio(n - 1) + 0.02);
      expect(Math.abs(ratio(19) - 1)).toBeLessThan(0.015);
    }
    expect(frames[0].truth.warmedUp).toBe(false);
    expect(frames[19].truth.warmedUp).toBe(true);
  });

  it('responds more strongly to higher concentrations, and recovers in clean air', () => {
    const response = (ppm: number) => {
      const sim = warmNose();
      sim.present('limonene', ppm);
      const exposed = runSeconds(sim, 90).at(-1);
      if (exposed === undefined) throw new Error('no frames');
      return { frame: exposed, sim, drop: 1 - exposed.values[1] / exposed.truth.baselineKOhm[1] };
    };
    const drops = [2, 10, 50, 200].map((ppm) => response(ppm).drop);
    for (let k = 1; k < drops.length; k++) expect(drops[k]).toBeGreaterThan(drops[k - 1] + 0.02);
    const { frame, sim } = response(50);
    expect(frame.truth.exposures).toEqual([{ odorant: 'limonene', ppm: 50 }]);
    expect(frame.truth.intensity).toBeCloseTo((10 * 2.5) / 3.5, 6);
    expect([...frame.truth.notes].flatMap((on, i) => (on ? [SCENT_NOTES[i]] : []))).toEqual(['citrus', 'fresh']);
    sim.present('limonene', 0);
    const recovered = runSeconds(sim, 300).at(-1);
    expect(recovered?.truth.notes.every((on) => on === 0)).toBe(true);
    expect(Math.abs((recovered?.values[1] ?? 0) / (recovered?.truth.baselineKOhm[1] ?? 1) - 1)).toBeLessThan(0.02);
  });

  it('different odorants leave different patterns across the array', () => {
    const pattern = (odorant: string) => {
      const sim = warmNose();
      sim.present(odorant, 40);
      const f = runSeconds(sim, 120).at(-1);
      if (f === undefined) throw new Error('no frames');
      return Array.from({ length: ENOSE_SENSORS }, (_, i) => Math.log(f.values[i] / f.truth.baselineKOhm[i]));
    };
    const [a, b] = [pattern('ethanol'), pattern('geosmin')];
    const norm = (v: number[]) => Math.hypot(...v);
    const cosine = a.reduce((s, x, i) => s + x * b[i], 0) / (norm(a) * norm(b));
    expect(cosine).toBeLessThan(0.9);
  });

  it('lower resistance when warmer and more humid', () => {
    const level = (command: string) => {
      const sim = warmNose(4);
      expect(sim.handleCommand(command)).toBe('OK');
      const frames = runSeconds(sim, 1500).slice(-100);
      return frames.reduce((s, f) => s + f.values[0], 0) / frames.length;
    };
    expect(level('SET temperature 35')).toBeLessThan(0.9 * level('SET temperature 15'));
    expect(level('SET humidity 80')).toBeLessThan(0.9 * level('SET humidity 20'));
  });

  it('the cycle schedule alternates clean air and odorants', () => {
    const frames = runSeconds(new EnoseSimulator({ seed: 5, schedule: 'cycle' }), 1200);
    const clean = frames.filter((f) => f.truth.exposures.length === 0).length;
    expect(clean).toBeGreaterThan(200);
    expect(clean).toBeLessThan(1000);
    expect(new Set(frames.flatMap((f) => f.truth.exposures.map((e) => e.odorant))).size).toBeGreaterThanOrEqual(3);
  });

  it('sets odorants over the command interface and rejects unknown ones', () => {
    const sim = new EnoseSimulator();
    expect(sim.handleCommand('SET odorant vanillin')).toBe('OK');
    expect(sim.handleCommand('SET ppm 5')).toBe('OK');
    expect(sim.step().truth.exposures).toEqual([{ odorant: 'vanillin', ppm: 5 }]);
    expect(sim.handleCommand('SET odorant skunk')).toMatch(/^ERR odorant must be one of limonene, /);
  });
});
