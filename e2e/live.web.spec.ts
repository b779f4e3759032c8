import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from '@playwright/test';
import { testSignalValue } from '../src/main/demo/testSignalGenerator';
import { expect, test } from './fixtures';

const RATE_HZ = 1000;
const CHANNELS = 32;

const numberAttr = async (locator: Locator, name: string): Promise<number> => Number(await locator.getAttribute(name));

interface Csv {
  readonly header: string[];
  readonly rows: number[][];
}

/** Reads a downloaded CSV: numbers per cell, an empty cell is NaN. */
async function readCsv(download: Download): Promise<Csv> {
  const text = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  return { header: text[0].split(','), rows: text.slice(1).map((line) => line.split(',').map((cell) => (cell === '' ? Number.NaN : Number(cell)))) };
}

async function exportCsv(page: Page, button: Locator): Promise<Csv> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/^test-signal-test signal-.*\.csv$/);
  return readCsv(download);
}

test.describe('live view', () => {
  test('a 32-channel 1 kHz stream reaches the view without a gap; pause, A/B cursors and the zoomed CSV agree with the data', async ({ page, host }) => {
    await page.goto(`${host.url}#/live`);
    const stats = page.getByTestId('test-signal-stats');
    const plot = page.getByTestId('test-signal-plot');
    await page.getByTestId('test-signal-layout-window').selectOption('2');
    await page.getByTestId('test-signal-channels').selectOption(String(CHANNELS));
    await page.getByTestId('test-signal-rate').selectOption(String(RATE_HZ));
    await expect(plot).toContainText('ch31 (a.u.)');

    // Ten seconds of 32 × 1 kHz: every sequence number arrives, in order, and every sample of the 2 s window is drawn.
    await expect.poll(() => numberAttr(stats, 'data-received'), { timeout: 5000 }).toBeGreaterThan(RATE_HZ);
    const startSeq = await numberAttr(stats, 'data-last-seq');
    await expect.poll(() => numberAttr(stats, 'data-last-seq'), { timeout: 15_000 }).toBeGreaterThan(startSeq + 10 * RATE_HZ);
    // One read of all counters: frames keep arriving between separate reads.
    const counters = await stats.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    expect(counters['gaps']).toBe('0');
    expect(Number(counters['received'])).toBe(Number(counters['lastSeq']) - Number(counters['firstSeq']) + 1);
    await expect(plot).toHaveAttribute('data-decimated', 'false');
    expect(await numberAttr(stats, 'data-drawn-points')).toBeGreaterThanOrEqual(2 * RATE_HZ - 50);

    // Pause: the view freezes, acquisition keeps counting.
    await page.getByTestId('test-signal-pause').click();
    await expect(page.getByTestId('test-signal-pause')).toHaveText('Resume view');
    const frozenSeq = await numberAttr(stats, 'data-drawn-last-seq');
    const receivedAtPause = await numberAttr(stats, 'data-received');
    await page.waitForTimeout(600);
    expect(await numberAttr(stats, 'data-received')).toBeGreaterThan(receivedAtPause + 300);
    expect(await numberAttr(stats, 'data-drawn-last-seq')).toBe(frozenSeq);

    // A/B cursors: place B by clicking, then compare every Δ with the data exported from the same view.
    await page.getByTestId('test-signal-plot-cursors').click();
    const over = plot.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height / 2);
    const readout = page.getByTestId('test-signal-plot-readout');
    await expect(readout).toBeVisible();
    const all = await exportCsv(page, page.getByTestId('test-signal-plot-export'));
    expect(all.header).toEqual(['host_time_ms', 'device_time_s', 'seq', ...Array.from({ length: CHANNELS }, (_, c) => `ch${c} [a.u.]`)]);
    const ta = await numberAttr(readout, 'data-ta');
    const tb = await numberAttr(readout, 'data-tb');
    expect(tb).toBeGreaterThan(ta);
    expect(await numberAttr(readout, 'data-dt')).toBe(tb - ta);
    const rowA = all.rows.find((r) => r[1] === ta)!;
    const rowB = all.rows.find((r) => r[1] === tb)!;
    expect(rowA).toBeDefined();
    expect(rowB).toBeDefined();
    const dvs = await readout.getByTestId('test-signal-plot-readout-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-series'), Number(r.getAttribute('data-dv'))]));
    expect(dvs).toHaveLength(CHANNELS);
    for (const [series, dv] of dvs) {
      const c = Number(String(series).slice(2));
      expect(dv, String(series)).toBe(Math.fround(rowB[3 + c]) - Math.fround(rowA[3 + c]));
    }

    // Zoom into the middle of the frozen view by dragging; the export then holds exactly those samples.
    await page.getByTestId('test-signal-plot-cursors').click();
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByTestId('test-signal-plot-follow')).toHaveText('Back to live');
    await expect.poll(async () => (await numberAttr(plot, 'data-x-max')) - (await numberAttr(plot, 'data-x-min'))).toBeLessThan(1);
    const xMin = await numberAttr(plot, 'data-x-min');
    const xMax = await numberAttr(plot, 'data-x-max');
    expect(xMax - xMin).toBeGreaterThan(0.2);
    expect(xMax - xMin).toBeLessThan(0.6);
    const zoomed = await exportCsv(page, page.getByTestId('test-signal-plot-export'));
    const seqs = zoomed.rows.map((r) => r[2]);
    expect(seqs.length).toBeGreaterThan(150);
    seqs.forEach((s, i) => expect(s).toBe(seqs[0] + i));
    const first = zoomed.rows[0];
    const last = zoomed.rows[zoomed.rows.length - 1];
    expect(first[1]).toBeGreaterThanOrEqual(xMin);
    expect((first[2] - 1) / RATE_HZ).toBeLessThan(xMin);
    expect(last[1]).toBeLessThanOrEqual(xMax);
    expect((last[2] + 1) / RATE_HZ).toBeGreaterThan(xMax);
    for (const row of [first, last]) {
      for (const c of [0, 7, 31]) expect(Math.fround(row[3 + c])).toBe(Math.fround(testSignalValue(c, row[2] / RATE_HZ)));
    }

    // Back to live: double-click follows again and resuming draws new frames.
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.getByTestId('test-signal-plot-follow')).toHaveText('Live');
    await page.getByTestId('test-signal-pause').click();
    await expect.poll(() => numberAttr(stats, 'data-drawn-last-seq')).toBeGreaterThan(frozenSeq);
    expect(await stats.getAttribute('data-gaps')).toBe('0');

    // A longer window than the plot has pixels for: the worker's min/max decimation takes over.
    await page.getByTestId('test-signal-layout-window').selectOption('5');
    await expect(plot).toHaveAttribute('data-decimated', 'true', { timeout: 8000 });
    const width = (await over.boundingBox())!.width;
    expect(await numberAttr(plot, 'data-points')).toBeLessThanOrEqual(2 * Math.ceil(width) + 4);
  });

  test('the IMU and augmenter views: health, layouts saved per profile, screenshots', async ({ page, host }, testInfo) => {
    await page.goto(`${host.url}#/devices`);
    await page.getByTestId('connect-sim-imu-6axis').click();
    await page.getByTestId('connect-sim-sensor-augmenter-32').click();
    await expect(page.locator('[data-testid^="device-sim-"]')).toHaveCount(2);
    await page.getByTestId('nav-live').click();

    const health = page.getByTestId('live-health');
    await expect(health.locator('[data-testid^="health-sim-imu-6axis"]').getByTestId('health-rate')).toContainText('/ 100 Hz');
    await expect(health.getByTestId('health-frame-time')).toContainText(/Renderer frame \d+\.\d ms p50/);
    await expect(health.getByTestId('health-loop-lag')).toContainText(/lag \d+\.\d ms p99/);

    const imu = page.locator('[data-testid^="live-sim-imu-6axis"]');
    await expect(imu.getByTestId('plot-accel')).toHaveAttribute('data-y-label', 'accel (m/s²)');
    await expect(imu.getByTestId('plot-gyro')).toHaveAttribute('data-y-label', 'gyro (rad/s)');
    // The operator's arrangement: a 5 s window, a fixed accel axis, an XY pair.
    await imu.getByTestId('layout-window').selectOption('5');
    await imu.getByTestId('plot-accel-y').selectOption('fixed');
    await expect(imu.getByTestId('plot-accel-y-min')).toHaveValue('-50');
    await imu.getByTestId('layout-xy').click();
    await imu.getByTestId('layout-xy-x').selectOption('accel_x');
    await imu.getByTestId('layout-xy-y').selectOption('accel_z');
    await imu.getByTestId('layout-xy-add').click();
    await imu.getByTestId('layout-xy').click();
    await expect(imu.getByTestId('xy-accel_x-accel_z')).toBeVisible();
    // Tall enough that each panel fits whole in its screenshot.
    await page.setViewportSize({ width: 1400, height: 2200 });
    await page.waitForTimeout(1500);
    await imu.screenshot({ path: testInfo.outputPath('live-imu.png') });
    const augmenter = page.locator('[data-testid^="live-sim-sensor-augmenter-32"]');
    await expect(augmenter.getByTestId('plot-lq')).toHaveAttribute('data-y-label', 'lq (V)');
    await augmenter.screenshot({ path: testInfo.outputPath('live-augmenter.png') });
    await page.screenshot({ path: testInfo.outputPath('live-page.png'), fullPage: true });

    // The layout was saved in the data dir and comes back after a reload; reset returns the default.
    await page.reload();
    await expect(imu.getByTestId('layout-window')).toHaveValue('5');
    await expect(imu.getByTestId('plot-accel-y')).toHaveValue('fixed');
    await expect(imu.getByTestId('xy-accel_x-accel_z')).toBeVisible();
    await expect(augmenter.getByTestId('layout-window')).toHaveValue('10');
    await imu.getByTestId('layout-reset').click();
    await expect(imu.getByTestId('layout-window')).toHaveValue('10');
    await expect(imu.getByTestId('xy-accel_x-accel_z')).toHaveCount(0);
  });
});
