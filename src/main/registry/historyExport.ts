import type { HistoryEntry, ManifestChange } from '../../shared/domain/registry';

const COLUMNS: readonly (keyof HistoryEntry)[] = [
  'id',
  'time',
  'actor',
  'action',
  'family',
  'versionId',
  'versionLabel',
  'previousVersionId',
  'alias',
  'profileId',
  'deviceId',
  'reason',
  'metrics',
  'detail',
];

/**
 * The deployment history as CSV (RFC 4180: quoted where needed, CRLF line ends), one row per
 * entry; metrics and detail as JSON. Cells that a spreadsheet would run as a formula are prefixed
 * with an apostrophe, since reasons are free text typed by operators.
 */
export function historyToCsv(entries: readonly HistoryEntry[]): string {
  const lines = [COLUMNS.join(',')];
  for (const entry of entries) {
    lines.push(
      COLUMNS.map((column) => {
        const value = entry[column];
        return csvCell(value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Long numeric arrays (normalisation constants) are reported as one change rather than element by element. */
const ELEMENTWISE_LIMIT = 8;

/** Differences between two manifests (or any JSON values), by dotted path. */
export function diffJson(a: unknown, b: unknown, path = ''): ManifestChange[] {
  if (Object.is(a, b)) return [];
  const here = path || '(root)';
  if (a === undefined) return [{ path: here, change: 'added', a, b }];
  if (b === undefined) return [{ path: here, change: 'removed', a, b }];
  if (Array.isArray(a) && Array.isArray(b)) {
    const numeric = [...a, ...b].every((v) => typeof v === 'number');
    if (numeric && Math.max(a.length, b.length) > ELEMENTWISE_LIMIT) {
      return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path: here, change: 'changed', a, b }];
    }
    const changes: ManifestChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) changes.push(...diffJson(a[i], b[i], join(path, String(i))));
    return changes;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => diffJson(a[key], b[key], join(path, key)));
  }
  return [{ path: here, change: 'changed', a, b }];
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
