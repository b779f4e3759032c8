// Downloads the Electron binary that `npm ci` skipped (package.json allowScripts denies electron's
// install script, because no machine of the development workplace can reach its download host).
// Run this on a desktop that can: `npm run fetch-electron`, then `npm start` opens the desktop app.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const installer = require.resolve('electron/install.js');
const env = { ...process.env };
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
delete env.npm_config_electron_skip_binary_download;
const result = spawnSync(process.execPath, [installer], { stdio: 'inherit', env });
if (result.status !== 0) {
  console.error('\nCould not download the Electron binary (see above). The browser host still works: npm run web');
}
process.exit(result.status ?? 1);
