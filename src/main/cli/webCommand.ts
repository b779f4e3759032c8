import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_NAME, APP_VERSION } from '../appIdentity';
import { createCore } from '../core/createCore';
import { startBrowserHost } from '../hosts/browserHost';
import { defaultDataDir } from './defaultDataDir';
import { nodeRuntimePaths } from './nodeRuntimePaths';

export const WEB_USAGE = `sensor-console web [--data-dir DIR] [--port N]

Starts the core and serves the console to a browser on this machine only (127.0.0.1),
behind a random access token printed as a URL.`;

/** `sensor-console web`: the browser host. Resolves when the host stops (SIGINT/SIGTERM). */
export async function runWebCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log(WEB_USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number between 0 and 65535, got "${values.port}".`);
    return 2;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const core = createCore({ dataDir, host: 'browser', appName: APP_NAME, appVersion: APP_VERSION, ...nodeRuntimePaths() });
  await core.start();
  const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
  const host = await startBrowserHost({ core, rendererDir, port });
  console.log(`Sensor Console ${APP_VERSION} — browser host`);
  console.log(`data directory: ${dataDir}`);
  console.log(`open: ${host.url}`);

  await new Promise<void>((done) => {
    const stop = (): void => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  await core.stop();
  return 0;
}
