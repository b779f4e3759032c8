import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ELECTRON_DIR = resolve(import.meta.dirname, '../node_modules/electron');

/**
 * Path of the installed Electron binary, or undefined when it is absent (this workplace cannot
 * download it; `npm run fetch-electron` installs it where the network allows).
 */
export function electronBinaryPath(): string | undefined {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}
