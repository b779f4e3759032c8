import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

test('runs the IMU 6-position calibration on the simulator, accepts it and downloads the certificate', async ({ page, host }, testInfo) => {
  test.setTimeout(150_000);
  await page.goto(`${host.url}#/devices`);
  await page.getByTestId('connect-sim-imu-6axis').click();
  await expect(page.locator('[data-testid^="device-sim-"]')).toContainText('SC-IMU');
  await expect(page.getByTestId('calibration-badge')).toContainText('calibration: uncalibrated');
  await expect(page.getByTestId('status-calibration')).toHaveText('cal: 1 of 1 uncalibrated');
  await page.getByTestId('nav-calibration').click();
  await expect(page.getByTestId('calibration-status')).toHaveText('uncalibrated');
  await page.getByTestId('calibration-operator').fill('Ana Tech');
  await page.getByTestId('calibration-start-imu-accel-6').click();
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step-id', 'prepare');
  await page.getByTestId('wizard-confirm').click();
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step-id', 'poses');
  // A look at the Live page meanwhile: back on Calibration, the wizard is where it was.
  await page.getByTestId('nav-live').click();
  await page.getByTestId('nav-calibration').click();
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step-id', 'poses');
  const slots = page.getByTestId('wizard-slots').locator('li');
  await expect(slots).toHaveCount(6);
  for (const [i, pose] of ['+x', '-x', '+y', '-y', '+z', '-z'].entries()) {
    await page.getByTestId(`sim-pose-${pose}`).click();
    if (i === 2) await page.screenshot({ path: testInfo.outputPath('calibration-wizard-mid-step.png'), fullPage: true });
    // The last pose completes the step: the wizard moves on to the review.
    if (i < 5) await expect(page.getByTestId('wizard-slots').locator('.slot-green')).toHaveCount(i + 1, { timeout: 15_000 });
  }
  await expect(page.getByTestId('wizard-review')).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('wizard-accept').click();
  await expect(page.getByTestId('wizard-phase')).toHaveText('accepted');
  await expect(page.getByTestId('calibration-status')).toContainText('calibrated (v1)');
  const download = page.waitForEvent('download');
  await page.getByTestId('wizard-certificate').click();
  const file = await download;
  const path = testInfo.outputPath('certificate.html');
  await file.saveAs(path);
  const certificate = await page.context().newPage();
  await certificate.goto(`file://${path}`);
  await expect(certificate.locator('body')).toContainText('Ana Tech');
  await certificate.screenshot({ path: testInfo.outputPath('certificate.png'), fullPage: true });
  await certificate.close();

  // The new state shows wherever the device appears: status bar, Devices page, Live page.
  await expect(page.getByTestId('status-calibration')).toHaveText('cal: all 1 calibrated');
  await page.getByTestId('nav-devices').click();
  await expect(page.getByTestId('calibration-badge')).toContainText('calibration: calibrated v1');
  await page.getByTestId('nav-live').click();
  await expect(page.getByTestId('calibration-badge')).toContainText('calibration: calibrated v1');
  await page.getByTestId('nav-calibration').click();

  // Traceability: a test run on the device records the calibration in force, and the history lists it.
  const history = page.getByTestId('calibration-history');
  await expect(history.getByTestId('calibration-version-1')).toContainText('active');
  await page.getByTestId('nav-tests').click();
  await page.getByTestId('hil-suite').selectOption('imu');
  await page.getByTestId('hil-start').click();
  await expect(page.getByTestId('hil-verdict')).toHaveText('PASS', { timeout: 60_000 });
  await page.getByTestId('nav-calibration').click();
  await page.getByTestId('calibration-usage-1').click();
  await expect(page.getByTestId('calibration-usage-hil')).toContainText('IMU step detector acceptance');
  await expect(page.getByTestId('calibration-usage-hil')).toContainText('PASS');
  await page.screenshot({ path: testInfo.outputPath('calibration-traceability.png'), fullPage: true });
  const exported = page.waitForEvent('download');
  await page.getByTestId('calibration-export').click();
  const exportPath = testInfo.outputPath('calibration.json');
  await (await exported).saveAs(exportPath);
  expect(JSON.parse(readFileSync(exportPath, 'utf8'))).toMatchObject({ format: 'sensor-console-calibration', versions: [{ operator: 'Ana Tech', version: 1 }] });
});

test('runs the e-nose baseline wizard: warm-up countdown, clean-air R0, accept, per-sensor status', async ({ page, host }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(`${host.url}#/devices`);
  await page.getByTestId('connect-sim-enose-8mos').click();
  await expect(page.locator('[data-testid^="device-sim-"]')).toContainText('SC-ENOSE');
  await page.getByTestId('nav-calibration').click();
  await expect(page.getByTestId('calibration-status')).toHaveText('uncalibrated');
  await expect(page.getByTestId('calibration-history-empty')).toBeVisible();
  await page.getByTestId('calibration-operator').fill('Eli Nose');
  await page.getByTestId('calibration-start-enose-baseline').click();
  // The demo device cycles odorants; the procedure wants clean air.
  await page.getByTestId('sim-clean-air').click();
  await page.getByTestId('wizard-confirm').click();
  // Fresh heaters: the warm-up step cannot complete and says why.
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step-id', 'warmup');
  await expect(page.getByTestId('wizard-blockers')).toContainText(/warming up/i);
  await page.screenshot({ path: testInfo.outputPath('enose-warmup.png'), fullPage: true });
  // Minutes of device time in seconds: the simulator delivers its frames 60 times faster.
  await page.getByTestId('sim-fast-forward').click();
  await expect(page.getByTestId('wizard-step')).toHaveAttribute('data-step-id', 'baseline', { timeout: 60_000 });
  await expect(page.getByTestId('wizard-review')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('wizard-review')).toContainText('mos_1');
  await page.getByTestId('wizard-accept').click();
  await expect(page.getByTestId('wizard-phase')).toHaveText('accepted');
  await expect(page.getByTestId('calibration-status')).toContainText('calibrated (v1)');
  await expect(page.getByTestId('calibration-channels')).toContainText('mos_8: calibrated');
  await expect(page.getByTestId('calibration-history').getByTestId('calibration-version-1')).toContainText('Eli Nose');
});
