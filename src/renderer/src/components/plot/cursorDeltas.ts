/** The data under one A/B cursor: the sample nearest the cursor and each series' value there (NaN when missing). */
export interface CursorSample {
  readonly x: number;
  readonly values: readonly number[];
}

/** B − A: the time between the two samples and each series' change (null where either value is missing). */
export interface CursorDeltas {
  readonly dt: number;
  readonly dv: readonly (number | null)[];
}

/** Δt and ΔV per series between the samples under cursors A and B, computed from the data (not from pixels). */
export function cursorDeltas(a: CursorSample, b: CursorSample): CursorDeltas {
  if (a.values.length !== b.values.length) throw new Error(`cursor samples have ${a.values.length} and ${b.values.length} series`);
  return {
    dt: b.x - a.x,
    dv: a.values.map((va, j) => {
      const vb = b.values[j];
      return Number.isFinite(va) && Number.isFinite(vb) ? vb - va : null;
    }),
  };
}

/** A reading for the readout: 6 significant digits, a dash for a missing value. */
export function formatReading(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e6 || magnitude < 1e-4 ? value.toExponential(4) : String(Number(value.toPrecision(6)));
}
