// `npm test`: builds the app, runs every suite (Vitest unit/integration, Playwright e2e in the
// browser host and, where the binary exists, Electron) and ends with one summary line
// `N passed, N failed, N skipped` over all of them. Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, '.test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (label, command, args) => {
  console.log(`\n=== ${label}: ${[command, ...args].map((a) => a.replace(root + '/', '')).join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  return result.status ?? 1;
};
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);

const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = [];

if (run('build', bin('electron-vite'), ['build']) !== 0) broken.push('build');

const vitestStatus = run('unit and integration (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(reports, 'vitest.json')}`,
]);
const vitest = readJson(join(reports, 'vitest.json'));
if (vitest) {
  totals.passed += vitest.numPassedTests;
  // A file that fails before its tests run (an error in beforeAll, an import) fails no test itself:
  // count each such file as a failure, so it can never pass as merely skipped.
  const brokenFiles = vitest.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'));
  for (const f of brokenFiles) console.log(`suite failed to run: ${f.name.replace(root + '/', '')}: ${(f.message ?? '').split('\n')[0]}`);
  totals.failed += vitest.numFailedTests + brokenFiles.length;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (vitestStatus !== 0 && vitest.numFailedTests === 0 && brokenFiles.length === 0) broken.push('vitest (run error)');
} else broken.push('vitest (no report)');

if (!broken.includes('build')) {
  const pwStatus = run('end to end (playwright)', bin('playwright'), ['test']);
  const pw = readJson(join(reports, 'playwright.json'));
  if (pw) {
    totals.passed += pw.stats.expected + pw.stats.flaky;
    totals.failed += pw.stats.unexpected;
    totals.skipped += pw.stats.skipped;
    if (pwStatus !== 0 && pw.stats.unexpected === 0) broken.push('playwright (run error)');
    for (const e of pw.errors ?? []) console.log(`playwright error: ${e.message}`);
  } else broken.push('playwright (no report)');
} else broken.push('playwright (not run: build failed)');

if (broken.length > 0) {
  console.log(`\nsuites that did not complete: ${broken.join(', ')}`);
  totals.failed += broken.length;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
