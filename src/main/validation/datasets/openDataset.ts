import { stat } from 'node:fs/promises';
import { type CsvDatasetOptions, openCsvDataset } from './csvDataset';
import type { LabelledDataset } from './labelledDataset';
import { openRecordingDataset } from './recordingDataset';
import { DatasetError, openSimulatorDataset } from './simulatorDataset';

/**
 * Opens a dataset by path: a folder with `meta.json` (simulator/exported datasets), a `.csv` file,
 * or a recording (`.mcap`, optionally `#<deviceId>`) whose label events are the ground truth.
 */
export async function openDataset(path: string, options: CsvDatasetOptions = {}): Promise<LabelledDataset> {
  if (/\.mcap(#.*)?$/i.test(path)) return openRecordingDataset(path);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new DatasetError(`Dataset ${path} does not exist.`);
  if (info.isDirectory()) return openSimulatorDataset(path);
  if (path.toLowerCase().endsWith('.csv')) return openCsvDataset(path, options);
  throw new DatasetError(`Dataset ${path} is neither a dataset folder (with meta.json), a .csv file nor a recording (.mcap).`);
}
