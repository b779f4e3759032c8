import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
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

let tempCounter = 0;

/**
 * Replaces `path` with what `write` puts into a file, so that readers never see half a file and a
 * power cut leaves the old or the new one (ARCHITECTURE §5): temp file beside it, fsync, rename,
 * fsync of the directory. A failure anywhere removes the temp file and leaves `path` as it was.
 */
export async function replaceFileDurably(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
  const file = await open(temp, 'w');
  try {
    await write(file);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temp, { force: true });
    throw error;
  }
  await file.close();
  try {
    await durableRename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Replaces `path` with `text` durably (see replaceFileDurably). */
export function writeFileDurably(path: string, text: string): Promise<void> {
  return replaceFileDurably(path, (file) => file.writeFile(text, 'utf8'));
}
