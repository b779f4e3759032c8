import type { NumericLimit, TextLimit } from '../../shared/domain/hilLimits';
import type { Measurement } from '../../shared/domain/hilRecord';

/** Significant digits for limits and values in messages: enough to tell 99.95 from 100. */
const DIGITS = 6;

function fmt(value: number, unit: string): string {
  const text = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(DIGITS)));
  return unit === '' ? text : `${text} ${unit}`;
}

/** The limit as a person reads it: `≥ 95 Hz`, `95 … 105 Hz`, `100 ± 5 % Hz`, with the marginal band. */
export function describeNumericLimit(limit: NumericLimit, unit: string): string {
  let text: string;
  if (limit.equals !== undefined) {
    const tolerance = limit.within !== undefined ? ` ± ${fmt(limit.within, '')}` : limit.withinPct !== undefined ? ` ± ${fmt(limit.withinPct, '')} %` : '';
    text = `= ${fmt(limit.equals, '')}${tolerance}${unit === '' ? '' : ` ${unit}`}`;
  } else if (limit.min !== undefined && limit.max !== undefined) {
    text = `${fmt(limit.min, '')} … ${fmt(limit.max, unit)}`;
  } else if (limit.min !== undefined) {
    text = `≥ ${fmt(limit.min, unit)}`;
  } else {
    text = `≤ ${fmt(limit.max ?? Number.NaN, unit)}`;
  }
  return limit.marginal === undefined ? text : `${text} (marginal within ${fmt(limit.marginal, unit)} of a limit)`;
}

/** The passing interval of a numeric limit. */
function interval(limit: NumericLimit): { lo: number; hi: number } {
  if (limit.equals !== undefined) {
    const tolerance = limit.within ?? (limit.withinPct !== undefined ? (Math.abs(limit.equals) * limit.withinPct) / 100 : 0);
    return { lo: limit.equals - tolerance, hi: limit.equals + tolerance };
  }
  return { lo: limit.min ?? -Infinity, hi: limit.max ?? Infinity };
}

/** Compares a value with a numeric limit; a missing or non-finite value fails. */
export function checkNumeric(name: string, value: number | null, unit: string, limit: NumericLimit | undefined): Measurement {
  const described = limit === undefined ? null : describeNumericLimit(limit, unit);
  const base = { name, unit, limit: described };
  // JSON (records, reports) cannot hold NaN or infinities: a value that is not a number is none.
  if (value === null || !Number.isFinite(value)) {
    return limit === undefined
      ? { ...base, value: null, outcome: 'pass', message: null }
      : { ...base, value: null, outcome: 'fail', message: 'no value was measured' };
  }
  if (limit === undefined) return { ...base, value, outcome: 'pass', message: null };
  const { lo, hi } = interval(limit);
  if (value < lo) return { ...base, value, outcome: 'fail', message: `${fmt(value, unit)} is below the limit ${fmt(lo, unit)}` };
  if (value > hi) return { ...base, value, outcome: 'fail', message: `${fmt(value, unit)} is above the limit ${fmt(hi, unit)}` };
  const band = limit.marginal;
  if (band !== undefined) {
    if (value < lo + band) return { ...base, value, outcome: 'marginal', message: `${fmt(value, unit)} is within ${fmt(band, unit)} of the lower limit ${fmt(lo, unit)}` };
    if (value > hi - band) return { ...base, value, outcome: 'marginal', message: `${fmt(value, unit)} is within ${fmt(band, unit)} of the upper limit ${fmt(hi, unit)}` };
  }
  return { ...base, value, outcome: 'pass', message: null };
}

/** Compares a text with a text limit; a missing text fails. */
export function checkText(name: string, value: string | null, limit: TextLimit | undefined): Measurement {
  const described = limit === undefined ? null : limit.matches !== undefined ? `matches ${limit.matches}` : `= "${limit.equals ?? ''}"`;
  const base = { name, unit: '', limit: described, value };
  if (limit === undefined) return { ...base, outcome: 'pass', message: null };
  if (value === null) return { ...base, outcome: 'fail', message: 'nothing was received' };
  if (limit.matches !== undefined) {
    return new RegExp(limit.matches).test(value) ? { ...base, outcome: 'pass', message: null } : { ...base, outcome: 'fail', message: `"${value}" does not match ${limit.matches}` };
  }
  return value === limit.equals ? { ...base, outcome: 'pass', message: null } : { ...base, outcome: 'fail', message: `"${value}" is not "${limit.equals ?? ''}"` };
}
