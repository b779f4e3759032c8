import { appendFile, mkdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractError } from '../../shared/ipc/contractError';
import { DEFAULT_PACKAGE_LIMITS, readModelPackage, verifyPackageFile } from './modelPackage';
import { copyFixturePackage, editManifest, fixturePackageDir } from './testing/fixturePackages';

type Json = Record<string, unknown>;
const files = (m: Json): Json[] => m.files as Json[];

/** Reads the package and returns the refusal's issue lines (fails the test if it was accepted). */
async function refusalOf(dir: string, limits = DEFAULT_PACKAGE_LIMITS): Promise<{ message: string; issues: readonly string[] }> {
  const error: unknown = await readModelPackage(dir, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractError);
  const refusal = error as ContractError;
  expect(refusal.code).toBe('invalid-input');
  return { message: refusal.message, issues: refusal.issues ?? [] };
}

describe('readModelPackage', () => {
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await remove?.();
    remove = undefined;
  });
  const copy = async (): Promise<string> => {
    const fixture = await copyFixturePackage('augmenter-mlp');
    remove = fixture.remove;
    return fixture.dir;
  };

  it('accepts the fixture package and returns its manifest and model path', async () => {
    const pkg = await readModelPackage(fixturePackageDir('augmenter-mlp'));
    expect(pkg.manifest.name).toBe('augmenter-mlp');
    expect(pkg.modelPath).toBe(join(pkg.dir, 'model.onnx'));
  });

  it('refuses a model whose bytes do not match the listed SHA-256', async () => {
    const dir = fixturePackageDir('augmenter-hash-mismatch');
    const { message, issues } = await refusalOf(dir);
    expect(issues).toEqual(['model.onnx does not match its SHA-256 in manifest.json (the file was altered or corrupted)']);
    expect(message).toBe(`Model package ${dir} was refused: ${issues[0]}`);
  });

  it('refuses a file that is not listed', async () => {
    const dir = await copy();
    await writeFile(join(dir, 'notes.txt'), 'hello');
    expect((await refusalOf(dir)).issues).toEqual(['notes.txt is not listed in manifest.json; a package may contain only the files it lists']);
  });

  it('refuses a listed path with ..', async () => {
    const dir = await copy();
    await editManifest(dir, (m) => files(m).push({ ...files(m)[1], path: 'data/../../secret.json' }));
    expect((await refusalOf(dir)).issues).toEqual([
      'manifest.json: files.2.path: must not contain empty, "." or ".." segments',
    ]);
  });

  it('refuses an absolute listed path', async () => {
    const dir = await copy();
    await editManifest(dir, (m) => files(m).push({ ...files(m)[1], path: '/etc/passwd' }));
    expect((await refusalOf(dir)).issues).toEqual(['manifest.json: files.2.path: must be relative to the package folder, not absolute']);
  });

  it('refuses a listed file that is a symlink, even to an identical file', async () => {
    const dir = await copy();
    const outside = join(dir, '..', 'reference-outside.json');
    await writeFile(outside, '');
    await rm(join(dir, 'reference.json'));
    await symlink(outside, join(dir, 'reference.json'));
    expect((await refusalOf(dir)).issues).toEqual(['reference.json is a symbolic link; a package may contain only regular files']);
  });

  it('refuses a symlinked folder that escapes the package', async () => {
    const dir = await copy();
    await symlink(join(dir, '..'), join(dir, 'data'));
    await editManifest(dir, (m) => files(m).push({ path: 'data/model.onnx', sha256: files(m)[0].sha256, bytes: files(m)[0].bytes }));
    expect((await refusalOf(dir)).issues).toEqual([
      'data is a symbolic link; a package may contain only regular files',
      'data/model.onnx is listed in manifest.json but missing',
    ]);
  });

  it('refuses a file cut short, naming both sizes', async () => {
    const dir = await copy();
    await truncate(join(dir, 'model.onnx'), 100);
    expect((await refusalOf(dir)).issues).toEqual([
      'model.onnx is 100 bytes but manifest.json says 18006 (an incomplete copy or the wrong file)',
    ]);
  });

  it('refuses a missing listed file', async () => {
    const dir = await copy();
    await rm(join(dir, 'reference.json'));
    expect((await refusalOf(dir)).issues).toEqual(['reference.json is listed in manifest.json but missing']);
  });

  it('refuses a manifest that is not JSON', async () => {
    const dir = await copy();
    await appendFile(join(dir, 'manifest.json'), '}');
    const { issues } = await refusalOf(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^manifest\.json is not valid JSON \(/);
  });

  it('refuses files over the size limit before hashing them', async () => {
    const dir = await copy();
    const { issues } = await refusalOf(dir, { ...DEFAULT_PACKAGE_LIMITS, maxFileBytes: 4096 });
    expect(issues).toEqual(['model.onnx is 17.6 KiB, over the 4.0 KiB per-file limit']);
  });

  it('refuses a folder that is not there', async () => {
    await expect(readModelPackage('/nonexistent/pkg')).rejects.toThrow('Model package folder /nonexistent/pkg does not exist or is not a folder');
  });

  it('reports every problem at once, the first in the message', async () => {
    const dir = await copy();
    await mkdir(join(dir, 'extra'));
    await writeFile(join(dir, 'extra', 'a.bin'), 'a');
    await rm(join(dir, 'reference.json'));
    const { message, issues } = await refusalOf(dir);
    expect(issues).toEqual([
      'extra/a.bin is not listed in manifest.json; a package may contain only the files it lists',
      'reference.json is listed in manifest.json but missing',
    ]);
    expect(message).toMatch(/extra\/a\.bin is not listed .* \(and 1 more problem\)$/);
  });
});

describe('verifyPackageFile', () => {
  it('passes a listed file and names a tampered one', async () => {
    const fixture = await copyFixturePackage('augmenter-mlp');
    try {
      const pkg = await readModelPackage(fixture.dir);
      const reference = pkg.manifest.files.find((f) => f.path === 'reference.json');
      if (!reference) throw new Error('fixture lists no reference.json');
      expect(await verifyPackageFile(pkg.dir, reference)).toBeUndefined();
      await writeFile(join(fixture.dir, 'reference.json'), 'x'.repeat(reference.bytes));
      expect(await verifyPackageFile(pkg.dir, reference)).toBe(
        'reference.json does not match its SHA-256 in manifest.json (the file was altered or corrupted)',
      );
    } finally {
      await fixture.remove();
    }
  });
});
