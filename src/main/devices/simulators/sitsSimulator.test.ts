import { describe, expect, it } from 'vitest';
import { SitsSimulator } from './sitsSimulator';
import { SENTINEL2_BANDS, SITS_CLASSES } from './sitsSpectra';

const B4 = SENTINEL2_BANDS.findIndex((b) => b.name === 'B4');
const B8 = SENTINEL2_BANDS.findIndex((b) => b.name === 'B8');

/** Mean over pixels of band b at acquisition t. */
function bandMean(sim: SitsSimulator, values: Float32Array, t: number, b: number): number {
  const { bands, height, width } = sim.shape;
  const pixels = height * width;
  const start = (t * bands + b) * pixels;
  return values.subarray(start, start + pixels).reduce((a, v) => a + v, 0) / pixels;
}

/** Clear-sky mean NDVI series of one class. */
function ndviSeries(sim: SitsSimulator, classIndex: number): number[] {
  sim.handleCommand(`SET class ${classIndex}`);
  const { values } = sim.step();
  return Array.from(sim.doy, (_, t) => {
    const [red, nir] = [bandMean(sim, values, t, B4), bandMean(sim, values, t, B8)];
    return (nir - red) / (nir + red);
  });
}

describe('SitsSimulator', () => {
  it('yields [T, C, H, W] reflectances then a [T] cloud mask in {0, 1}, deterministic per seed', () => {
    const sim = new SitsSimulator({ seed: 1 });
    const { timeSteps, bands, height, width } = sim.shape;
    expect([timeSteps, bands, height, width]).toEqual([24, 13, 8, 8]);
    expect(sim.valuesPerFrame).toBe(24 * 13 * 64 + 24);
    const frames = Array.from({ length: 20 }, () => sim.step());
    const again = new SitsSimulator({ seed: 1 });
    expect(Array.from(again.step().values)).toEqual(Array.from(frames[0].values));
    for (const f of frames) {
      const mask = f.values.subarray(timeSteps * bands * height * width);
      expect(Array.from(mask)).toEqual(Array.from(f.truth.cloudMask));
      expect(Array.from(mask).every((m) => m === 0 || m === 1)).toBe(true);
      const series = f.values.subarray(0, timeSteps * bands * height * width);
      expect(Math.min(...series)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...series)).toBeLessThanOrEqual(1);
    }
    const cloudy = frames.flatMap((f) => Array.from(f.truth.cloudMask)).filter((m) => m === 1).length / (20 * timeSteps);
    expect(cloudy).toBeGreaterThan(0.1);
    expect(cloudy).toBeLessThan(0.35);
  });

  it('draws every class once per round of ten', () => {
    const sim = new SitsSimulator({ seed: 2 });
    const classes = Array.from({ length: 20 }, () => sim.step().truth.classIndex);
    expect(new Set(classes.slice(0, 10)).size).toBe(10);
    expect(new Set(classes.slice(10)).size).toBe(10);
  });

  it('gives classes distinct seasonal spectral courses', () => {
    const sim = new SitsSimulator({ seed: 3, cloudProbability: 0 });
    const ndvi = SITS_CLASSES.map((_, k) => ndviSeries(sim, k));
    const [water, forest, cropland, snow] = [0, 1, 3, 6].map((k) => ndvi[k]);
    const summer = sim.doy.findIndex((d) => d > 190);
    const winter = 0;
    expect(Math.max(...water)).toBeLessThan(0);
    expect(forest[summer]).toBeGreaterThan(0.6);
    expect(forest[summer] - forest[winter]).toBeGreaterThan(0.2);
    expect(cropland[summer] - cropland[winter]).toBeGreaterThan(0.4);
    // Snow is bright in the visible in winter and gone in summer.
    sim.handleCommand('SET class 6');
    const { values } = sim.step();
    expect(bandMean(sim, values, winter, B4)).toBeGreaterThan(0.6);
    expect(bandMean(sim, values, summer, B4)).toBeLessThan(0.3);
    expect(snow).toHaveLength(24);
    // Every pair of classes differs somewhere in the year.
    for (let a = 0; a < ndvi.length; a++) {
      for (let b = a + 1; b < ndvi.length; b++) {
        const gap = Math.max(...ndvi[a].map((v, t) => Math.abs(v - ndvi[b][t])));
        expect(gap, `${SITS_CLASSES[a]} vs ${SITS_CLASSES[b]}`).toBeGreaterThan(0.05);
      }
    }
  });

  it('marks cloudy acquisitions and brightens them', () => {
    const sim = new SitsSimulator({ seed: 4, cloudProbability: 1 });
    sim.handleCommand('SET class 0');
    const { truth, values } = sim.step();
    expect(truth.className).toBe('Water');
    const t = truth.cloudMask.indexOf(1);
    expect(t).toBeGreaterThanOrEqual(0);
    expect(bandMean(sim, values, t, B4)).toBeGreaterThan(0.08);
  });
});
