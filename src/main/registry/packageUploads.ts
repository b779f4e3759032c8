import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ContractError } from '../../shared/ipc/contractError';
import { MAX_UPLOAD_CHUNK_BYTES } from '../../shared/ipc/domains/registry';
import type { StagingArea } from './packageStore';
import { collisionKey, commonFolder, entryNameProblem } from './zip/zipReader';

/**
 * Packages sent from the renderer (a picked or dropped `.zip` or folder has no path the core can
 * read: the browser and Electron's sandboxed renderer only hand over bytes). The renderer
 * declares every file first, then sends each in order in bounded chunks; the core writes them
 * into a fresh staging folder in the data directory, then the ordinary import runs on that
 * folder. The staging folder is deleted when the upload finishes, is aborted or goes idle.
 */

export interface UploadLimits {
  /** Sum of the declared file sizes. */
  readonly maxTotalBytes: number;
  readonly maxFiles: number;
  /** Largest chunk, chosen so that its base64 text fits in one message of the browser host (1 MiB). */
  readonly maxChunkBytes: number;
  /** Uploads open at once; a renderer that never finishes cannot fill the disk with many. */
  readonly maxOpen: number;
  /** An upload without a chunk for this long is deleted. */
  readonly idleTimeoutMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxTotalBytes: 1024 ** 3,
  maxFiles: 256,
  maxChunkBytes: MAX_UPLOAD_CHUNK_BYTES,
  maxOpen: 4,
  idleTimeoutMs: 5 * 60_000,
};

/** What the renderer will send: a `.zip` (one file) or a folder's files with their relative paths. */
export interface UploadDeclaration {
  readonly kind: 'zip' | 'folder';
  /** The file or folder name the operator chose, for messages and the history. */
  readonly name: string;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
}

interface OpenUpload {
  readonly id: string;
  readonly name: string;
  readonly staging: StagingArea;
  /** Where the import reads: the folder, or the zip file. */
  readonly source: string;
  readonly targets: readonly string[];
  readonly sizes: readonly number[];
  readonly received: number[];
  readonly total: number;
  timer: NodeJS.Timeout;
  /** A chunk or the finish is being handled; a second request for the same upload meanwhile is refused. */
  busy: boolean;
}

export class PackageUploads {
  readonly #stage: () => Promise<StagingArea>;
  readonly #limits: UploadLimits;
  readonly #onBytes: (uploadId: string, received: number, total: number) => void;
  readonly #onAbandoned: (uploadId: string, why: string) => void;
  readonly #open = new Map<string, OpenUpload>();

  constructor(options: {
    stage: () => Promise<StagingArea>;
    limits?: UploadLimits;
    /** After every chunk: bytes received of all files so far. */
    onBytes?: (uploadId: string, received: number, total: number) => void;
    /** An upload was deleted before it finished: cancelled, failed to write, or idle. */
    onAbandoned?: (uploadId: string, why: string) => void;
  }) {
    this.#stage = options.stage;
    this.#limits = options.limits ?? DEFAULT_UPLOAD_LIMITS;
    this.#onBytes = options.onBytes ?? (() => undefined);
    this.#onAbandoned = options.onAbandoned ?? (() => undefined);
  }

  get maxChunkBytes(): number {
    return this.#limits.maxChunkBytes;
  }

