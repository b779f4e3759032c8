import { expect, test } from './fixtures';

test('runs the augmenter model live, arms the actuator and e-stops it from the keyboard', async ({ page, host }, testInfo) => {
  await page.goto(`${host.url}#/devices`);
  await page.getByTestId('connect-sim-sensor-augmenter-32').click();
  await page.getByTestId('nav-live').click();
  const panel = page.locator('[data-testid^="model-panel-sim-sensor-augmenter-32"]');
  await expect(panel.getByTestId('model-select')).toBeVisible();
  await panel.getByTestId('model-start').click();
  await expect(panel.getByTestId('model-state')).toContainText('running', { timeout: 15_000 });
  await expect.poll(async () => Number((await panel.getByTestId('model-windows-run').textContent())?.replace(/[^0-9]/g, '')), { timeout: 8000 }).toBeGreaterThan(50);
  await expect(panel.getByTestId('model-latency')).toContainText('ms');
  await expect(panel.getByTestId('actuator-state')).toContainText('disarmed');

  await panel.getByTestId('actuator-arm').click();
  await expect(panel.getByTestId('actuator-state')).toHaveText('ARMED');
  await page.screenshot({ path: testInfo.outputPath('inference-augmenter.png'), fullPage: true });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('estop-result')).toHaveText('1 actuator(s) stopped');
  await expect(panel.getByTestId('actuator-state')).toContainText('e-stop');

  // A data-drift watch: the next minute becomes the baseline (its progress shows in seconds), and it can be stopped.
  const health = page.locator('[data-testid^="health-sim-sensor-augmenter-32"]');
  await health.getByTestId('drift-watch').click();
  await expect(health.getByTestId('drift-state')).toContainText(/baseline\s*[1-9]\d* \/ 60 s/, { timeout: 10_000 });
  await health.getByTestId('drift-unwatch').click();
  await expect(health.getByTestId('drift-watch')).toBeVisible();
});
