import { randomUUID } from 'node:crypto';
import { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ZIP_LIMITS, extractZip, type ZipLimits } from './zip/zipReader';

/** A fresh folder under the staging area; `dir` is where the package goes. */
export interface StagingArea {
  readonly dir: string;
  /** Deletes the staging folder and everything in it. */
  discard(): Promise<void>;
}

const STAGING = '.staging';
const VERSION_FOLDER = /^[0-9a-f]{64}$/;

/**
 * The registry's folders: `<root>/<version id>/` per stored package (content-addressed,
 * immutable: files are made read-only) and `<root>/.staging/` for imports in progress, on the
 * same file system so that publishing a package is one atomic `rename`. A package folder appears
 * under its final name only once every byte is written and flushed.
 */
export class PackageStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** The stored package folder of a version. */
  dirOf(versionId: string): string {
    return join(this.root, versionId);
  }

  async stage(): Promise<StagingArea> {
    const base = join(this.root, STAGING, randomUUID());
    await mkdir(base, { recursive: true });
    return { dir: join(base, 'package'), discard: () => rm(base, { recursive: true, force: true }) };
  }

  /**
   * Copies a package source into a staging folder: a folder is copied file by file (links and
   * special files refused, so nothing outside it is read), a `.zip` is checked and extracted.
   * Everything later checks the staged copy, so what is verified is exactly what is stored.
   */
  async fill(staging: StagingArea, source: string, zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<'folder' | 'zip'> {
    const stats = await lstat(source).catch(() => undefined);
    if (!stats) throw new SourceError(`${source} does not exist`);
    if (stats.isDirectory()) {
      await copyTree(source, staging.dir);
      return 'folder';
    }
    if (stats.isFile() && (source.toLowerCase().endsWith('.zip') || (await startsWithZipMagic(source)))) {
      await extractZip(source, staging.dir, zipLimits);
      return 'zip';
    }
    throw new SourceError(`${source} is neither a package folder nor a .zip of one`);
  }

  /**
   * Makes the staged files read-only, flushes them and their folders to disk, and renames the
   * package to `<root>/<versionId>`. A leftover folder of that name (from an import killed after
   * its rename but before its database row) is replaced: the id is the content, so it held the
   * same package or a part of it.
   */
  async publish(staging: StagingArea, versionId: string): Promise<string> {
    await flushTree(staging.dir);
    const target = this.dirOf(versionId);
    await rm(target, { recursive: true, force: true });
    await rename(staging.dir, target);
    await fsyncPath(this.root);
    await staging.discard();
    return target;
  }

  async remove(versionId: string): Promise<void> {
    await rm(this.dirOf(versionId), { recursive: true, force: true });
  }

  /**
   * Start-up clean-up after a crash: deletes the staging area and every version folder the
   * database does not know (published but never committed, or deleted from the database but not
   * yet from disk). Returns what was removed.
   */
  async recover(knownVersions: ReadonlySet<string>): Promise<string[]> {
    await mkdir(this.root, { recursive: true });
    const removed: string[] = [];
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      const orphan = entry.name === STAGING || (VERSION_FOLDER.test(entry.name) && !knownVersions.has(entry.name));
      if (!orphan) continue;
      await rm(join(this.root, entry.name), { recursive: true, force: true });
      removed.push(entry.name);
    }
    return removed;
  }

  /** Version folders present on disk. */
  async storedIds(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && VERSION_FOLDER.test(e.name)).map((e) => e.name);
  }
}

/** The source could not be read as a package (missing, wrong kind of file). */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isSymbolicLink()) throw new SourceError(`${entry.name} is a symbolic link; a package may contain only regular files`);
    if (entry.isDirectory()) await copyTree(source, join(to, entry.name));
    else if (entry.isFile()) await copyFile(source, join(to, entry.name));
    else throw new SourceError(`${entry.name} is not a regular file`);
  }
}

async function startsWithZipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

/** Read-only files, each fsync'd, then every folder fsync'd bottom-up so their entries are durable. */
async function flushTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await flushTree(path);
    } else {
      await chmod(path, 0o444);
      await fsyncPath(path);
    }
  }
  await fsyncPath(dir);
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
