import { test as base, chromium, expect, type Browser, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CLI = resolve(import.meta.dirname, '../out/main/cli.js');

/** Writes a simulated dataset with the console's own generator (`sim generate`), as an analyst would. */
export function generateDataset(family: string, count: number, seed: number, out: string): void {
  execFileSync(process.execPath, [CLI, 'sim', 'generate', family, '--count', String(count), '--seed', String(seed), '--out', out], { stdio: 'ignore' });
}

/** Flags that keep Chromium quiet on a machine without internet (FINDINGS: browser). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export interface BrowserHostProcess {
  readonly url: string;
  readonly origin: string;
  readonly dataDir: string;
  readonly output: () => string;
}

/** A simulated device served on a pty by `sensor-console sim serve` (a separate process, as a real board would be). */
export interface SimDevice {
  readonly path: string;
  /** Sends a line to the simulator's stdin: `unplug <ms>`, `crc <n>`, `garbage <bytes>`. */
  command(line: string): void;
  readonly output: () => string;
}

interface Fixtures {
  /** Starts a pty simulator for a shipped profile (stopped after the test). */
  simDevice: (profileId: string, seed?: number) => Promise<SimDevice>;
  dataDir: string;
  host: BrowserHostProcess;
  page: Page;
  /** Console errors and page errors seen during the test; the page fixture fails the test on any. */
  consoleErrors: string[];
}

interface WorkerFixtures {
  chromiumBrowser: Browser;
}

/** Starts `sensor-console web` on a temp data dir and resolves with the URL it prints. */
async function startHost(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" before the e2e suite.`);
  const child = spawn(process.execPath, [CLI, 'web', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not print its URL within 15 s:\n${output}`)), 15_000);
    const check = (): void => {
      const match = /open: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  chromiumBrowser: [
    async ({}, use) => {
      if (!existsSync(CHROMIUM_PATH)) {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run "npm run setup" (installs Debian's chromium).`);
      }
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  host: async ({ dataDir }, use) => {
    const { child, url, output } = await startHost(dataDir);
    await use({ url, origin: new URL(url).origin, dataDir, output });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  },
  simDevice: async ({}, use) => {
    const children: ChildProcess[] = [];
    await use(async (profileId, seed = 1) => {
      const child = spawn(process.execPath, [CLI, 'sim', 'serve', profileId, '--seed', String(seed)], { stdio: ['pipe', 'pipe', 'pipe'] });
      children.push(child);
      let output = '';
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const path = await new Promise<string>((resolvePath, reject) => {
        const timer = setTimeout(() => reject(new Error(`sim serve printed no path within 10 s:\n${output}`)), 10_000);
        child.stdout?.on('data', () => {
          const match = / on (\S+)$/m.exec(output);
          if (match) {
            clearTimeout(timer);
            resolvePath(match[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`sim serve exited with ${code}:\n${output}`)));
      });
      return { path, command: (line) => child.stdin?.write(line + '\n'), output: () => output };
    });
    for (const child of children) {
      child.stdin?.end('quit\n');
      await new Promise((r) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => r(clearTimeout(timer)));
      });
    }
  },
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  // Depends on `host` so the page closes before the host stops (else its reconnect attempts log errors).
  page: async ({ chromiumBrowser, consoleErrors, host: _host }, use, testInfo) => {
    const context = await chromiumBrowser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus) {
      await page.screenshot({ path: testInfo.outputPath('failure.png') }).catch(() => undefined);
    }
    await context.close();
    expect(consoleErrors, 'the renderer logged console errors').toEqual([]);
  },
});

export { expect };

/**
 * From the Devices page: connects the simulated IMU, opens the Live page and starts recording with
 * Alt+R on its record button (the shortcut is ignored while focus is in a field).
 */
export async function recordImuSimulator(page: Page): Promise<void> {
  await page.getByTestId('connect-sim-imu-6axis').click();
  await expect(page.locator('[data-testid^="device-sim-"]')).toHaveCount(1);
  await page.getByTestId('nav-live').click();
  await page.getByTestId('record-toggle').focus();
  await page.keyboard.press('Alt+r');
  await expect(page.getByTestId('record-toggle')).toHaveText('■ Stop recording');
}
