import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Makes a rename durable: fsyncs the directory holding `path`. Windows cannot open a directory
 * for syncing (and its renames are journalled by NTFS), so there it is a no-op.
 */
export async function syncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Renames `from` to `to` (atomic on one file system) and syncs the directory so it survives a power cut. */
export async function durableRename(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncDirectory(to);
}
