import type { Locator } from '@playwright/test';
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
