import { expect, test } from './fixtures';

test('runs the IMU suite from the Tests page and shows the verdict and history', async ({ page, host }, testInfo) => {
  test.setTimeout(90_000);
  await page.goto(`${host.url}#/tests`);
  await expect(page.getByTestId('empty-tests')).toBeVisible();
  await page.getByTestId('hil-suite').selectOption('imu');
  await page.getByTestId('hil-start').click();
  await expect(page.getByTestId('hil-step-main-stream-health')).toContainText(/running|PASS/, { timeout: 15_000 });
  // A look at another page mid-run: back on Tests, the run is shown where it is.
  await page.getByTestId('nav-live').click();
  await page.getByTestId('nav-tests').click();
  await expect(page.getByTestId('hil-step-main-stream-health')).toContainText(/running|PASS/);
  await expect(page.getByTestId('hil-verdict')).toHaveText('PASS', { timeout: 60_000 });
  // The verdict stays until the next run, whatever page the operator visits in between.
  await page.getByTestId('nav-devices').click();
  await page.getByTestId('nav-tests').click();
  await expect(page.getByTestId('hil-verdict')).toHaveText('PASS');
  await expect(page.getByTestId('hil-step-main-stream-health')).toContainText('PASS');
  await expect(page.getByTestId('hil-step-main-stream-health')).toContainText('Hz');
  await page.screenshot({ path: testInfo.outputPath('tests-page.png'), fullPage: true });
  await expect(page.getByTestId('hil-history').locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('hil-history').getByRole('button', { name: 'Details' }).click();
  await expect(page.getByTestId('hil-record')).toContainText('pass');
});

test('runs the echolocation suite with the shipped model under test: the localisation check really runs', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.goto(`${host.url}#/tests`);
  await page.getByTestId('hil-suite').selectOption('echoloc');
  await page.getByTestId('hil-model').selectOption({ label: 'echoloc-nn 1.0.0 · catalogue' });
  await page.getByTestId('hil-start').click();
  await expect(page.getByTestId('hil-verdict')).toHaveText('PASS', { timeout: 90_000 });
  await expect(page.getByTestId('hil-step-main-localises-target')).toContainText('PASS');
  await page.getByTestId('hil-history').getByRole('button', { name: 'Details' }).first().click();
  await expect(page.getByTestId('hil-record')).toContainText('echoloc-nn@1.0.0');
});

test('runs the offline SITS suite on the built-in demo dataset with the shipped classifier', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.goto(`${host.url}#/tests`);
  await page.getByTestId('hil-suite').selectOption('sits');
  // An offline suite asks for a dataset, not a port; empty means the demo dataset.
  await expect(page.getByTestId('hil-port')).toHaveCount(0);
  await expect(page.getByTestId('hil-dataset')).toBeVisible();
  await page.getByTestId('hil-model').selectOption({ label: 'sits-former 1.0.0 · catalogue' });
  await page.getByTestId('hil-start').click();
  await expect(page.getByTestId('hil-verdict')).toHaveText('PASS', { timeout: 90_000 });
  for (const step of ['dataset-integrity', 'cloud-mask-present', 'model-accuracy']) await expect(page.getByTestId(`hil-step-main-${step}`)).toContainText('PASS');

  // A folder that is no dataset is refused before anything runs.
  await page.getByTestId('hil-dataset').fill(host.dataDir);
  await page.getByTestId('hil-start').click();
  await expect(page.getByText(/is not a dataset folder \(it has no meta\.json\)/)).toBeVisible();
});
