import { defineConfig } from '@playwright/test';

/**
 * e2e suites. `browser-host` drives Debian's Chromium against the browser host (the same core and
 * contract as the desktop app); `electron` launches the real desktop app and skips, with the
 * reason, where the Electron binary is not installed. One worker: the machines have two cores.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env['CI'],
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '.test-reports/playwright.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'browser-host', testMatch: /.*\.web\.spec\.ts/ },
    { name: 'electron', testMatch: /.*\.electron\.spec\.ts/ },
  ],
});
