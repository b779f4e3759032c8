import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from '../../storage/database';
import { migrations } from '../../storage/migrations';

/** The console's database in a real file, with the calibration migration appended as the lead will. */
export function openCalibrationDb(path: string): DatabaseSync {
  return openDatabase(path, migrations).db;
}
