import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** SHA-256 over the files' names and contents in name order, so renaming or changing any file changes it. */
export async function hashFiles(dir: string, names: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const name of [...names].sort()) {
    const bytes = await readFile(join(dir, name));
    hash.update(`${basename(name)}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
