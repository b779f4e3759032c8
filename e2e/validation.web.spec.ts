import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, generateDataset, recordImuSimulator, test } from './fixtures';

test('validates the SITS model on its golden set with a progress bar and opens the report', async ({ page, host }, testInfo) => {
  test.setTimeout(90_000);
  await page.goto(`${host.url}#/validation`);
  await page.getByTestId('validation-model').selectOption('sits/sits-former');
  await page.getByTestId('validation-golden').click();
  await expect(page.getByTestId('validation-dataset')).toHaveValue(/sits-former\/golden$/);
  await page.getByTestId('validation-start').click();
  await expect(page.getByTestId('validation-progress')).toBeVisible();
  await expect(page.getByTestId('validation-verdict')).toHaveText('PASS', { timeout: 60_000 });
  // The outcome is still there after a look at another page.
  await page.getByTestId('nav-live').click();
  await page.getByTestId('nav-validation').click();
  await expect(page.getByTestId('validation-verdict')).toHaveText('PASS');
  await expect(page.getByTestId('validation-runs').locator('tbody tr')).toHaveCount(1);
  const download = page.waitForEvent('download');
  await page.getByTestId('validation-report').click();
  const path = testInfo.outputPath('validation-report.html');
  await (await download).saveAs(path);
  const report = await page.context().newPage();
  await report.goto(`file://${path}`);
  await expect(report.locator('body')).toContainText(/confusion/i);
  await expect(report.locator('svg').first()).toBeVisible();
  await report.screenshot({ path: testInfo.outputPath('validation-report.png'), fullPage: true });
  await report.close();
});

test('labels a recording while it runs, shows the labels on its timeline and validates a classifier on it', async ({ page, host }, testInfo) => {
  test.setTimeout(90_000);
  const activityModel = resolve(import.meta.dirname, '../models/testing/imu-activity');
  await page.goto(`${host.url}#/devices`);
  await recordImuSimulator(page);

  // Alt+L with no label in force puts the cursor in the picker; Enter starts the label.
  await page.getByTestId('record-toggle').focus();
  await page.keyboard.press('Alt+l');
  await expect(page.getByTestId('label-input')).toBeFocused();
  await page.keyboard.type('walking');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('label-current')).toHaveText('Labelling: walking');
  await page.waitForTimeout(3000);
  // A new label ends the one in force; Alt+L (outside the picker) ends it.
  await page.getByTestId('label-input').fill('still');
  await page.getByTestId('label-start').click();
  await expect(page.getByTestId('label-current')).toHaveText('Labelling: still');
  await page.waitForTimeout(2000);
  await page.getByTestId('record-toggle').focus();
  await page.keyboard.press('Alt+l');
  await expect(page.getByTestId('label-current')).toHaveCount(0);
  await page.getByTestId('record-toggle').click();
  await expect(page.getByTestId('record-toggle')).toHaveText('● Record');

  await page.getByTestId('nav-recordings').click();
  await page.getByTestId('recordings-table').locator('tbody tr').first().getByTestId('recording-details').click();
  const spans = page.getByTestId('label-timeline').getByTestId('label-span');
  await expect(spans).toHaveCount(2);
  const drawn = await spans.evaluateAll((g) => g.map((s) => ({ label: s.getAttribute('data-label'), s: Number(s.getAttribute('data-end')) - Number(s.getAttribute('data-start')) })));
  expect(drawn.map((d) => d.label)).toEqual(['walking', 'still']);
  // At least as long as the test waited; a loaded machine adds a little to each.
  expect(drawn[0].s).toBeGreaterThan(2.9);
  expect(drawn[0].s).toBeLessThan(6);
  expect(drawn[1].s).toBeGreaterThan(1.9);
  expect(drawn[1].s).toBeLessThan(5);

  await page.getByTestId('nav-validation').click();
  await page.getByTestId('validation-model-path').fill(activityModel);
  await page.getByTestId('validation-recording').selectOption({ index: 1 });
  await expect(page.getByTestId('validation-dataset')).toHaveValue(/\.mcap$/);
  await page.getByTestId('validation-start').click();
  await expect(page.getByTestId('validation-progress')).toBeVisible();
  await expect(page.getByTestId('validation-verdict')).toBeVisible({ timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.getByTestId('validation-report').click();
  const path = testInfo.outputPath('recording-validation-report.html');
  await (await download).saveAs(path);
  const report = readFileSync(path, 'utf8');
  expect(report).toContain('imu-activity');
  expect(report).toMatch(/Windows without a covering label \(skipped\)<\/th><td>\d+/);
  expect(report).toMatch(/confusion/i);
});

test('says when a run is too short to decide a threshold: an hour of an e-nose unit', async ({ page, host }, testInfo) => {
  test.setTimeout(90_000);
  const dataset = testInfo.outputPath('enose-hour');
  generateDataset('enose', 3_600, 9_001, dataset);
  await page.goto(`${host.url}#/validation`);
  await page.getByTestId('validation-model').selectOption('enose/olfactory-transformer');
  await page.getByTestId('validation-dataset').fill(dataset);
  await page.getByTestId('validation-start').click();
  await expect(page.getByTestId('validation-verdict')).toHaveText('FAIL', { timeout: 60_000 });
  await expect(page.getByTestId('validation-undecided')).toHaveText(
    'not decisive on notes_micro_f1: the 95 % interval spans the bound, so more data could change the verdict (see the report)',
  );
  await page.screenshot({ path: testInfo.outputPath('validation-undecided.png') });
});
