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

test("overlays the augmenter's reconstruction on the reference rig's channels with a running error", async ({ page, host }, testInfo) => {
  await page.goto(`${host.url}#/devices`);
  await page.getByTestId('connect-sim-sensor-augmenter-32').click();
  await page.getByTestId('nav-live').click();
  const panel = page.locator('[data-testid^="model-panel-sim-sensor-augmenter-32"]');
  await panel.getByTestId('model-select').selectOption('augmenter/sensor-augmentor');
  await panel.getByTestId('model-start').click();
  await expect(panel.getByTestId('model-state')).toContainText('running', { timeout: 15_000 });

  // The first three reference channels by default, each with both series and units on its axis.
  const overlay = panel.getByTestId('overlay-reconstructed_hq');
  await expect(overlay.locator('[data-testid^="overlay-plot-"]')).toHaveCount(3);
  const chart = overlay.getByTestId('overlay-chart-hq_00');
  await expect(chart).toHaveAttribute('data-y-label', 'hq_00 (V)');
  await expect(chart).toHaveAttribute('data-x-label', 'device time (s)');
  await expect(chart).toContainText('hq_00 reference (V)');
  await expect(chart).toContainText('hq_00 estimate (V)');
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(20);

  // The error is finite and plausible for this model (its validation bound on RMSE is 0.118 V over all channels).
  const error = overlay.getByTestId('overlay-error-hq_00');
  await expect.poll(async () => Number(await error.getAttribute('data-count')), { timeout: 10_000 }).toBeGreaterThan(20);
  const mae = Number(await error.getAttribute('data-mae'));
  expect(Number.isFinite(mae)).toBe(true);
  expect(mae).toBeGreaterThan(0);
  expect(mae).toBeLessThan(0.5);
  await expect(error).toContainText(/MAE \d\.\d+(e-\d+)? V · RMSE \d\.\d+(e-\d+)? V/);

  // The picker adds and removes channels.
  await overlay.getByText(/Channels \(3 of 32\)/).click();
  await overlay.getByTestId('overlay-pick-hq_10').check();
  await expect(overlay.getByTestId('overlay-plot-hq_10')).toBeVisible();
  await overlay.getByTestId('overlay-pick-hq_00').uncheck();
  await expect(overlay.getByTestId('overlay-plot-hq_00')).toHaveCount(0);
  await expect(overlay.locator('[data-testid^="overlay-plot-"]')).toHaveCount(3);
  await panel.screenshot({ path: testInfo.outputPath('augmenter-overlay.png') });
});

test('runs the e-nose model live: the first window fills (192 s at 1 Hz, fast-forwarded), then scent notes appear', async ({ page, host }, testInfo) => {
  test.setTimeout(90_000);
  await page.goto(`${host.url}#/devices`);
  await page.getByTestId('connect-sim-enose-8mos').click();
  const row = page.locator('[data-testid^="device-sim-"]');
  await expect(row).toContainText('SC-ENOSE');
  await page.getByTestId('nav-live').click();
  const panel = page.locator('[data-testid^="model-panel-"]');
  await panel.getByTestId('model-start').click();
  await expect(panel.getByTestId('model-state')).toContainText('running', { timeout: 20_000 });
  // A 192-sample window at 1 Hz: the panel says how far it has filled instead of waiting silently.
  await expect(panel.getByTestId('first-window')).toContainText(/Filling the model's first window: \d+ of 192 frames, about \d+ min left/);

  // The simulator's scenario control fast-forwards its clock (device time unchanged).
  await page.getByTestId('nav-devices').click();
  await row.getByTestId('scenario-input').fill('SET speed 60');
  await row.getByTestId('scenario-apply').click();
  await expect(row.getByTestId('scenario-reply')).toHaveText('OK');
  await page.getByTestId('nav-live').click();
  await expect(panel.getByTestId('first-window')).toHaveCount(0, { timeout: 30_000 });
  await expect(panel.getByTestId('model-windows-run')).not.toHaveText('0', { timeout: 10_000 });
  await expect(panel.getByTestId('prediction-active')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('live-enose.png'), fullPage: true });
});

test("sets the model runtime's threads on the Settings page; a model started afterwards runs with them", async ({ page, host }) => {
  await page.goto(`${host.url}#/settings`);
  const field = page.getByTestId('settings-runtime-threads');
  await expect(field).toHaveValue('1');
  const cores = Number(await field.getAttribute('max'));
  expect(cores).toBeGreaterThanOrEqual(1);
  await field.fill(String(cores + 1));
  await page.getByTestId('settings-runtime-threads-save').click();
  await expect(page.getByTestId('settings-runtime-threads-message')).toHaveText(`Model runtime threads must be a whole number from 1 to ${cores} (this machine's cores).`);
  await field.fill(String(cores));
  await field.press('Enter');
  await expect(page.getByTestId('settings-runtime-threads-message')).toContainText(`Models loaded from now on use ${cores} thread`);
  await page.reload();
  await expect(page.getByTestId('settings-runtime-threads')).toHaveValue(String(cores));

  await page.getByTestId('nav-devices').click();
  await page.getByTestId('connect-sim-imu-6axis').click();
  await page.getByTestId('nav-live').click();
  const panel = page.locator('[data-testid^="model-panel-"]');
  await panel.getByTestId('model-start').click();
  await expect(panel.getByTestId('model-state')).toContainText('running', { timeout: 15_000 });
  await expect(panel.getByTestId('model-threads')).toHaveText(String(cores));
});
