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

/** Quotes a CSV field when it holds a separator, quote or line break (RFC 4180). */
export function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The shortest decimal that reads back (via Math.fround) as the same float32; NaN is empty. */
export function formatFloat32(value: number): string {
  if (Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Object.is(value, -0)) return '-0';
  for (let digits = 6; digits < 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(Number(value.toPrecision(9)));
}

/**
 * Hands text to the browser as a downloaded file: a Blob behind an object URL, clicked through an
 * anchor with `download`. The CSP does not govern downloads (only fetches and embeds), so this
 * works under `default-src 'none'`; the e2e suite checks it.
 */
export function downloadText(fileName: string, text: string, mimeType = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeType};charset=utf-8` }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has taken its own reference by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
