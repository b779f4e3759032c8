import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed test packages written by models/testing/make_fixtures.py. */
export type FixturePackageName = 'augmenter-mlp' | 'augmenter-wrong-io' | 'augmenter-truncated' | 'augmenter-hash-mismatch';

const FIXTURES_DIR = fileURLToPath(new URL('../../../../models/testing/', import.meta.url));

/** The committed package folder (read-only: tests that change a package use `copyFixturePackage`). */
export function fixturePackageDir(name: FixturePackageName): string {
  return join(FIXTURES_DIR, name);
}

/** A private copy of a fixture package in a temp folder; `remove` deletes it. */
export async function copyFixturePackage(name: FixturePackageName): Promise<{ dir: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'model-package-'));
  const dir = join(root, name);
  await cp(fixturePackageDir(name), dir, { recursive: true });
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Rewrites a copied package's manifest.json through `edit` (which may mutate the parsed JSON in place). */
export async function editManifest(dir: string, edit: (manifest: Record<string, unknown>) => void): Promise<void> {
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  await writeFile(path, JSON.stringify(manifest, null, 2));
}
