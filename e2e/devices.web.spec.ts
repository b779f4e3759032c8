import type { Locator } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const counter = async (locator: Locator): Promise<number> => Number((await locator.textContent())?.replace(/[^0-9]/g, '') ?? 'NaN');

test.describe('devices in the browser host', () => {
  test('connects a simulator over a pty, counts a CRC fault, survives a pulled cable', async ({ page, host, simDevice }, testInfo) => {
    const sim = await simDevice('sensor-augmenter-32', 4);
    await page.goto(`${host.url}#/devices`);
    await expect(page.getByTestId('empty-devices')).toBeVisible();
    await page.getByTestId('port-path').fill(sim.path);
    await page.getByTestId('port-profile').selectOption('sensor-augmenter-32');
    await page.getByTestId('connect-serial').click();

    const row = page.locator('[data-testid^="device-serial-"]');
    await expect(row.getByTestId('device-state')).toHaveText('open');
    await expect(row).toContainText('SC-AUG');
    const frames = row.getByTestId('health-frames');
    await expect.poll(() => counter(frames), { timeout: 5000 }).toBeGreaterThan(100);
    await expect(row.getByTestId('health-rate')).toContainText('/ 100 Hz');
    expect(await counter(row.getByTestId('health-crc'))).toBe(0);

    sim.command('crc 5');
    await expect.poll(async () => (await counter(row.getByTestId('health-crc'))) + (await counter(row.getByTestId('health-parse'))), { timeout: 5000 }).toBeGreaterThanOrEqual(5);
    await expect.poll(() => counter(row.getByTestId('health-dropped'))).toBeGreaterThanOrEqual(5);

    sim.command('unplug 2500');
    await expect(row.getByTestId('device-state')).toHaveText(/disconnected|reconnecting/, { timeout: 3000 });
    await expect(row.getByTestId('device-state-detail')).toContainText(/retrying|disappeared|disconnected|reconnect/i);
    await expect(row.getByTestId('device-state')).toHaveText('open', { timeout: 10_000 });
    await expect.poll(() => counter(row.getByTestId('health-reconnects'))).toBeGreaterThanOrEqual(1);
    const afterReconnect = await counter(frames);
    await expect.poll(() => counter(frames), { timeout: 5000 }).toBeGreaterThan(afterReconnect + 50);
    await page.screenshot({ path: testInfo.outputPath('devices-page.png'), fullPage: true });
  });

  test('plots the demo IMU and augmenter live, with units on every axis', async ({ page, host }, testInfo) => {
    await page.goto(`${host.url}#/devices`);
    await page.getByTestId('connect-sim-imu-6axis').click();
    await page.getByTestId('connect-sim-sensor-augmenter-32').click();
    await expect(page.locator('[data-testid^="device-sim-"]')).toHaveCount(2);
    // The terminal shows the traffic both ways: a command typed by the operator and the device's answer.
    const imuRow = page.locator('[data-testid^="device-sim-imu-6axis"]');
    await imuRow.getByTestId('terminal-toggle').click();
    await imuRow.getByTestId('command-input').fill('PING');
    await imuRow.getByTestId('command-send').click();
    await expect(imuRow.getByTestId('terminal')).toContainText('→ PING');
    await expect(imuRow.getByTestId('terminal')).toContainText('← PONG');
    await page.getByTestId('nav-live').click();
    const imu = page.locator('[data-testid^="live-sim-imu-6axis"]');
    await expect(imu.getByTestId('plot-accel')).toHaveAttribute('data-y-label', 'accel (m/s²)');
    await expect(imu.getByTestId('plot-gyro')).toHaveAttribute('data-y-label', 'gyro (rad/s)');
    await expect(imu.getByTestId('plot-accel')).toHaveAttribute('data-x-label', 'device time (s)');
    await expect(imu.getByTestId('plot-accel')).toContainText('accel_x (m/s²)');
    const stats = imu.getByTestId('live-stats');
    await expect.poll(async () => Number(await stats.getAttribute('data-received')), { timeout: 5000 }).toBeGreaterThan(200);
    expect(await stats.getAttribute('data-gaps')).toBe('0');

    await page.keyboard.press('Space');
    await expect(page.getByTestId('live-pause')).toHaveText('Resume view');
    const receivedAtPause = Number(await stats.getAttribute('data-received'));
    await page.waitForTimeout(500);
    expect(Number(await stats.getAttribute('data-received'))).toBeGreaterThan(receivedAtPause);
    await page.keyboard.press('Space');
    await page.waitForTimeout(800);
    await page.screenshot({ path: testInfo.outputPath('live-devices.png'), fullPage: true });
  });
});

