// `npm start`: builds, then opens the desktop app when the Electron binary is installed, or
// serves the same app through the browser host when it is not (and says so plainly).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const extra = process.argv.slice(2);
const electron = electronBinary();
const child = electron
  ? spawn(electron, [root, ...extra], { cwd: root, stdio: 'inherit' })
  : (console.log(
      '\nThe Electron binary is not installed (run "npm run fetch-electron" where it can be downloaded).\n' +
        'Starting the same console in the browser host instead — open the URL below in a browser on this machine.\n',
    ),
    spawn(process.execPath, [join(root, 'out/main/cli.js'), 'web', ...extra], { cwd: root, stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
