import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from './fixtures';

/** A retrained-looking copy of the shipped augmenter package: same files, version 1.0.1 (the manifest itself is not hashed). */
function nextAugmenterVersion(dir: string): string {
  const target = join(dir, 'sensor-augmentor-1.0.1');
  cpSync(resolve(import.meta.dirname, '../models/augmenter/sensor-augmentor'), target, { recursive: true });
  const manifestPath = join(target, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string; description: string };
  manifest.version = '1.0.1';
  manifest.description += ' (retrained copy for the e2e test)';
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return target;
}

test('imports packages, activates past a failed gate only with a reason, rolls back, and the history shows it all', async ({ page, host }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(`${host.url}#/models`);
  await page.getByTestId('registry-import-augmenter/sensor-augmentor').click();
  await expect(page.getByTestId('registry-message')).toContainText('Imported sensor-augmentor', { timeout: 60_000 });
  await page.getByTestId('registry-import-imu/step-detection').click();
  await expect(page.getByTestId('registry-message')).toContainText('Imported step-detection', { timeout: 60_000 });

  // The augmenter passes its golden-set gate and becomes active.
  await page.getByTestId('registry-reason').fill('bench acceptance of the demo models');
  await page.getByTestId('registry-activate-sensor-augmentor').click();
  // Nothing changes until the operator confirms; Cancel leaves everything as it was.
  await expect(page.getByTestId('registry-confirm')).toContainText('Activate sensor-augmentor 1.0.0 on sensor-augmenter-32?');
  await page.getByTestId('registry-confirm-no').click();
  await expect(page.getByTestId('registry-version-sensor-augmentor')).not.toContainText('active');
  await page.getByTestId('registry-activate-sensor-augmentor').click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(page.getByTestId('registry-version-sensor-augmentor')).toContainText('active (sensor-augmenter-32)', { timeout: 60_000 });
  await expect(page.getByTestId('registry-version-sensor-augmentor')).toContainText('passed');

  // The step detector has no golden-set validator: the gate fails and activation is refused…
  await page.getByTestId('registry-activate-step-detection').click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(page.getByTestId('registry-error')).toContainText(/gate/i, { timeout: 60_000 });
  await expect(page.getByTestId('registry-version-step-detection')).not.toContainText('active');
  // …until the operator overrides it with a reason.
  await page.getByTestId('registry-override').fill('validated by hand on the bench treadmill today');
  await page.getByTestId('registry-activate-step-detection').click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(page.getByTestId('registry-version-step-detection')).toContainText('active (imu-6axis)', { timeout: 60_000 });

  // A second augmenter version takes over, then the operator rolls back to the first.
  await page.getByTestId('registry-path').fill(nextAugmenterVersion(host.dataDir));
  await page.getByTestId('registry-import').click();
  await expect(page.getByTestId('registry-message')).toContainText('1.0.1', { timeout: 60_000 });
  const newer = page.getByTestId('registry-versions').locator('tr', { hasText: '1.0.1' });
  await newer.getByRole('button', { name: 'Activate' }).click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(newer).toContainText('active (sensor-augmenter-32)', { timeout: 60_000 });
  await page.getByTestId('registry-aliases').locator('li', { hasText: 'on sensor-augmenter-32' }).getByRole('button', { name: 'Roll back' }).click();
  await page.getByTestId('registry-confirm-yes').click();
  await expect(page.getByTestId('registry-versions').locator('tr', { hasText: 'sensor-augmentor 1.0.0' })).toContainText('active (sensor-augmenter-32)', { timeout: 30_000 });
  // Before trusting the retrained copy, the operator compares its manifest with the original's.
  const optionOf = (testId: string, text: string) => page.getByTestId(testId).locator('option', { hasText: text }).getAttribute('value');
  await page.getByTestId('diff-a').selectOption((await optionOf('diff-a', 'sensor-augmentor 1.0.0')) ?? '');
  await page.getByTestId('diff-b').selectOption((await optionOf('diff-b', 'sensor-augmentor 1.0.1')) ?? '');
  await page.getByTestId('diff-compare').click();
  const versionRow = page.getByTestId('diff-changes').locator('tr').filter({ has: page.locator('code', { hasText: /^version$/ }) });
  await expect(versionRow).toContainText('1.0.1');
  await expect(page.getByTestId('diff-changes')).toContainText('description');
  const history = page.getByTestId('registry-history');
  await expect(history).toContainText('import');
  await expect(history).toContainText('gate-override');
  await expect(history).toContainText(/rollback/);

  // The device runs the active registry version (listed first on the Live page); 1.0.1 runs in shadow beside it.
  await page.goto(`${host.url}#/devices`);
  await page.getByTestId('connect-sim-sensor-augmenter-32').click();
  await page.getByTestId('nav-live').click();
  const panel = page.locator('[data-testid^="model-panel-sim-sensor-augmenter-32"]');
  await expect(panel.getByTestId('model-select').locator('option').first()).toContainText('sensor-augmentor 1.0.0 · registry');
  await expect(panel.getByTestId('model-select').locator('option').first()).toContainText('(active)');
  await panel.getByTestId('model-start').click();
  await expect(panel.getByTestId('model-state')).toContainText('running', { timeout: 15_000 });
  await page.getByTestId('nav-models').click();
  const shadow = page.locator('[data-testid^="shadow-sim-sensor-augmenter-32"]');
  await shadow.getByTestId('shadow-candidate').selectOption({ label: (await shadow.getByTestId('shadow-candidate').locator('option', { hasText: '1.0.1' }).textContent()) ?? '' });
  await shadow.getByTestId('shadow-start').click();
  // The same network under a new version: every compared output agrees exactly.
  await expect.poll(async () => Number((await shadow.getByTestId('shadow-stats').locator('tbody tr').first().locator('td').nth(1).textContent())?.replace(/[^0-9]/g, '')), { timeout: 15_000 }).toBeGreaterThan(20);
  await expect(shadow.getByTestId('shadow-stats').locator('tbody tr').first()).toContainText('0.00 / 0.00 / 0.00');
  await shadow.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('models-page.png') });
  await shadow.getByTestId('shadow-stop').click();
  await expect(shadow.getByTestId('shadow-start')).toBeVisible();
});
