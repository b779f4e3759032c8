import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimateMinMax, type SampleColumns } from './minMaxDecimation';

/** Plain arrays as a sample source: x[i] and rows[i][column]. */
function table(x: readonly number[], rows: readonly (readonly number[])[]): SampleColumns {
  return { x: (i) => x[i], value: (i, c) => rows[i][c] };
}

const finiteOrMissing = fc.oneof(
  { weight: 8, arbitrary: fc.float({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);

describe('decimateMinMax', () => {
  it('keeps every bucket’s exact min and max per series, in time order, within 2 points per bucket', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(finiteOrMissing, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 64 }),
        (rows, buckets) => {
          const x = rows.map((_, i) => i * 0.01);
          const xMin = 0;
          const xMax = x[x.length - 1];
          const out = decimateMinMax(table(x, rows), 0, rows.length, [0, 2], xMin, xMax, buckets);
          expect(out.x.length).toBeLessThanOrEqual(2 * buckets);
          for (let i = 1; i < out.x.length; i++) expect(out.x[i]).toBeGreaterThanOrEqual(out.x[i - 1]);
          // Recompute each bucket independently and compare with the emitted points.
          // The same bucket rule as the implementation (x scaled by buckets / span), so edges round alike.
          const bucketOf = (v: number): number => Math.min(buckets - 1, Math.floor((v - xMin) * (buckets / (xMax - xMin || 1))));
          const groups = new Map<number, number[]>();
          x.forEach((v, i) => groups.set(xMax > xMin ? bucketOf(v) : 0, [...(groups.get(xMax > xMin ? bucketOf(v) : 0) ?? []), i]));
          let p = 0;
          for (const indices of groups.values()) {
            const width = indices.length === 1 ? 1 : 2;
            expect(out.x[p]).toBe(x[indices[0]]);
            [0, 2].forEach((column, j) => {
              const finite = indices.map((i) => rows[i][column]).filter(Number.isFinite);
              const emitted = Array.from(out.columns[j].subarray(p, p + width));
              if (finite.length === 0) {
                expect(emitted.every(Number.isNaN)).toBe(true);
                return;
              }
              const min = Math.min(...finite);
              const max = Math.max(...finite);
              expect(Math.min(...emitted)).toBe(Math.fround(min));
              expect(Math.max(...emitted)).toBe(Math.fround(max));
            });
            p += width;
          }
          expect(p).toBe(out.x.length);
        },
      ),
    );
  });

  it('keeps a one-sample spike among a hundred thousand samples', () => {
    const n = 100_000;
    const x = Array.from({ length: n }, (_, i) => i / 1000);
    const rows = x.map((_, i) => [i === 61_234 ? 9.5 : Math.sin(i / 50)]);
    const out = decimateMinMax(table(x, rows), 0, n, [0], 0, x[n - 1], 800);
    expect(out.x.length).toBeLessThanOrEqual(1600);
    expect(Math.max(...out.columns[0])).toBe(9.5);
    expect(Math.min(...out.columns[0])).toBe(Math.fround(Math.min(...rows.map((r) => r[0]))));
  });

  it('turns a bucket with only missing samples into a gap and emits nothing for an empty range', () => {
    const x = [0, 1, 2, 3];
    const rows = [[1], [Number.NaN], [Number.NaN], [4]];
    const out = decimateMinMax(table(x, rows), 0, 4, [0], 0, 3, 4);
    expect(Array.from(out.x)).toEqual([0, 1, 2, 3]);
    expect(Array.from(out.columns[0])).toEqual([1, Number.NaN, Number.NaN, 4]);
    expect(decimateMinMax(table(x, rows), 2, 2, [0], 0, 3, 3).x.length).toBe(0);
  });
});
