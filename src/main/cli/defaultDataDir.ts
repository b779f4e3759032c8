import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the browser host and CLI keep data when no --data-dir is given (XDG on Linux). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Sensor Console');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Sensor Console');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'sensor-console');
}
