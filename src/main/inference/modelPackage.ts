import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MANIFEST_FILE_NAME,
  MODEL_FILE_NAME,
  modelManifestSchema,
  type ModelManifest,
  type PackageFileEntry,
} from '../../shared/domain/modelManifest';
import { ContractError, describeZodIssues } from '../../shared/ipc/contractError';

/** Upper bounds that keep a wrong or hostile folder from exhausting memory or disk time. */
export interface PackageLimits {
  readonly maxManifestBytes: number;
  /** ONNX's protobuf format caps one file at 2 GiB; external data files obey the same cap here. */
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
  readonly maxFiles: number;
  readonly maxDepth: number;
}

/** Defaults generous for sensor models, which are kilobytes to tens of megabytes. */
export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxManifestBytes: 1024 * 1024,
  maxFileBytes: 2 * 1024 ** 3,
  maxTotalBytes: 4 * 1024 ** 3,
  maxFiles: 256,
  maxDepth: 4,
};

/** A package whose manifest parsed and whose every file matched its listed size and SHA-256. */
export interface ModelPackage {
  /** The package folder with symlinks in its own path resolved. */
  readonly dir: string;
  readonly manifest: ModelManifest;
  readonly modelPath: string;
}

/**
 * Reads and verifies a model package folder: the manifest must parse; every listed file must
 * exist as a regular file of the listed size and SHA-256; nothing else may be in the folder; no
 * symlinks anywhere (they could point outside the package or change after verification).
 * Refuses with a `ContractError` (`invalid-input`) whose issues name each problem and file.
 */
export async function readModelPackage(packageDir: string, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<ModelPackage> {
  const dir = await resolvePackageDir(packageDir);
  const manifest = await readManifest(dir, packageDir, limits);
  const found = await listRegularFiles(dir, limits);
  const issues = [...found.issues];

  const listed = new Set(manifest.files.map((f) => f.path));
  for (const path of found.files.keys()) {
    if (path !== MANIFEST_FILE_NAME && !listed.has(path)) {
      issues.push(`${path} is not listed in ${MANIFEST_FILE_NAME}; a package may contain only the files it lists`);
    }
  }
  const total = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  if (total > limits.maxTotalBytes) {
    issues.push(`the listed files add up to ${formatBytes(total)}, over the ${formatBytes(limits.maxTotalBytes)} limit`);
  }
  for (const entry of manifest.files) {
    const size = found.files.get(entry.path);
    if (size === undefined) {
      if (!found.refused.has(entry.path)) issues.push(`${entry.path} is listed in ${MANIFEST_FILE_NAME} but missing`);
      continue;
    }
    const problem = await checkFile(dir, entry, size, limits);
    if (problem) issues.push(problem);
  }
  if (issues.length > 0) throw refusal(packageDir, issues);
  return { dir, manifest, modelPath: join(dir, MODEL_FILE_NAME) };
}

/**
 * Checks one listed file on its own (the parity check re-reads the reference file this way):
 * a regular file, not a symlink, of the listed size and SHA-256. Returns the problem, if any.
 */
export async function verifyPackageFile(dir: string, entry: PackageFileEntry, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<string | undefined> {
  const stats = await lstat(join(dir, entry.path)).catch(() => undefined);
  if (!stats) return `${entry.path} is listed in ${MANIFEST_FILE_NAME} but missing`;
  if (stats.isSymbolicLink()) return `${entry.path} is a symbolic link; a package may contain only regular files`;
  if (!stats.isFile()) return `${entry.path} is not a regular file`;
  return checkFile(dir, entry, stats.size, limits);
}

async function resolvePackageDir(packageDir: string): Promise<string> {
  const dir = await realpath(packageDir).catch(() => undefined);
  const stats = dir ? await lstat(dir) : undefined;
  if (!dir || !stats?.isDirectory()) {
    throw new ContractError({ code: 'invalid-input', message: `Model package folder ${packageDir} does not exist or is not a folder` });
  }
  return dir;
}

async function readManifest(dir: string, packageDir: string, limits: PackageLimits): Promise<ModelManifest> {
  const path = join(dir, MANIFEST_FILE_NAME);
  const stats = await lstat(path).catch(() => undefined);
  if (!stats) throw refusal(packageDir, [`${MANIFEST_FILE_NAME} is missing; every model package needs one`]);
  if (!stats.isFile()) throw refusal(packageDir, [`${MANIFEST_FILE_NAME} must be a regular file, not a link or folder`]);
  if (stats.size > limits.maxManifestBytes) {
    throw refusal(packageDir, [`${MANIFEST_FILE_NAME} is ${formatBytes(stats.size)}, over the ${formatBytes(limits.maxManifestBytes)} limit`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw refusal(packageDir, [`${MANIFEST_FILE_NAME} is not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) throw refusal(packageDir, describeZodIssues(parsed.error).map((line) => `${MANIFEST_FILE_NAME}: ${line}`));
  return parsed.data;
}

interface FolderListing {
  /** Regular files by package path, with their size. */
  readonly files: Map<string, number>;
  /** Paths already reported (links, special files), so they are not also reported as missing. */
  readonly refused: Set<string>;
  readonly issues: string[];
}

/** Walks the folder without following links; anything but folders and regular files is refused. */
async function listRegularFiles(dir: string, limits: PackageLimits): Promise<FolderListing> {
  const listing: FolderListing = { files: new Map(), refused: new Set(), issues: [] };
  const walk = async (relative: string, depth: number): Promise<void> => {
    const entries = await readdir(join(dir, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        listing.refused.add(path);
        listing.issues.push(`${path} is a symbolic link; a package may contain only regular files`);
      } else if (entry.isDirectory()) {
        if (depth >= limits.maxDepth) listing.issues.push(`${path} is nested deeper than ${limits.maxDepth} folders`);
        else await walk(path, depth + 1);
      } else if (entry.isFile()) {
        if (listing.files.size >= limits.maxFiles) {
          listing.issues.push(`the package holds more than ${limits.maxFiles} files`);
          return;
        }
        listing.files.set(path, (await lstat(join(dir, path))).size);
      } else {
        listing.refused.add(path);
        listing.issues.push(`${path} is not a regular file`);
      }
    }
  };
  await walk('', 0);
  return listing;
}

async function checkFile(dir: string, entry: PackageFileEntry, size: number, limits: PackageLimits): Promise<string | undefined> {
  if (size > limits.maxFileBytes) return `${entry.path} is ${formatBytes(size)}, over the ${formatBytes(limits.maxFileBytes)} per-file limit`;
  if (size !== entry.bytes) {
    return `${entry.path} is ${size} bytes but ${MANIFEST_FILE_NAME} says ${entry.bytes} (an incomplete copy or the wrong file)`;
  }
  const actual = await sha256OfFile(join(dir, entry.path));
  if (actual !== entry.sha256) {
    return `${entry.path} does not match its SHA-256 in ${MANIFEST_FILE_NAME} (the file was altered or corrupted)`;
  }
  return undefined;
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function refusal(packageDir: string, issues: readonly string[]): ContractError {
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more ${issues.length === 2 ? 'problem' : 'problems'})` : '';
  return new ContractError({
    code: 'invalid-input',
    message: `Model package ${packageDir} was refused: ${issues[0]}${more}`,
    issues: [...issues],
  });
}

/** Bytes in the largest binary unit that keeps the number above 1 ("3.2 MiB"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
