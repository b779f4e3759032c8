import { writeFileDurably } from '../../storage/durableFiles';
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


/** Renders and writes the reports asked for. */
export async function writeReports(record: HilRunRecord, paths: ReportPaths): Promise<void> {
  if (paths.junit !== undefined) await writeFileDurably(paths.junit, renderJunitXml(record));
  if (paths.html !== undefined) await writeFileDurably(paths.html, renderHtmlReport(record));
  if (paths.json !== undefined) await writeFileDurably(paths.json, renderJsonReport(record));
}
