import { PAGES } from '../src/renderer/src/pages';
import { expect, test } from './fixtures';

test.describe('console shell in the browser host', () => {
  test('loads, shows core health from the contract, and navigates every page', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('status-connection')).toHaveText('link open');
    await expect(page.getByTestId('status-health')).toHaveText('core running');
    await expect(page.getByTestId('status-host')).toContainText('browser host');
    await expect(page.getByTestId('status-data-dir')).toHaveText(host.dataDir);

    for (const [index, spec] of PAGES.entries()) {
      await page.getByTestId(`nav-${spec.id}`).click();
      await expect(page.getByTestId(`page-${spec.id}`)).toBeVisible();
      await expect(page.getByTestId(`nav-${spec.id}`)).toHaveAttribute('aria-current', 'page');
      await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
      // The keyboard shortcut reaches the same page.
      await page.getByTestId('nav-settings').focus();
      await page.keyboard.press(`Alt+${index + 1}`);
      await expect(page.getByTestId(`page-${spec.id}`)).toBeVisible();
    }
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('settings-data-dir')).toHaveText(host.dataDir);
  });

  test('plots the demo stream live and pausing freezes only the view', async ({ page, host }, testInfo) => {
    await page.goto(`${host.url}#/live`);
    const stats = page.getByTestId('test-signal-stats');
    await expect(stats).toHaveAttribute('data-drawn-last-seq', /\d+/);
    const first = Number(await stats.getAttribute('data-drawn-last-seq'));
    await expect.poll(async () => Number(await stats.getAttribute('data-drawn-last-seq')), { timeout: 5000 }).toBeGreaterThan(first + 100);
    expect(await stats.getAttribute('data-gaps')).toBe('0');
    // A uPlot canvas with the legend naming channels and units.
    await expect(page.getByTestId('test-signal-plot').locator('canvas')).toBeVisible();
    await expect(page.getByTestId('test-signal-plot')).toContainText('ch0 (a.u.)');
    await expect(page.getByTestId('test-signal-plot')).toHaveAttribute('data-x-label', 'device time (s)');
    await expect(page.getByTestId('test-signal-plot')).toHaveAttribute('data-y-label', 'test signal (a.u.)');

    await page.keyboard.press('Space');
    await expect(page.getByTestId('test-signal-pause')).toHaveText('Resume view');
    const frozen = Number(await stats.getAttribute('data-drawn-last-seq'));
    const receivedAtPause = Number(await stats.getAttribute('data-received'));
    await page.waitForTimeout(600);
    expect(Number(await stats.getAttribute('data-drawn-last-seq'))).toBe(frozen);
    expect(Number(await stats.getAttribute('data-received'))).toBeGreaterThan(receivedAtPause);
    await page.keyboard.press('Space');
    await expect.poll(async () => Number(await stats.getAttribute('data-drawn-last-seq'))).toBeGreaterThan(frozen);

    await page.getByTestId('test-signal-channels').selectOption('32');
    await expect(page.getByTestId('test-signal-plot')).toContainText('ch31 (a.u.)');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: testInfo.outputPath('live-shell.png') });
    await testInfo.attach('live-shell', { path: testInfo.outputPath('live-shell.png'), contentType: 'image/png' });
  });

  test('refuses the page, its assets and the socket without the token', async ({ page, host }) => {
    const bare = await page.request.get(`${host.origin}/`);
    expect(bare.status()).toBe(401);
    expect(await bare.text()).toContain('access token');
    const wrong = await page.request.get(`${host.origin}/?token=not-the-token`);
    expect(wrong.status()).toBe(401);
    const traversal = await page.request.get(`${host.url.replace('/?', '/..%2F..%2Fpackage.json?')}`);
    expect(traversal.status()).toBe(404);
  });

  test('switches between dark and light themes', async ({ page, host }) => {
    await page.goto(`${host.url}#/settings`);
    const initial = await page.evaluate(() => document.documentElement.dataset['theme']);
    await page.keyboard.press('Alt+t');
    const toggled = await page.evaluate(() => document.documentElement.dataset['theme']);
    expect(toggled).not.toBe(initial);
    await page.getByLabel('dark').check();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
  });
});
