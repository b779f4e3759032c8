import { readFileSync } from 'node:fs';
import { expect, recordImuSimulator, test } from './fixtures';

test('records the live devices and lists the session', async ({ page, host }) => {
  await page.goto(`${host.url}#/recordings`);
  await expect(page.getByTestId('empty-recordings')).toBeVisible();
  await page.getByTestId('nav-devices').click();
  await recordImuSimulator(page);
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

test('plays a recorded session back as a live device, then renames, exports and deletes it', async ({ page, host }) => {
  await page.goto(`${host.url}#/devices`);
  await page.getByTestId('connect-sim-imu-6axis').click();
  await expect(page.locator('[data-testid^="device-sim-"]')).toHaveCount(1);
  await page.getByTestId('nav-live').click();
  await page.getByTestId('record-toggle').click();
  await expect.poll(async () => Number((await page.getByTestId('record-status').textContent())?.match(/: ([\d,]+) frames/)?.[1].replace(/,/g, '') ?? 0), { timeout: 8000 }).toBeGreaterThan(200);
  await page.getByTestId('record-toggle').click();
  await expect(page.getByTestId('record-toggle')).toHaveText('● Record');

  // Play back: the Live page shows the playback device, its frames arriving in order.
  await page.getByTestId('nav-recordings').click();
  const row = page.getByTestId('recordings-table').locator('tbody tr');
  await expect(row).toContainText('complete');
  await row.getByTestId('recording-playback').click();
  const live = page.locator('[data-testid^="live-playback-"]');
  await expect(live).toHaveCount(1);
  await expect(live).toContainText('playback of');
  const stats = live.getByTestId('live-stats');
  await expect.poll(async () => Number(await stats.getAttribute('data-received')), { timeout: 8000 }).toBeGreaterThan(50);
  await expect(stats).toContainText('gaps 0');

  // Transport control on the Recordings page: pause holds the position.
  await page.getByTestId('nav-recordings').click();
  await page.getByTestId('playback-pause').click();
  await expect(page.getByTestId('playback-detail')).toContainText('Playback paused at');

  // Rename and tag, export a device's frames as CSV, delete.
  await row.getByTestId('recording-details').click();
  await page.getByTestId('session-name').fill('walk take');
  await page.getByTestId('session-tags').fill('walk, bench');
  await page.getByTestId('session-save').click();
  await expect(row).toContainText('walk take');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^walk_take-sim-imu-6axis-\d+-raw\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  expect(lines[0]).toMatch(/^host_time_ms,device_time_s,seq,accel_x/);
  expect(lines.length).toBeGreaterThan(200);
  await page.getByTestId('session-delete').click();
  await page.getByTestId('session-delete-confirm').click();
  await expect(page.getByTestId('empty-recordings')).toBeVisible();
});

test('a paused live view panned past its in-memory window shows older data read from the recording in progress', async ({ page, host }) => {
  await page.goto(`${host.url}#/devices`);
  await page.getByTestId('connect-sim-imu-6axis').click();
  await expect(page.locator('[data-testid^="device-sim-"]')).toHaveCount(1);
  await page.getByTestId('nav-live').click();
  const live = page.locator('[data-testid^="live-sim-"]');
  // A 1 s window keeps about 1.25 s of frames in memory.
  await live.getByTestId('layout-window').selectOption('1');
  const plot = live.getByTestId('plot-accel');
  const status = live.getByTestId('scroll-back-status');

  // Without a recording, panning back says how to keep history.
  await page.getByTestId('live-pause').click();
  for (let i = 0; i < 3; i++) await live.getByTestId('plot-accel-pan-left').click();
  await expect(status).toHaveText('Start a recording (Alt+R) to keep history beyond 1 s.');
  await page.getByTestId('live-pause').click();
  await live.getByTestId('plot-accel-follow').click();

  await page.keyboard.press('Alt+r');
  await expect(page.getByTestId('record-toggle')).toHaveText('■ Stop recording');
  await expect.poll(async () => Number((await page.getByTestId('record-status').textContent())?.match(/: ([\d,]+) frames/)?.[1].replace(/,/g, '') ?? 0), { timeout: 10_000 }).toBeGreaterThan(400);
  await page.getByTestId('live-pause').click();
  for (let i = 0; i < 8; i++) await live.getByTestId('plot-accel-pan-left').click();
  await expect(status).toHaveAttribute('data-state', 'loaded');
  await expect(status).toContainText('History from the recording');
  const liveFrom = Number(await status.getAttribute('data-live-from'));
  // The view now starts about 1.75 s before the oldest frame in memory; the recording fills that.
  await expect.poll(async () => Number(await plot.getAttribute('data-first-x'))).toBeLessThan(liveFrom - 1);
  expect(Number(await plot.getAttribute('data-points'))).toBeGreaterThan(50);
  await page.getByTestId('live-pause').click();
  await expect(status).toHaveCount(0);
  await page.getByTestId('record-toggle').click();
  await expect(page.getByTestId('record-toggle')).toHaveText('● Record');
});
