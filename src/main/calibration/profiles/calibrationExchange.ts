import { type CalibrationExport, CalibrationExportSchema, type CalibrationVersion } from '../../../shared/domain/calibration';
import { describeZodIssues } from '../../../shared/ipc/contractError';

/** Largest calibration file accepted: thousands of versions fit well below it. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** A device's calibration history as a file (every version, and which one is active). */
export function buildCalibrationExport(
  versions: readonly CalibrationVersion[],
  active: CalibrationVersion | null,
  appVersion: string,
  exportedAt: string,
): CalibrationExport {
  const first = versions[0];
  return CalibrationExportSchema.parse({
    format: 'sensor-console-calibration',
    formatVersion: 1,
    exportedAt,
    appVersion,
    deviceKey: first?.deviceKey,
    profileId: first?.profileId,
    activeVersionId: active?.id ?? null,
    versions,
  });
}

/** A checked calibration file, or every problem found in it, each naming where. */
export type CalibrationImportResult = { readonly ok: true; readonly file: CalibrationExport } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Reads a calibration file from untrusted text: JSON, then the strict schema, then the checks a
 * technician would make — every version belongs to the file's device and profile, version
 * numbers are unique, the active version is one of them.
 */
export function parseCalibrationImport(text: string): CalibrationImportResult {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, errors: [`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; it is not a calibration export.`] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`The file is not JSON: ${error instanceof Error ? error.message : String(error)}.`] };
  }
  const parsed = CalibrationExportSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: describeZodIssues(parsed.error) };
  const file = parsed.data;
  const errors: string[] = [];
  const numbers = new Set<number>();
  file.versions.forEach((v, i) => {
    if (v.deviceKey !== file.deviceKey || v.profileId !== file.profileId) {
      errors.push(`versions.${i}: belongs to ${v.deviceKey} (${v.profileId}), not to the file's ${file.deviceKey} (${file.profileId})`);
    }
    if (numbers.has(v.version)) errors.push(`versions.${i}: version number ${v.version} appears twice`);
    numbers.add(v.version);
  });
  if (file.activeVersionId !== null && !file.versions.some((v) => v.id === file.activeVersionId)) {
    errors.push(`activeVersionId: "${file.activeVersionId}" is not one of the file's versions`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, file };
}
