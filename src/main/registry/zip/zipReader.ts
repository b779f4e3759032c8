import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';

/**
 * A deliberately small `.zip` reader for model packages (PKWARE APPNOTE 6.3.10): stored and
 * deflated entries only, read from the central directory, every entry checked before a byte is
 * written. Node has no zip reader and the registry accepts packages from anywhere, so anything
 * this reader does not fully understand is refused rather than guessed at: encryption, ZIP64,
 * split archives, links, paths that could land outside the target folder, duplicate names,
 * overlapping entries and archives that inflate far beyond their size.
 */

/** Bounds against hostile archives; the defaults suit model packages (kilobytes to hundreds of megabytes). */
export interface ZipLimits {
  readonly maxArchiveBytes: number;
  readonly maxEntries: number;
  /** Sum of every entry's uncompressed size. */
  readonly maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio for entries over `ratioFloorBytes` (deflate tops out near 1032:1). */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 1024 ** 3,
  maxEntries: 512,
  maxTotalBytes: 2 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

/** Why an archive was refused; `message` names the entry and the rule. */
export class ZipRefusal extends Error {
  override readonly name = 'ZipRefusal';
}

interface CentralEntry {
  readonly name: string;
  readonly isDirectory: boolean;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const STORED = 0;
const DEFLATED = 8;
const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * Checks a whole archive and writes its files under `destDir` (which must be empty or absent).
 * When every entry sits in one top-level folder (a zipped package folder), that folder is
 * stripped. Returns the package-relative paths written. Throws `ZipRefusal` before writing
 * anything when the central directory breaks a rule; entry data is verified (size, CRC-32) as
 * it is inflated, and a bad entry stops the extraction (the caller discards `destDir`).
 */
export async function extractZip(zipPath: string, destDir: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string[]> {
  const archive = await readArchive(zipPath, limits);
  const entries = readCentralDirectory(archive, limits);
  const prefix = commonFolder(entries.map((e) => e.name));
  await mkdir(destDir, { recursive: true });
  const written: string[] = [];
  for (const entry of entries) {
    const relative = entry.name.slice(prefix.length);
    if (relative === '') continue;
    const target = join(destDir, ...relative.replace(/\/$/, '').split('/'));
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    // 'wx': an earlier entry can never be overwritten, whatever the name checks missed.
    await writeFile(target, inflateEntry(archive, entry), { flag: 'wx' });
    written.push(relative);
  }
  return written;
}

async function readArchive(zipPath: string, limits: ZipLimits): Promise<Buffer> {
  const handle = await open(zipPath, 'r');
  try {
    const { size } = await handle.stat();
    if (size > limits.maxArchiveBytes) throw new ZipRefusal(`the archive is ${size} bytes, over the ${limits.maxArchiveBytes}-byte limit`);
    const buffer = Buffer.alloc(size);
    await handle.read(buffer, 0, size, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

function readCentralDirectory(archive: Buffer, limits: ZipLimits): CentralEntry[] {
  const eocd = findEndOfCentralDirectory(archive);
  if (eocd >= 20 && archive.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIGNATURE) {
    throw new ZipRefusal('ZIP64 archives are not supported; zip the package with a standard (non-ZIP64) tool');
  }
  const disk = archive.readUInt16LE(eocd + 4);
  const cdDisk = archive.readUInt16LE(eocd + 6);
  const entriesOnDisk = archive.readUInt16LE(eocd + 8);
  const count = archive.readUInt16LE(eocd + 10);
  const cdSize = archive.readUInt32LE(eocd + 12);
  const cdOffset = archive.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipRefusal('ZIP64 archives are not supported');
  if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== count) throw new ZipRefusal('split (multi-part) archives are not supported');
  if (count > limits.maxEntries) throw new ZipRefusal(`the archive has ${count} entries, over the limit of ${limits.maxEntries}`);
  if (cdOffset + cdSize > eocd) throw new ZipRefusal('the central directory lies outside the archive (truncated or corrupt file)');

  const entries: CentralEntry[] = [];
  const seen = new Map<string, string>();
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cdOffset + cdSize || archive.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new ZipRefusal(`central directory entry ${i + 1} is corrupt`);
    }
    const madeBy = archive.readUInt16LE(at + 4);
    const flags = archive.readUInt16LE(at + 8);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const compressedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const startDisk = archive.readUInt16LE(at + 34);
    const externalAttributes = archive.readUInt32LE(at + 38);
    const localOffset = archive.readUInt32LE(at + 42);
    const nameBytes = archive.subarray(at + 46, at + 46 + nameLength);
    const name = decodeName(nameBytes, flags, i);
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x0041) throw new ZipRefusal(`${name} is encrypted; packages must not be encrypted`);
    if (method !== STORED && method !== DEFLATED) {
      throw new ZipRefusal(`${name} uses compression method ${method}; only stored and deflated entries are supported`);
    }
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new ZipRefusal(`${name} needs ZIP64 sizes, which are not supported`);
    }
    if (startDisk !== 0) throw new ZipRefusal(`${name} starts on another disk of a split archive`);
    const problem = entryNameProblem(name);
    if (problem) throw new ZipRefusal(`entry "${name}" ${problem}`);
    const isDirectory = name.endsWith('/');
    const type = entryType(madeBy, externalAttributes);
    if (type === 'link') throw new ZipRefusal(`${name} is a symbolic link; a package may contain only regular files`);
    if (type === 'special' || (type === 'folder' && !isDirectory)) throw new ZipRefusal(`${name} is not a regular file or folder`);
    if (isDirectory && size !== 0) throw new ZipRefusal(`${name} is a folder entry with data`);

    const key = collisionKey(name);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new ZipRefusal(
        earlier === name ? `${name} appears twice in the archive` : `${name} and ${earlier} differ only in letter case and would collide on disk`,
      );
    }
    seen.set(key, name);

