import type { ImportOutcome } from '../../../../shared/ipc/domains/registry';
import { api } from '../../bridge/api';
import type { ChosenFile, PackageSelection } from './packageSelection';

/**
 * Sending a picked or dropped package to the core. The renderer has the files' bytes but no path
 * the core could read, so it declares the files (`registry.uploadBegin`), sends each in order in
 * base64 chunks the core bounds (`registry.uploadChunk`), then asks for the import
 * (`registry.uploadFinish`). Docs: docs/model-registry.md, "Uploads".
 */

/** Uploads a package and imports it; `signal` cancels the upload (the core deletes what it received). */
export async function uploadPackage(selection: PackageSelection, signal?: AbortSignal): Promise<ImportOutcome> {
  const { uploadId, maxChunkBytes } = await api.call('registry.uploadBegin', {
    kind: selection.kind,
    name: selection.name,
    files: selection.files.map((f) => ({ path: f.path, bytes: f.file.size })),
  });
  try {
    for (const [index, { file }] of selection.files.entries()) {
      for (let offset = 0; offset < file.size; offset += maxChunkBytes) {
        signal?.throwIfAborted();
        await api.call('registry.uploadChunk', { uploadId, file: index, offset, data: await base64Of(file.slice(offset, offset + maxChunkBytes)) });
      }
    }
    signal?.throwIfAborted();
  } catch (error) {
    await api.call('registry.uploadAbort', { uploadId }).catch(() => undefined);
    throw error;
  }
  return api.call('registry.uploadFinish', { uploadId });
}

/** The files of a drop: folders are walked (Chromium's entry API) so a dropped package folder keeps its paths. */
export async function droppedFiles(transfer: DataTransfer): Promise<ChosenFile[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  // Files put on a DataTransfer by script (and some sources) carry no entries: take the files themselves.
  if (entries.length === 0) return [...transfer.files].map((file) => ({ path: file.name, file }));
  const out: ChosenFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

/** The files of an `<input type="file">`, with their folder paths when a folder was chosen. */
export function pickedFiles(list: FileList): ChosenFile[] {
  return [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

async function walk(entry: FileSystemEntry, out: ChosenFile[]): Promise<void> {
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
    return;
  }
  if (!isDirectory(entry)) return;
  const reader = entry.createReader();
  // readEntries returns at most 100 entries per call; call until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, out);
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

/** Base64 of a blob, read by the browser (a data: URL) rather than byte by byte in script. */
function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(blob);
  });
}