  /** Checks the declaration (names, sizes, counts) and creates every file empty in a fresh staging folder. */
  async begin(declaration: UploadDeclaration): Promise<string> {
    const paths = checkedPaths(declaration, this.#limits);
    if (this.#open.size >= this.#limits.maxOpen) {
      throw refusal(`${this.#open.size} uploads are already open; finish or cancel one first`);
    }
    const staging = await this.#stage();
    try {
      const targets = paths.map((path) => join(staging.dir, ...path.split('/')));
      for (const target of targets) {
        await mkdir(dirname(target), { recursive: true });
        // 'wx': the folder is fresh and the names were checked, so an existing file is a bug or an attack.
        await writeFile(target, new Uint8Array(), { flag: 'wx' });
      }
      const id = randomUUID();
      const sizes = declaration.files.map((f) => f.bytes);
      const total = sizes.reduce((a, b) => a + b, 0);
      this.#open.set(id, {
        id,
        name: declaration.name,
        staging,
        source: declaration.kind === 'zip' ? targets[0] : staging.dir,
        targets,
        sizes,
        received: sizes.map(() => 0),
        total,
        timer: this.#idleTimer(id),
        busy: false,
      });
      return id;
    } catch (error) {
      await staging.discard();
      throw error;
    }
  }

  /** Appends the next bytes of one file; chunks arrive in order, never past the declared size. */
  async chunk(uploadId: string, fileIndex: number, offset: number, data: Buffer): Promise<{ received: number; total: number }> {
    const upload = this.#claim(uploadId);
    try {
      const size = upload.sizes[fileIndex] as number | undefined;
      if (size === undefined) throw refusal(`upload ${uploadId} declared ${upload.sizes.length} files; there is no file ${fileIndex}`);
      if (data.length === 0 || data.length > this.#limits.maxChunkBytes) throw refusal(`a chunk holds 1 to ${this.#limits.maxChunkBytes} bytes, not ${data.length}`);
      if (offset !== upload.received[fileIndex]) throw refusal(`file ${fileIndex} continues at byte ${upload.received[fileIndex]}, not ${offset}`);
      if (offset + data.length > size) throw refusal(`file ${fileIndex} was declared as ${size} bytes; this chunk would make it ${offset + data.length}`);
      await writeFile(upload.targets[fileIndex], data, { flag: 'a' });
      upload.received[fileIndex] += data.length;
      const received = upload.received.reduce((a, b) => a + b, 0);
      this.#onBytes(upload.id, received, upload.total);
      return { received, total: upload.total };
    } catch (error) {
      if (!(error instanceof ContractError)) await this.#drop(upload, `the upload failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    } finally {
      upload.busy = false;
    }
  }

  /**
   * Hands the complete upload to `importFrom` (its path and the operator's name for it), then
   * deletes the staging folder whatever happened.
   */
  async finish<T>(uploadId: string, importFrom: (source: string, name: string) => Promise<T>): Promise<T> {
    const upload = this.#claim(uploadId);
    this.#forget(upload);
    try {
      const short = upload.sizes.findIndex((size, i) => upload.received[i] !== size);
      if (short >= 0) throw refusal(`file ${short} has ${upload.received[short]} of its ${upload.sizes[short]} bytes; send the rest before finishing`);
      return await importFrom(upload.source, upload.name);
    } finally {
      await upload.staging.discard();
    }
  }

  /** Deletes an upload and what it wrote (the renderer cancelled, or gave up after an error). */
  async abort(uploadId: string): Promise<void> {
    const upload = this.#open.get(uploadId);
    if (upload) await this.#drop(upload, 'cancelled');
  }

  /** On shutdown: deletes every open upload. */
  async abortAll(): Promise<void> {
    await Promise.all([...this.#open.values()].map((u) => this.#drop(u, 'the console is shutting down')));
  }

  /** Uploads open now (for tests and health). */
  get openCount(): number {
    return this.#open.size;
  }

  #claim(uploadId: string): OpenUpload {
    const upload = this.#open.get(uploadId);
    if (!upload) throw refusal(`there is no open upload ${uploadId} (it finished, was cancelled or went idle)`);
    if (upload.busy) throw refusal(`upload ${uploadId} is still writing the previous chunk; send chunks one at a time`);
    upload.busy = true;
    upload.timer.refresh();
    return upload;
  }

  #idleTimer(uploadId: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const upload = this.#open.get(uploadId);
      if (upload) void this.#drop(upload, `no data for ${Math.round(this.#limits.idleTimeoutMs / 1000)} s`);
    }, this.#limits.idleTimeoutMs);
    timer.unref();
    return timer;
  }

  #forget(upload: OpenUpload): void {
    clearTimeout(upload.timer);
    this.#open.delete(upload.id);
  }

  async #drop(upload: OpenUpload, why: string): Promise<void> {
    this.#forget(upload);
    await upload.staging.discard();
    this.#onAbandoned(upload.id, why);
  }
}

/** The package-relative paths to write, or a refusal naming the first bad declaration. */
function checkedPaths(declaration: UploadDeclaration, limits: UploadLimits): string[] {
  const { files } = declaration;
  if (files.length === 0) throw refusal('the upload declares no files');
  if (files.length > limits.maxFiles) throw refusal(`the upload declares ${files.length} files, over the limit of ${limits.maxFiles}`);
  if (declaration.kind === 'zip' && files.length !== 1) throw refusal('a .zip upload is exactly one file');
  const total = files.reduce((n, f) => n + f.bytes, 0);
  if (total > limits.maxTotalBytes) throw refusal(`the upload is ${total} bytes, over the ${limits.maxTotalBytes}-byte limit`);
  if (declaration.kind === 'zip') {
    if (!declaration.name.toLowerCase().endsWith('.zip')) throw refusal(`${declaration.name} is not a .zip file; drop a .zip of a model package or its folder`);
    return ['package.zip'];
  }
  const names = files.map((f) => f.path);
  const seen = new Map<string, string>();
  for (const name of names) {
    const problem = entryNameProblem(name) ?? (name.endsWith('/') ? 'is a folder, not a file' : undefined);
    if (problem) throw refusal(`"${name}" ${problem}`);
    const earlier = seen.get(collisionKey(name));
    if (earlier !== undefined) throw refusal(earlier === name ? `${name} is declared twice` : `${name} and ${earlier} differ only in letter case and would collide on disk`);
    seen.set(collisionKey(name), name);
  }
  // A picked or dropped folder arrives as "folder/manifest.json": the package is what is inside it.
  const prefix = commonFolder(names);
  return names.map((name) => name.slice(prefix.length));
}

function refusal(message: string): ContractError {
  return new ContractError({ code: 'invalid-input', message: `Upload refused: ${message}` });
}
