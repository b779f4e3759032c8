import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { hilSuiteSchema, SUITE_STEP_KINDS, type HilSuite } from '../../shared/domain/hilSuite';

/** One problem in a suite file, located as an editor shows it (1-based line and column). */
export interface SuiteIssue {
  /** `steps[2].timeoutMs`, or `(root)`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A suite, or every problem found in its file. */
export type SuiteParseResult = { readonly ok: true; readonly suite: HilSuite } | { readonly ok: false; readonly issues: readonly SuiteIssue[] };

/**
 * Parses and validates a suite written in YAML. Problems are values with the line and column of
 * the offending key or value — found through the YAML document's source ranges — so a technician
 * editing the file in any editor can jump to them.
 */
export function parseSuiteYaml(text: string): SuiteParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const at = lineCounter.linePos(e.pos[0]);
        return { path: '(yaml)', line: at.line, column: at.col, message: e.message.split('\n')[0] };
      }),
    };
  }
  const result = hilSuiteSchema.safeParse(doc.toJS());
  if (result.success) return { ok: true, suite: result.data };
  const locate = (path: readonly PropertyKey[]): { line: number; column: number } => {
    const offset = offsetOf(doc.contents, path);
    const at = lineCounter.linePos(offset);
    return { line: at.line, column: at.col };
  };
  const issues = result.error.issues.flatMap((issue) => describe(issue).map((d) => ({ ...d, ...locate(d.path), path: formatPath(d.path) })));
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, issues };
}

/** Reads and parses a suite file; an unreadable file is one issue at line 1. */
export async function loadSuiteFile(path: string): Promise<SuiteParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, issues: [{ path: '(file)', line: 1, column: 1, message: error instanceof Error ? error.message : String(error) }] };
  }
  return parseSuiteYaml(text);
}

/** `imu.yaml:12:7: steps[2].timeoutMs: must be a positive number`, one line per issue. */
export function formatSuiteIssues(fileName: string, issues: readonly SuiteIssue[]): string {
  return issues.map((i) => `${fileName}:${i.line}:${i.column}: ${i.path}: ${i.message}`).join('\n');
}

function describe(issue: z.core.$ZodIssue): { path: readonly PropertyKey[]; message: string }[] {
  // zod reports unknown keys once for their object; name each key so the line points at it.
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...issue.path, key], message: 'unknown key' }));
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'kind') {
    return [{ path: issue.path, message: `unknown step kind; expected one of ${SUITE_STEP_KINDS.join(', ')}` }];
  }
  return [{ path: issue.path, message: issue.message }];
}

/** Source offset of the node at `path`: the key for a map entry, else the deepest node that exists. */
function offsetOf(root: Node | null, path: readonly PropertyKey[]): number {
  let node: unknown = root;
  let offset = rangeStart(root);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === segment);
      if (pair === undefined) break;
      const key = pair.key as Node;
      offset = rangeStart(key);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) break;
      offset = rangeStart(item);
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

/** `['steps', 2, 'timeoutMs']` → `steps[2].timeoutMs`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}
