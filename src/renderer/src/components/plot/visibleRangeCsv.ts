import { csvField, formatFloat32 } from '../../../../shared/csv';

/** Rows to export, read in place (a ring buffer implements it). */
export interface CsvRows {
  seq(index: number): number;
  deviceTimeS(index: number): number;
  hostTimeMs(index: number): number;
  value(index: number, column: number): number;
}

/** One exported series: its name and unit for the header, and where its values are. */
export interface CsvSeries {
  readonly name: string;
  readonly unit: string;
  readonly column: number;
}

/**
 * A plot's visible range as CSV, in the recordings export's layout: a header
 * `host_time_ms,device_time_s,seq,<name> [<unit>],…` and one row per frame in [start, end).
 * Values are the shortest decimals that read back as the same float32; a missing sample is an
 * empty cell, ±Infinity is `inf`/`-inf`.
 */
export function formatVisibleRangeCsv(rows: CsvRows, start: number, end: number, series: readonly CsvSeries[]): string {
  const header = ['host_time_ms', 'device_time_s', 'seq', ...series.map((s) => (s.unit === '' ? s.name : `${s.name} [${s.unit}]`))];
  const lines = [header.map(csvField).join(',')];
  for (let i = start; i < end; i++) {
    let line = `${rows.hostTimeMs(i)},${rows.deviceTimeS(i)},${rows.seq(i)}`;
    for (const s of series) line += `,${formatFloat32(rows.value(i, s.column))}`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
