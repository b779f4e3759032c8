import { app, BrowserWindow, ipcMain, MessageChannelMain, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/createCore';
import { isTrustedSender } from '../ipc/senderPolicy';
import { bindContractToIpc, type IpcMainLike } from './ipcBinding';
import { createMainWindow, defaultWindowPaths, trustedRenderer } from './mainWindow';
import { utilityProcessInferenceChannel } from './utilityProcessChannel';
import { denyAllPermissions } from './windowSecurity';

/**
 * The desktop shell: builds the core on the app's own data directory, binds it to IPC and opens
 * the window. Everything else lives in the core, which the browser host and CLI share.
 */
export async function runElectronShell(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const mainDir = fileURLToPath(new URL('.', import.meta.url));
  const paths = defaultWindowPaths(mainDir);
  const trusted = trustedRenderer(paths);
  denyAllPermissions(session.defaultSession);

  const core = createCore({
    dataDir: process.env['SENSOR_CONSOLE_DATA_DIR'] ?? app.getPath('userData'),
    // Packaged: models/ sits outside the asar archive (electron-builder extraResources).
    modelsDir: app.isPackaged ? join(process.resourcesPath, 'models') : join(app.getAppPath(), 'models'),
    createInferenceChannel: utilityProcessInferenceChannel(join(mainDir, 'inferenceHost.js')),
    host: 'electron',
    appName: app.getName(),
    appVersion: app.getVersion(),
  });
  await core.start();

  const unbind = bindContractToIpc({
    ipcMain: ipcMain as unknown as IpcMainLike,
    dispatcher: core.dispatcher,
    events: core.events,
    isTrustedSender: (frame) => isTrustedSender(frame, trusted),
    createChannel: () => new MessageChannelMain(),
    broadcast: (channel, ...args) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(channel, ...args);
    },
    onRefused: (channel, reason) => core.logger.warn('ipc', `Refused ${channel}: ${reason}`),
  });

  createMainWindow(paths);
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(paths);
  });
  app.on('window-all-closed', () => app.quit());
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopping) return;
    stopping = true;
    event.preventDefault();
    unbind();
    void core.stop().finally(() => app.exit(0));
  });
}
