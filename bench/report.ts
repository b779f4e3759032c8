import { appendFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../.test-reports/bench.md', import.meta.url));

/** Prints a benchmark table and appends it to .test-reports/bench.md. */
export function report(title: string, rows: readonly Record<string, string | number>[]): void {
  const headers = Object.keys(rows[0] ?? {});
  const lines = [`\n### ${title}`, `| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${headers.map((h) => r[h]).join(' | ')} |`)];
  console.log(lines.join('\n'));
  mkdirSync(fileURLToPath(new URL('../.test-reports/', import.meta.url)), { recursive: true });
  appendFileSync(OUT, lines.join('\n') + '\n');
}
