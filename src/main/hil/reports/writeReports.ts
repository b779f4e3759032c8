import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HilRunRecord } from '../../../shared/domain/hilRecord';
import { renderHtmlReport } from './htmlReport';
import { renderJunitXml } from './junitReport';

/** Where to write which report; each is optional. */
export interface ReportPaths {
  readonly junit?: string;
  readonly html?: string;
  readonly json?: string;
}

/** The run record as pretty JSON (the record's own schema: `hilRunRecordSchema`). */
export function renderJsonReport(record: HilRunRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Writes `text` to a temp file beside `path`, syncs it, and renames it over `path`: readers never see half a report. */
async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Renders and writes the reports asked for. */
export async function writeReports(record: HilRunRecord, paths: ReportPaths): Promise<void> {
  if (paths.junit !== undefined) await writeFileAtomic(paths.junit, renderJunitXml(record));
  if (paths.html !== undefined) await writeFileAtomic(paths.html, renderHtmlReport(record));
  if (paths.json !== undefined) await writeFileAtomic(paths.json, renderJsonReport(record));
}