    total += size;
    if (total > limits.maxTotalBytes) throw new ZipRefusal(`the archive unpacks to more than ${limits.maxTotalBytes} bytes`);
    if (size > limits.ratioFloorBytes && size > compressedSize * limits.maxRatio) {
      throw new ZipRefusal(`${name} would inflate ${Math.round(size / Math.max(1, compressedSize))}-fold (a zip bomb?); the limit is ${limits.maxRatio}`);
    }
    if (method === STORED && compressedSize !== size) throw new ZipRefusal(`${name} is stored but its sizes disagree`);
    entries.push({ name, isDirectory, method, crc, compressedSize, size, localOffset });
  }
  checkNoOverlap(archive, entries, cdOffset);
  return entries;
}

function findEndOfCentralDirectory(archive: Buffer): number {
  const lowest = Math.max(0, archive.length - EOCD_SIZE - 0xffff);
  for (let at = archive.length - EOCD_SIZE; at >= lowest; at--) {
    if (archive.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_SIZE + archive.readUInt16LE(at + 20) === archive.length) return at;
  }
  throw new ZipRefusal('not a zip archive (no end-of-central-directory record; truncated or another format)');
}

function decodeName(bytes: Buffer, flags: number, index: number): string {
  const utf8 = (flags & 0x0800) !== 0;
  if (!utf8 && bytes.some((b) => b > 0x7e)) {
    throw new ZipRefusal(`entry ${index + 1} has a non-ASCII name in a legacy code page; re-create the archive with UTF-8 names`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ZipRefusal(`entry ${index + 1} has a name that is not valid UTF-8`);
  }
}

/**
 * What is wrong with a package-relative path (a zip entry's or an uploaded file's) as a path
 * below the target folder, if anything: absolute, `..`, backslashes, control characters, empty segments.
 */
export function entryNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'has an empty name';
  if (name.includes('\\')) return 'uses backslashes; zip paths use forward slashes';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return 'contains control characters';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return 'climbs out of the package with ".." (a zip-slip attempt)';
  if (segments.some((s) => s === '' || s === '.')) return 'has empty or "." path segments';
  return undefined;
}

function entryType(madeBy: number, externalAttributes: number): 'file' | 'folder' | 'link' | 'special' {
  if (madeBy >> 8 !== UNIX_HOST) return 'file';
  const mode = (externalAttributes >>> 16) & S_IFMT;
  if (mode === 0 || mode === S_IFREG) return 'file';
  if (mode === S_IFDIR) return 'folder';
  return mode === 0o120000 ? 'link' : 'special';
}

/** Each entry's local header and data must lie before the next entry and the central directory (overlap is how "non-recursive" zip bombs reuse bytes). */
function checkNoOverlap(archive: Buffer, entries: readonly CentralEntry[], cdOffset: number): void {
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  sorted.forEach((entry, i) => {
    const end = dataStart(archive, entry) + entry.compressedSize;
    const limit = i + 1 < sorted.length ? sorted[i + 1].localOffset : cdOffset;
    if (end > limit) throw new ZipRefusal(`${entry.name} overlaps another entry or the central directory (a crafted archive)`);
  });
}

function dataStart(archive: Buffer, entry: CentralEntry): number {
  const at = entry.localOffset;
  if (at + 30 > archive.length || archive.readUInt32LE(at) !== LOCAL_SIGNATURE) throw new ZipRefusal(`${entry.name} has no valid local header`);
  const nameLength = archive.readUInt16LE(at + 26);
  const extraLength = archive.readUInt16LE(at + 28);
  const localName = archive.subarray(at + 30, at + 30 + nameLength).toString('utf8');
  if (localName !== entry.name) throw new ZipRefusal(`${entry.name} is named "${localName}" in its local header (a crafted archive)`);
  if (archive.readUInt16LE(at + 8) !== entry.method) throw new ZipRefusal(`${entry.name} has different compression methods in its two headers`);
  return at + 30 + nameLength + extraLength;
}

function inflateEntry(archive: Buffer, entry: CentralEntry): Buffer {
  const start = dataStart(archive, entry);
  const raw = archive.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.method === STORED) {
    data = raw;
  } else {
    try {
      // maxOutputLength stops a lying size field from inflating without bound.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      throw new ZipRefusal(`${entry.name} does not inflate to its declared ${entry.size} bytes (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (data.length !== entry.size) throw new ZipRefusal(`${entry.name} holds ${data.length} bytes but declares ${entry.size}`);
  if (crc32(data) >>> 0 !== entry.crc) throw new ZipRefusal(`${entry.name} fails its CRC-32 check (corrupt archive)`);
  return data;
}

/** Two names with the same key would land on one file on a case-insensitive or normalising file system. */
export function collisionKey(name: string): string {
  return name.replace(/\/$/, '').normalize('NFC').toLowerCase();
}

/** `folder/` when every path lies inside that one folder and nothing sits beside it, else ''. */
export function commonFolder(names: readonly string[]): string {
  const firsts = new Set(names.map((name) => name.split('/')[0]));
  if (firsts.size !== 1) return '';
  const [first] = firsts;
  return names.every((name) => name.startsWith(`${first}/`) || name === `${first}/`) ? `${first}/` : '';
}
