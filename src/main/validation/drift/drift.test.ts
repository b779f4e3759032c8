import { describe, expect, it } from 'vitest';
import { Prng } from '../../devices/simulators/prng';
import { pythonReference } from '../testing/pythonReference';
import { kolmogorovSurvival, ksMinimumPValue, ksTwoSample } from './ksTest';
import { categoricalPsi, psi } from './psi';

function normals(n: number, mean: number, sd: number, seed: number): number[] {
  const rng = new Prng(seed);
  return Array.from({ length: n }, () => rng.gaussian(mean, sd));
}

describe('two-sample Kolmogorov–Smirnov test', () => {
  it('computes a hand case: disjoint samples have D = 1', () => {
    const r = ksTwoSample([1, 2, 3], [4, 5, 6]);
    expect(r.statistic).toBe(1);
    // Only 2 of the C(6,3) = 20 orderings separate the samples completely.
    expect(r.pValue).toBeCloseTo(2 / 20, 14);
    expect(ksTwoSample([1, 2, 3], [1, 2, 3]).pValue).toBe(1);
  });

  it('knows the smallest p-value a sample size allows: that of completely separated samples', () => {
    expect(ksMinimumPValue(3, 3)).toBeCloseTo(ksTwoSample([1, 2, 3], [4, 5, 6]).pValue, 14);
    expect(ksMinimumPValue(7, 7)).toBeCloseTo(2 / 3432, 14);
    expect(ksMinimumPValue(2, 5)).toBeCloseTo(ksTwoSample([1, 2], [3, 4, 5, 6, 7]).pValue, 14);
    expect(ksMinimumPValue(0, 5)).toBe(1);
    expect(ksMinimumPValue(200, 200)).toBeLessThan(1e-100);
  });

  it('agrees with scipy.stats.ks_2samp (exact) on unequal sizes, ties included', () => {
    const cases = [
      { a: normals(40, 0, 1, 1), b: normals(55, 0.5, 1, 2) },
      { a: normals(120, 0, 1, 3), b: normals(90, 0.1, 1.3, 4) },
      { a: normals(60, 0, 1, 5).map((v) => Math.round(v * 2) / 2), b: normals(60, 0.2, 1, 6).map((v) => Math.round(v * 2) / 2) },
      { a: normals(300, 0, 1, 7), b: normals(250, 0.25, 1, 8) },
    ];
    const ref = pythonReference<number[][]>(
      `from scipy.stats import ks_2samp
result = [list(ks_2samp(c['a'], c['b'], method='exact')) for c in data]`,
      cases,
    );
    cases.forEach((c, i) => {
      const r = ksTwoSample(c.a, c.b);
      expect(r.method).toBe('exact');
      expect(Math.abs(r.statistic - ref[i][0]), `case ${i} statistic`).toBeLessThan(1e-9);
      expect(Math.abs(r.pValue - ref[i][1]), `case ${i} p-value ${r.pValue} vs ${ref[i][1]}`).toBeLessThan(1e-6);
    });
  });

  it('uses Kolmogorov’s limit for large samples, as scipy.special.kolmogorov gives it', () => {
    const a = normals(3000, 0, 1, 9);
    const b = normals(2500, 0.06, 1, 10);
    const r = ksTwoSample(a, b);
    expect(r.method).toBe('asymptotic');
    const ref = pythonReference<{ d: number; p: number; q: number[] }>(
      `from scipy.stats import ks_2samp
from scipy.special import kolmogorov
import math
d = ks_2samp(data['a'], data['b']).statistic
en = len(data['a']) * len(data['b']) / (len(data['a']) + len(data['b']))
result = dict(d=float(d), p=float(kolmogorov(math.sqrt(en) * d)), q=[float(kolmogorov(x)) for x in data['x']])`,
      { a, b, x: [0.1, 0.5, 0.9, 1.17, 1.19, 1.5, 2.5] },
    );
    expect(Math.abs(r.statistic - ref.d)).toBeLessThan(1e-9);
    expect(Math.abs(r.pValue - ref.p)).toBeLessThan(1e-6);
    [0.1, 0.5, 0.9, 1.17, 1.19, 1.5, 2.5].forEach((x, i) => expect(Math.abs(kolmogorovSurvival(x) - ref.q[i])).toBeLessThan(1e-9));
  });
});

describe('population stability index', () => {
  it('is zero for the same distribution and grows with a shift', () => {
    const base = normals(5000, 0, 1, 1);
    expect(psi(base, base)).toBe(0);
    const same = psi(base, normals(5000, 0, 1, 2));
    const shifted = psi(base, normals(5000, 1, 1, 3));
    expect(same).toBeLessThan(0.02);
    expect(shifted).toBeGreaterThan(0.25);
  });

  it('computes a categorical case by hand', () => {
    // shares 0.5/0.5 → 0.25/0.75: (0.25−0.5)ln(0.5) + (0.75−0.5)ln(1.5)
    expect(categoricalPsi([0, 1], [0, 1, 1, 1], 2)).toBeCloseTo(-0.25 * Math.log(0.5) + 0.25 * Math.log(1.5), 12);
  });
});
