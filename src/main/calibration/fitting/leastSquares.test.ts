import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePolynomial, fitQuality, polyfit, solveLeastSquares } from './leastSquares';

describe('least squares', () => {
  it('recovers any polynomial of degree ≤ 3 from exact points, even on raw ADC-scale x', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: -2000, max: 2000, noNaN: true }),
        fc.double({ min: 1, max: 500, noNaN: true }),
        (coefficients, centre, spread) => {
          const degree = coefficients.length - 1;
          const x = Array.from({ length: degree + 3 }, (_, i) => centre + (spread * i) / (degree + 2));
          const y = x.map((xi) => evaluatePolynomial(coefficients, xi));
          const fit = polyfit(x, y, degree);
          if (!fit.ok) return false;
          const scale = Math.max(1, ...y.map(Math.abs));
          return x.every((xi, i) => Math.abs(evaluatePolynomial(fit.x, xi) - y[i]) <= 1e-6 * scale);
        },
      ),
    );
  });

  it('says why it cannot fit instead of returning noise', () => {
    expect(polyfit([1, 2], [1, 2], 2)).toEqual({ ok: false, reason: 'a degree-2 fit needs at least 3 points, got 2' });
    expect(solveLeastSquares([[1, 1], [2, 2], [3, 3]], [1, 2, 3])).toMatchObject({ ok: false, reason: expect.stringMatching(/too alike/) });
  });

  it('weights points by how many frames they average', () => {
    const fit = polyfit([0, 1, 2, 3], [0, 1, 2, 10], 1, [1000, 1000, 1000, 1e-6]);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.x[1]).toBeCloseTo(1, 4);
  });

  it('reports residuals, RMS and R²', () => {
    const q = fitQuality([0, 1, 2, 3], [0.1, 1, 2, 2.9]);
    expect(Array.from(q.residuals)).toEqual([0.1, 0, 0, expect.closeTo(-0.1, 12)]);
    expect(q.rms).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(q.maxAbs).toBeCloseTo(0.1, 12);
    expect(q.r2).toBeCloseTo(1 - 0.02 / 5, 12);
    expect(fitQuality([1, 1], [1, 1]).r2).toBeNull();
  });
});
