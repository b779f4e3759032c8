import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../devices/serial/testing/waitFor';
import { PackageStore } from './packageStore';
import { DEFAULT_UPLOAD_LIMITS, PackageUploads, type UploadDeclaration, type UploadLimits } from './packageUploads';

let root: string;
let store: PackageStore;
const staged = async (): Promise<string[]> => readdir(join(root, '.staging')).catch(() => []);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'uploads-'));
  store = new PackageStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function uploads(limits: Partial<UploadLimits> = {}, abandoned: string[] = [], progress: string[] = []): PackageUploads {
  return new PackageUploads({
    stage: () => store.stage(),
    limits: { ...DEFAULT_UPLOAD_LIMITS, ...limits },
    onBytes: (_id, received, total) => progress.push(`${received}/${total}`),
    onAbandoned: (_id, why) => abandoned.push(why),
  });
}

const folder = (files: Record<string, number>): UploadDeclaration => ({ kind: 'folder', name: 'pkg', files: Object.entries(files).map(([path, bytes]) => ({ path, bytes })) });

describe('package uploads', () => {
  it('writes a folder in chunks, strips its top folder, hands it to the import and then deletes it', async () => {
    const progress: string[] = [];
    const u = uploads({ maxChunkBytes: 4 }, [], progress);
    const id = await u.begin(folder({ 'pkg/manifest.json': 7, 'pkg/data/w.bin': 0 }));
    await u.chunk(id, 0, 0, Buffer.from('{"a"'));
    await expect(u.chunk(id, 0, 0, Buffer.from(':1}'))).rejects.toThrow(/continues at byte 4, not 0/);
    await u.chunk(id, 0, 4, Buffer.from(':1}'));
    const seen = await u.finish(id, async (source, name) => ({ name, files: (await readdir(source, { recursive: true })).sort(), manifest: await readFile(join(source, 'manifest.json'), 'utf8') }));
    expect(seen).toEqual({ name: 'pkg', files: ['data', 'data/w.bin', 'manifest.json'], manifest: '{"a":1}' });
    expect(progress).toEqual(['4/7', '7/7']);
    expect(await staged()).toEqual([]);
    expect(u.openCount).toBe(0);
  });

  it('stages a .zip as one file for the zip reader', async () => {
    const u = uploads();
    const id = await u.begin({ kind: 'zip', name: 'Model.ZIP', files: [{ path: 'Model.ZIP', bytes: 2 }] });
    await u.chunk(id, 0, 0, Buffer.from('PK'));
    expect(await u.finish(id, (source) => Promise.resolve(source.endsWith('package.zip')))).toBe(true);
    await expect(u.begin({ kind: 'zip', name: 'model.onnx', files: [{ path: 'model.onnx', bytes: 2 }] })).rejects.toThrow(/model\.onnx is not a \.zip file/);
    await expect(u.begin({ kind: 'zip', name: 'a.zip', files: [{ path: 'a.zip', bytes: 1 }, { path: 'b.zip', bytes: 1 }] })).rejects.toThrow(/exactly one file/);
  });

  it.each([
    ['../outside.txt', /climbs out of the package/],
    ['pkg/../../outside.txt', /climbs out of the package/],
    ['/etc/passwd', /absolute path/],
    ['C:/Windows/win.ini', /absolute path/],
    ['pkg\\..\\evil', /backslashes/],
    ['pkg/./manifest.json', /empty or "\." path segments/],
    ['pkg//manifest.json', /empty or "\." path segments/],
    ['pkg/bad\u0000name', /control characters/],
    ['pkg/folder/', /is a folder/],
  ])('refuses the hostile name %j before writing anything', async (path, message) => {
    await expect(uploads().begin(folder({ 'pkg/manifest.json': 1, [path]: 1 }))).rejects.toThrow(message);
    expect(await staged()).toEqual([]);
  });

  it('refuses names that collide on disk', async () => {
    await expect(uploads().begin({ kind: 'folder', name: 'pkg', files: [{ path: 'a.bin', bytes: 1 }, { path: 'a.bin', bytes: 1 }] })).rejects.toThrow(/declared twice/);
    await expect(uploads().begin(folder({ 'Model.onnx': 1, 'model.onnx': 1 }))).rejects.toThrow(/differ only in letter case/);
    expect(await staged()).toEqual([]);
  });

  it('enforces the size, count, chunk and open-upload limits', async () => {
    const u = uploads({ maxTotalBytes: 10, maxFiles: 2, maxChunkBytes: 3, maxOpen: 1 });
    await expect(u.begin(folder({ a: 6, b: 5 }))).rejects.toThrow(/11 bytes, over the 10-byte limit/);
    await expect(u.begin(folder({ a: 1, b: 1, c: 1 }))).rejects.toThrow(/3 files, over the limit of 2/);
    await expect(u.begin({ kind: 'folder', name: 'empty', files: [] })).rejects.toThrow(/no files/);
    const id = await u.begin(folder({ a: 4 }));
    await expect(u.begin(folder({ b: 1 }))).rejects.toThrow(/already open/);
    await expect(u.chunk(id, 0, 0, Buffer.from('abcd'))).rejects.toThrow(/1 to 3 bytes, not 4/);
    await expect(u.chunk(id, 1, 0, Buffer.from('a'))).rejects.toThrow(/there is no file 1/);
    await u.chunk(id, 0, 0, Buffer.from('abc'));
    await expect(u.chunk(id, 0, 3, Buffer.from('de'))).rejects.toThrow(/declared as 4 bytes; this chunk would make it 5/);
    await expect(u.finish(id, () => Promise.resolve('imported'))).rejects.toThrow(/file 0 has 3 of its 4 bytes/);
    expect(await staged()).toEqual([]);
    await expect(u.chunk(id, 0, 3, Buffer.from('d'))).rejects.toThrow(/no open upload/);
  });

  it('refuses a second chunk while one is being written', async () => {
    const u = uploads();
    const id = await u.begin(folder({ a: 2 }));
    const first = u.chunk(id, 0, 0, Buffer.from('a'));
    await expect(u.chunk(id, 0, 1, Buffer.from('b'))).rejects.toThrow(/one at a time/);
    await first;
    await u.chunk(id, 0, 1, Buffer.from('b'));
  });

  it('deletes everything when aborted, when the import throws, and when the renderer goes quiet', async () => {
    const abandoned: string[] = [];
    const u = uploads({ idleTimeoutMs: 100 }, abandoned);
    const aborted = await u.begin(folder({ a: 2 }));
    await u.chunk(aborted, 0, 0, Buffer.from('a'));
    expect(await staged()).toHaveLength(1);
    await u.abort(aborted);
    expect(await staged()).toEqual([]);

    const failing = await u.begin(folder({ a: 1 }));
    await u.chunk(failing, 0, 0, Buffer.from('a'));
    await expect(u.finish(failing, () => Promise.reject(new Error('import crashed')))).rejects.toThrow('import crashed');
    expect(await staged()).toEqual([]);

    await u.begin(folder({ a: 1 }));
    await waitFor(() => abandoned.length === 2, 'the idle upload to be deleted', 2_000);
    expect(await staged()).toEqual([]);
    expect(abandoned).toEqual(['cancelled', 'no data for 0 s']);
  });
});
