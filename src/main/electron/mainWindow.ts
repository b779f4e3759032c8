import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TrustedRenderer } from '../ipc/senderPolicy';
import { secureWebPreferences } from './windowOptions';
import { hardenWebContents } from './windowSecurity';

export interface MainWindowPaths {
  /** out/preload/index.cjs */
  readonly preload: string;
  /** out/renderer/index.html */
  readonly rendererIndex: string;
  /** electron-vite's dev server URL during `npm run dev`. */
  readonly devServerUrl: string | undefined;
}

/** Where the window loads the renderer from; the IPC sender check trusts exactly this. */
export function trustedRenderer(paths: MainWindowPaths): TrustedRenderer {
  return paths.devServerUrl
    ? { kind: 'dev', origin: paths.devServerUrl }
    : { kind: 'file', indexUrl: pathToFileURL(paths.rendererIndex).href };
}

/** The console's window: isolated, sandboxed, no Node in the page, navigation locked. */
export function createMainWindow(paths: MainWindowPaths): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Sensor Console',
    backgroundColor: '#111418',
    show: false,
    webPreferences: secureWebPreferences(paths.preload),
  });
  const appUrl = paths.devServerUrl ?? pathToFileURL(paths.rendererIndex).href;
  hardenWebContents(window.webContents, appUrl);
  window.once('ready-to-show', () => window.show());
  if (paths.devServerUrl) void window.loadURL(paths.devServerUrl);
  else void window.loadFile(paths.rendererIndex);
  return window;
}

export function defaultWindowPaths(mainDir: string): MainWindowPaths {
  return {
    preload: join(mainDir, '../preload/index.cjs'),
    rendererIndex: join(mainDir, '../renderer/index.html'),
    devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  };
}