test.describe('device profiles and dataset devices', () => {
  test('edits a copy of the IMU profile, refuses a bad edit, and a simulator with the copy shows the new name and unit', async ({ page, host }) => {
    await page.goto(`${host.url}#/devices`);
    await page.getByTestId('profile-imu-6axis').getByTestId('profile-copy').click();
    const editor = page.getByTestId('profile-editor');
    await expect(editor).toHaveValue(/"id": "imu-6axis-copy"/);
    const original = await editor.inputValue();

    // A bad edit: the problem is named by its path and nothing is written.
    await editor.fill(original.replace('"nominalRateHz": 100', '"nominalRateHz": -5').replace('"unit": "m/s²"', '"unti": "m/s²"'));
    await page.getByTestId('profile-save').click();
    await expect(page.getByTestId('profile-issues')).toContainText('channels[0].unti: unknown key');
    await expect(page.getByTestId('profile-issues')).toContainText('nominalRateHz:');
    expect(readFileSync(join(host.dataDir, 'profiles', 'imu-6axis-copy.json'), 'utf8')).toBe(original);

    await editor.fill(original.replace('"name": "accel_x"', '"name": "surge"').replace('"unit": "m/s²"', '"unit": "g"'));
    await page.getByTestId('profile-save').click();
    await expect(page.getByTestId('profile-editor')).toHaveCount(0);
    await expect(page.getByTestId('profile-imu-6axis-copy')).toContainText('mine');

    await page.getByTestId('connect-sim-imu-6axis-copy').click();
    const row = page.locator('[data-testid^="device-sim-imu-6axis-copy"]');
    await expect(row.getByTestId('device-state')).toHaveText('open');
    await page.getByTestId('nav-live').click();
    const live = page.locator('[data-testid^="live-sim-imu-6axis-copy"]');
    // The renamed channel with its new unit gets its own axis; the rest of the group keeps m/s².
    await expect(live.locator('[data-testid="plot-accel"][data-y-label="accel (g)"]')).toContainText('surge (g)');
    await expect(live.locator('[data-testid="plot-accel"][data-y-label="accel (m/s²)"]')).toContainText('accel_y (m/s²)');
  });

  test('a hand-broken profile file is listed with its problem, and Reset repairs it', async ({ page, host }) => {
    await page.goto(`${host.url}#/devices`);
    await page.getByTestId('profile-enose-8mos').getByTestId('profile-copy').click();
    const editor = page.getByTestId('profile-editor');
    await expect(editor).toHaveValue(/"id": "enose-8mos-copy"/);
    await page.getByTestId('profile-cancel').click();
    writeFileSync(join(host.dataDir, 'profiles', 'enose-8mos-copy.json'), '{ "schemaVersion": 1, broken');
    await page.reload();
    const card = page.getByTestId('profile-enose-8mos-copy');
    await expect(card.getByTestId('profile-file-issues')).toContainText('not valid JSON');
    await card.getByTestId('profile-reset').click();
    await expect(card.getByTestId('profile-file-issues')).toHaveCount(0);
    await expect(card).toContainText('10 channels');
    await card.getByTestId('profile-delete').click();
    await expect(card).toHaveCount(0);
  });

  test('streams the SITS demo dataset as a device and the SITS model classifies it live', async ({ page, host }) => {
    await page.goto(`${host.url}#/devices`);
    await page.getByTestId('connect-dataset-sits-sentinel2').click();
    const row = page.locator('[data-testid^="device-dataset-"]');
    await expect(row.getByTestId('device-state')).toHaveText('open', { timeout: 15_000 });
    await expect(row).toContainText('dataset demo-sits');
    // A file has no wire: no command sender or terminal on its row.
    await expect(row.getByTestId('command-input')).toHaveCount(0);
    await expect.poll(() => counter(row.getByTestId('health-frames')), { timeout: 8000 }).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('playback-panel')).toContainText('Satellite image time series');

    await page.getByTestId('nav-live').click();
    // The latest series plotted: each band's patch mean per acquisition, clouded ones as gaps.
    await expect(page.getByTestId('plot-tensor')).toBeVisible();
    await expect(page.getByTestId('tensor-caption')).toContainText(/\d+ of 24 acquisitions masked/, { timeout: 10_000 });
    const panel = page.locator('[data-testid^="model-panel-dataset-"]');
    await expect(panel.getByTestId('model-select')).toBeVisible();
    await panel.getByTestId('model-start').click();
    await expect(panel.getByTestId('model-state')).toContainText('running', { timeout: 15_000 });
    await expect(panel.getByTestId('prediction-top')).toContainText(/Water|Forest|Grassland|Cropland|Urban|Bare Soil|Snow\/Ice|Cloud|Shadow|Wetland/, { timeout: 15_000 });
    await page.screenshot({ path: test.info().outputPath('live-sits-dataset.png'), fullPage: true });
  });

  test('refuses a dataset path that is not a dataset, with the reason', async ({ page, host }) => {
    await page.goto(`${host.url}#/devices`);
    await page.getByTestId('dataset-path').fill(join(host.dataDir, 'nothing-here'));
    await page.getByTestId('connect-dataset').click();
    await expect(page.getByTestId('devices-error')).toContainText(/nothing-here does not exist/);
    await expect(page.getByTestId('empty-devices')).toBeVisible();
  });
});
