import { describe, expect, it } from 'vitest';
import { Prng } from './prng';

function draws(rng: Prng, n: number, draw: (r: Prng) => number): number[] {
  return Array.from({ length: n }, () => draw(rng));
}

describe('Prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    expect(draws(new Prng(42), 5, (r) => r.nextUint32())).toEqual(draws(new Prng(42), 5, (r) => r.nextUint32()));
    expect(draws(new Prng(42), 5, (r) => r.nextUint32())).not.toEqual(draws(new Prng(43), 5, (r) => r.nextUint32()));
  });

  it('draws uniformly in [0, 1)', () => {
    const xs = draws(new Prng(1), 20_000, (r) => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 2);
    // Each tenth of the interval gets its share within a few percent.
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    for (const b of bins) expect(Math.abs(b - 2000)).toBeLessThan(200);
  });

  it('draws standard normals with the right mean, sd and tails', () => {
    const zs = draws(new Prng(7), 40_000, (r) => r.gaussian(3, 2));
    const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
    const sd = Math.sqrt(zs.reduce((a, z) => a + (z - mean) ** 2, 0) / zs.length);
    expect(mean).toBeCloseTo(3, 1);
    expect(sd).toBeCloseTo(2, 1);
    const beyond2sd = zs.filter((z) => Math.abs(z - 3) > 4).length / zs.length;
    expect(beyond2sd).toBeGreaterThan(0.04);
    expect(beyond2sd).toBeLessThan(0.052);
  });

  it('forks independent streams that do not shift each other', () => {
    const a = new Prng(5);
    const noiseA = a.fork('noise');
    const b = new Prng(5);
    const noiseB = b.fork('noise');
    b.fork('extra').next();
    expect(noiseA.next()).toBe(noiseB.next());
    expect(new Prng(5).fork('noise').next()).not.toBe(new Prng(5).fork('motion').next());
  });
});
