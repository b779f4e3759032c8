import { expect, test } from './fixtures';

test('records the live devices and lists the session', async ({ page, host }) => {
  await page.goto(`${host.url}#/recordings`);
  await expect(page.getByTestId('empty-recordings')).toBeVisible();
  await page.getByTestId('nav-devices').click();
  await page.getByTestId('connect-sim-imu-6axis').click();
  await expect(page.locator('[data-testid^="device-sim-"]')).toHaveCount(1);
  await page.getByTestId('nav-live').click();
  await page.getByTestId('record-toggle').focus();
  await page.keyboard.press('Alt+r');
  await expect(page.getByTestId('record-toggle')).toHaveText('■ Stop recording');
  await expect(page.getByTestId('record-status')).toContainText('frames on disk');
  await expect.poll(async () => Number((await page.getByTestId('record-status').textContent())?.match(/: ([\d,]+) frames/)?.[1].replace(/,/g, '') ?? 0), { timeout: 8000 }).toBeGreaterThan(100);
  await page.getByTestId('record-toggle').click();
  await expect(page.getByTestId('record-toggle')).toHaveText('● Record');
  await page.getByTestId('nav-recordings').click();
  const row = page.getByTestId('recordings-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('complete');
  await expect(row).toContainText('6-axis IMU');
});
