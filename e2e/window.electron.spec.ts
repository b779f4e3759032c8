import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { methodNames } from '../src/shared/ipc/contract';
import { electronBinaryPath } from './electronBinary';

const binary = electronBinaryPath();
test.skip(!binary, 'Electron binary not installed (run "npm run fetch-electron" where it can be downloaded)');

let app: ElectronApplication;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sc-electron-'));
  app = await electron.launch({
    executablePath: binary,
    args: [resolve(import.meta.dirname, '..')],
    env: { ...process.env, SENSOR_CONSOLE_DATA_DIR: dataDir },
  });
});

test.afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the page has no Node and cannot navigate away or open windows', async () => {
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  const before = page.url();
  await page.evaluate(() => {
    window.location.href = 'https://example.invalid/';
  });
  await page.waitForTimeout(300);
  expect(page.url()).toBe(before);
  expect(await page.evaluate(() => window.open('https://example.invalid/'))).toBeNull();
  expect(app.windows()).toHaveLength(1);
});

test('the preload exposes the contract bridge and no raw ipcRenderer', async () => {
  const page = await app.firstWindow();
  const shape = await page.evaluate(() => {
    const bridge = (window as unknown as { sensorConsole?: Record<string, unknown> }).sensorConsole;
    return {
      host: bridge?.['host'],
      methods: Object.keys((bridge?.['methods'] as object | undefined) ?? {}).sort(),
      hasIpcRenderer: 'ipcRenderer' in (bridge ?? {}),
    };
  });
  expect(shape.host).toBe('electron');
  expect(shape.methods).toEqual([...methodNames].sort());
  expect(shape.hasIpcRenderer).toBe(false);
  const info = await page.evaluate(async () => {
    const bridge = (window as unknown as { sensorConsole: { methods: Record<string, (i: unknown) => Promise<unknown>> } }).sensorConsole;
    return bridge.methods['app.info']({});
  });
  expect(info).toMatchObject({ ok: true, output: { host: 'electron', dataDir } });
  const bad = await page.evaluate(async () => {
    const bridge = (window as unknown as { sensorConsole: { methods: Record<string, (i: unknown) => Promise<unknown>> } }).sensorConsole;
    return bridge.methods['system.recentEvents']({ limit: 'lots' });
  });
  expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
});

test('the renderer shows core health through IPC', async () => {
  const page = await app.firstWindow();
  await expect(page.getByTestId('status-health')).toHaveText('core running');
  await expect(page.getByTestId('status-host')).toContainText('electron host');
});
