import { describe, expect, it } from 'vitest';
import { tensorSeries } from './tensorSeries';

const layout = {
  kind: 'tensor' as const,
  parts: [
    { name: 'sequences', shape: [3, 2, 2, 2], axes: ['T', 'C', 'H', 'W'] },
    { name: 'cloud_mask', shape: [3], axes: ['T'] },
  ],
};

/** A frame where pixel (h, w) of band c at step t holds 10·t + c + (h·2 + w) / 10, then the mask. */
function frame(mask: number[]): Float32Array {
  const values: number[] = [];
  for (let t = 0; t < 3; t++) for (let c = 0; c < 2; c++) for (let p = 0; p < 4; p++) values.push(10 * t + c + p / 10);
  return Float32Array.from([...values, ...mask]);
}

describe('tensor frames as per-step channel means', () => {
  it('averages each band over the patch at each step', () => {
    const series = tensorSeries(frame([0, 0, 0]), layout);
    expect(series?.steps).toBe(3);
    expect(Array.from(series?.means[0] ?? [])).toEqual([0.15, 10.15, 20.15].map((v) => expect.closeTo(v, 5)));
    expect(Array.from(series?.means[1] ?? [])).toEqual([1.15, 11.15, 21.15].map((v) => expect.closeTo(v, 5)));
    expect(series?.masked).toBe(0);
  });

  it('leaves masked steps as gaps and counts them; non-finite pixels are skipped, not averaged', () => {
    const f = frame([0, 1, 0]);
    f[0] = Number.NaN;
    const series = tensorSeries(f, layout);
    expect(series?.masked).toBe(1);
    expect(series?.means[0][1]).toBeNaN();
    // Band 0 at step 0 without its first pixel: (0.1 + 0.2 + 0.3) / 3.
    expect(series?.means[0][0]).toBeCloseTo(0.2, 5);
  });

  it('has nothing to show for a layout without time and channel axes', () => {
    expect(tensorSeries(new Float32Array(4), { kind: 'tensor', parts: [{ name: 'image', shape: [2, 2], axes: ['H', 'W'] }] })).toBeUndefined();
  });
});
