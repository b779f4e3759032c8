/** Read access to columnar samples in x order, without copying them (a ring buffer implements it). */
export interface SampleColumns {
  x(index: number): number;
  value(index: number, column: number): number;
}

/** Decimated columns: NaN marks a gap (a pixel column whose samples were all missing). */
export interface DecimatedColumns {
  readonly x: Float64Array;
  readonly columns: Float32Array[];
}

/**
 * Min/max decimation for a view `buckets` pixel columns wide: samples [start, end) are split by x
 * into equal-width buckets over [xMin, xMax], and each non-empty bucket yields at most two points
 * per series — its minimum and maximum, in the order they occurred — at the bucket's first and
 * last x. Every extreme survives exactly (a spike one sample wide still reaches its peak), while
 * the output stays about 2 points per pixel column however long the window. Non-finite samples
 * are skipped; a bucket with none finite is a gap. Read-only: the input is never modified, so
 * decimation affects the view only (the recorder is fed by the core, not from here).
 */
export function decimateMinMax(
  source: SampleColumns,
  start: number,
  end: number,
  columns: readonly number[],
  xMin: number,
  xMax: number,
  buckets: number,
): DecimatedColumns {
  const width = Math.max(1, Math.floor(buckets));
  const span = xMax - xMin;
  const scale = span > 0 ? width / span : 0;
  const n = columns.length;
  const capacity = Math.min(2 * width + 2, 2 * Math.max(0, end - start));
  const outX = new Float64Array(capacity);
  const out = columns.map(() => new Float32Array(capacity));
  const minV = new Float64Array(n);
  const maxV = new Float64Array(n);
  const minAt = new Int32Array(n);
  const maxAt = new Int32Array(n);
  let written = 0;
  let bucket = -1;
  let firstIndex = 0;
  let lastIndex = 0;

  const flush = (): void => {
    const single = firstIndex === lastIndex;
    outX[written] = source.x(firstIndex);
    if (!single) outX[written + 1] = source.x(lastIndex);
    for (let j = 0; j < n; j++) {
      const column = out[j];
      if (minAt[j] < 0) {
        column[written] = Number.NaN;
        if (!single) column[written + 1] = Number.NaN;
      } else if (single) {
        column[written] = minV[j];
      } else if (minAt[j] <= maxAt[j]) {
        column[written] = minV[j];
        column[written + 1] = maxV[j];
      } else {
        column[written] = maxV[j];
        column[written + 1] = minV[j];
      }
    }
    written += single ? 1 : 2;
  };

  for (let i = start; i < end; i++) {
    const x = source.x(i);
    const b = Math.min(width - 1, Math.max(0, Math.floor((x - xMin) * scale)));
    // x should not decrease; a frame that steps back joins the current bucket, so output stays bounded.
    if (b > bucket) {
      if (bucket >= 0) flush();
      bucket = b;
      firstIndex = i;
      minAt.fill(-1);
      maxAt.fill(-1);
    }
    lastIndex = i;
    for (let j = 0; j < n; j++) {
      const v = source.value(i, columns[j]);
      if (!Number.isFinite(v)) continue;
      if (minAt[j] < 0 || v < minV[j]) {
        minV[j] = v;
        minAt[j] = i;
      }
      if (maxAt[j] < 0 || v > maxV[j]) {
        maxV[j] = v;
        maxAt[j] = i;
      }
    }
  }
  if (bucket >= 0) flush();
  return { x: outX.slice(0, written), columns: out.map((c) => c.slice(0, written)) };
}
