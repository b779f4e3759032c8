import type { Measurement } from '../../../shared/domain/hilRecord';

/** A measured value with its unit, as reports print it. */
export function formatValue(m: Measurement): string {
  if (m.value === null) return '—';
  if (typeof m.value === 'string') return m.value;
  const text = Number.isInteger(m.value) ? String(m.value) : String(Number(m.value.toPrecision(6)));
  return m.unit === '' ? text : `${text} ${m.unit}`;
}
