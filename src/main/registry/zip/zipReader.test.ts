import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildZip, type ZipEntrySpec } from '../testing/zipWriter';
import { extractZip, ZipRefusal } from './zipReader';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zip-reader-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function extract(entries: readonly ZipEntrySpec[] | Buffer): Promise<string[]> {
  const zip = join(dir, 'package.zip');
  await writeFile(zip, Buffer.isBuffer(entries) ? entries : buildZip(entries));
  return extractZip(zip, join(dir, 'out'));
}

async function refusal(entries: readonly ZipEntrySpec[] | Buffer): Promise<string> {
  const error = await extract(entries).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZipRefusal);
  return (error as ZipRefusal).message;
}

describe('extractZip', () => {
  it('extracts stored and deflated entries, stripping the one top-level folder', async () => {
    const big = text('x'.repeat(10_000));
    const written = await extract([
      { name: 'pkg/' },
      { name: 'pkg/manifest.json', data: text('{}') },
      { name: 'pkg/golden/values.bin', data: big, deflate: true },
    ]);
    expect(written.sort()).toEqual(['golden/values.bin', 'manifest.json']);
    expect(await readFile(join(dir, 'out', 'golden', 'values.bin'))).toEqual(Buffer.from(big));
  });

  it.each([
    ['zip-slip', [{ name: 'pkg/../../evil.sh', data: text('x') }], /climbs out of the package/],
    ['absolute path', [{ name: '/etc/cron.d/evil', data: text('x') }], /absolute path/],
    ['drive letter', [{ name: 'C:/evil', data: text('x') }], /absolute path/],
    ['backslashes', [{ name: 'pkg\\..\\evil', data: text('x') }], /backslashes/],
    ['symlink', [{ name: 'model.onnx', data: text('/etc/passwd'), unixMode: 0o120777 }], /symbolic link/],
    ['device file', [{ name: 'dev', data: text(''), unixMode: 0o020666 }], /not a regular file/],
    ['duplicate names', [{ name: 'a.json', data: text('1') }, { name: 'a.json', data: text('2') }], /appears twice/],
    ['case collision', [{ name: 'A.json', data: text('1') }, { name: 'a.json', data: text('2') }], /differ only in letter case/],
    ['encryption', [{ name: 'model.onnx', data: text('x'), encrypted: true }], /encrypted/],
  ])('refuses %s before writing anything', async (_name, entries, message) => {
    expect(await refusal(entries as ZipEntrySpec[])).toMatch(message);
    expect(await readdir(join(dir, 'out')).catch(() => [])).toEqual([]);
  });

  it('refuses a zip bomb by its ratio, and an entry that inflates past its declared size', async () => {
    expect(await refusal([{ name: 'zeros.bin', data: new Uint8Array(20 * 1024 * 1024), deflate: true }])).toMatch(/inflate \d+-fold/);
    expect(await refusal([{ name: 'liar.bin', data: new Uint8Array(5000), deflate: true, declaredSize: 100 }])).toMatch(/does not inflate to its declared 100 bytes/);
  });

  it('refuses truncated archives, ZIP64 and corrupt data', async () => {
    const good = buildZip([{ name: 'a.txt', data: text('hello world'), deflate: true }]);
    expect(await refusal(good.subarray(0, good.length - 10))).toMatch(/not a zip archive/);
    const zip64 = Buffer.from(good);
    zip64.writeUInt16LE(0xffff, zip64.length - 12);
    expect(await refusal(zip64)).toMatch(/ZIP64/);
    const corrupt = Buffer.from(buildZip([{ name: 'a.txt', data: text('hello world') }]));
    corrupt[30 + 'a.txt'.length] ^= 0xff;
    expect(await refusal(corrupt)).toMatch(/CRC-32/);
  });
});
