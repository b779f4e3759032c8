import { readFile } from 'node:fs/promises';
import { dirname, basename, resolve } from 'node:path';
import { hashFiles } from './datasetHash';
import type { LabelledDataset } from './labelledDataset';
import { DatasetError } from './simulatorDataset';

/** Options for reading a CSV dataset. */
export interface CsvDatasetOptions {
  /** The column holding the ground truth (default `label`); a file without it is unlabelled (drift only). */
  readonly labelColumn?: string;
  /** Sample rate when the file has no time column (default 1 Hz, so time = row index). */
  readonly rateHz?: number;
}

/** Columns a recording's CSV export writes beside the channels; never fed to a model. */
const TIME_COLUMNS = new Set(['host_time_ms', 'seq']);
const DEVICE_TIME_COLUMNS = ['device_time_s', 'time_s'];

/** Splits one CSV line, honouring double quotes ("a,b" and "" escapes). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

/** `accel_x [m/s²]` (a recording export's title) → `accel_x`. */
function channelName(title: string): string {
  return title.replace(/\s*\[[^\]]*\]\s*$/, '');
}

/**
 * Opens a CSV file as a dataset: a header row naming the columns (channel names, optionally
 * with ` [unit]`, as a recording's CSV export writes them), one row per frame; `device_time_s`
 * or `time_s` gives device time; the label column, if present, is the ground truth. An empty or
 * unparseable cell is NaN (the window holding it is refused, as live).
 */
export async function openCsvDataset(path: string, options: CsvDatasetOptions = {}): Promise<LabelledDataset> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DatasetError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length < 2) throw new DatasetError(`${file} needs a header row and at least one data row.`);
  const header = splitCsvLine(lines[0]).map(channelName);
  const labelColumn = options.labelColumn ?? 'label';
  const labelIndex = header.indexOf(labelColumn);
  const timeIndex = header.findIndex((h) => DEVICE_TIME_COLUMNS.includes(h));
  const channelIndexes = header.map((_, i) => i).filter((i) => i !== labelIndex && i !== timeIndex && !TIME_COLUMNS.has(header[i]));
  if (channelIndexes.length === 0) throw new DatasetError(`${file} has no channel columns (header: ${header.join(', ')}).`);
  const rows = lines.slice(1).map(splitCsvLine);
  rows.forEach((row, r) => {
    if (row.length !== header.length) throw new DatasetError(`${file} row ${r + 2} has ${row.length} cells but the header has ${header.length}.`);
  });
  const count = rows.length;
  const channels = channelIndexes.map((i) => header[i]);
  const values = new Float32Array(count * channels.length);
  const cell = (v: string): number => (v === '' ? Number.NaN : Number(v));
  rows.forEach((row, r) => channelIndexes.forEach((col, c) => (values[r * channels.length + c] = cell(row[col]))));
  const rate = options.rateHz ?? 1;
  const timesS = Float64Array.from(rows, (row, r) => (timeIndex >= 0 ? cell(row[timeIndex]) : r / rate));
  const sha256 = await hashFiles(dirname(file), [basename(file)]);
  return {
    ref: { path: file, kind: 'csv', sha256, samples: count, family: null },
    channels,
    count,
    timesS,
    data: {
      kind: 'stream',
      profile: undefined,
      frames: {
        deviceId: 'dataset',
        channelCount: channels.length,
        frameCount: count,
        seq: Float64Array.from({ length: count }, (_, i) => i),
        deviceTimeS: timesS,
        hostTimeMs: timesS.map((t) => t * 1000),
        values,
      },
    },
    targets: labelIndex >= 0 ? [{ kind: 'text', name: labelColumn, values: rows.map((row) => row[labelIndex]) }] : [],
    scoreMask: undefined,
    channelValues: (c) => Float32Array.from({ length: count }, (_, r) => values[r * channels.length + c]),
  };
}
