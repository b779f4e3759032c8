import { expect, test } from './fixtures';

test('validates the SITS model on its golden set with a progress bar and opens the report', async ({ page, host }, testInfo) => {
  test.setTimeout(90_000);
  await page.goto(`${host.url}#/validation`);
  await page.getByTestId('validation-model').selectOption('sits/sits-former');
  await page.getByTestId('validation-golden').click();
  await expect(page.getByTestId('validation-dataset')).toHaveValue(/sits-former\/golden$/);
  await page.getByTestId('validation-start').click();
  await expect(page.getByTestId('validation-progress')).toBeVisible();
  await expect(page.getByTestId('validation-verdict')).toHaveText('PASS', { timeout: 60_000 });
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
