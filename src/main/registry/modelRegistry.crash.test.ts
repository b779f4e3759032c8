import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelPackage } from '../inference/modelPackage';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { buildNodeEntry } from '../testing/buildNodeEntry';
import { openTestRegistry } from './testing/registryTestKit';
import { writeSyntheticPackage } from './testing/syntheticPackages';

const KILLS = 20;
let host: Awaited<ReturnType<typeof buildInferenceHost>>;
let child: Awaited<ReturnType<typeof buildNodeEntry>>;
let work: string;
let sources: string;

beforeAll(async () => {
  [host, child] = await Promise.all([buildInferenceHost(), buildNodeEntry(fileURLToPath(new URL('./testing/registryCrashChild.ts', import.meta.url)))]);
  work = await mkdtemp(join(tmpdir(), 'registry-crash-'));
  sources = join(work, 'sources');
  for (let i = 0; i < 14; i++) await writeSyntheticPackage(join(sources, `v${String(i).padStart(2, '0')}`), { version: `1.${i}.0`, scale: 1 + i / 10 });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await Promise.all([host.remove(), child.remove()]);
});

/** Starts the child, waits until its registry has started, lets it work `delayMs`, then SIGKILLs it. */
async function killDuring(mode: 'import' | 'activate', dataDir: string, delayMs: number): Promise<void> {
  const proc = spawn(process.execPath, [child.script, mode, dataDir, host.script, sources], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    proc.once('exit', (code) => reject(new Error(`the crash child exited early (code ${code})`)));
  });
  await new Promise((r) => setTimeout(r, delayMs));
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGKILL');
  await exited;
}

/** After a restart: database and folders agree, every stored package is complete, aliases name stored versions. */
async function expectConsistent(dataDir: string): Promise<{ versions: number; aliases: number; cleanedUp: boolean }> {
  let cleanedUp = false;
  const kit = openTestRegistry(dataDir, host.script, { log: (_level, message) => (cleanedUp ||= message.startsWith('Removed')) });
  try {
    await kit.registry.start();
    const ids = kit.registry.versions().map((v) => v.id).sort();
    const folders = (await readdir(join(dataDir, 'models'))).sort();
    expect(folders).toEqual(ids);
    for (const id of ids) {
      const dir = join(dataDir, 'models', id);
      await readModelPackage(dir);
      expect(createHash('sha256').update(await readFile(join(dir, 'manifest.json'))).digest('hex')).toBe(id);
    }
    const aliases = kit.registry.aliases();
    for (const alias of aliases) expect(ids).toContain(alias.versionId);
    expect(kit.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(kit.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    return { versions: ids.length, aliases: aliases.length, cleanedUp };
  } finally {
    kit.close();
  }
}

describe('kill -9 at random points leaves the registry consistent after a restart', () => {
  it(`during imports (${KILLS} kills)`, async () => {
    const dataDir = join(work, 'imports');
    const seen: number[] = [];
    let cleanUps = 0;
    for (let i = 0; i < KILLS; i++) {
      await killDuring('import', dataDir, Math.random() * 700);
      const state = await expectConsistent(dataDir);
      seen.push(state.versions);
      if (state.cleanedUp) cleanUps += 1;
    }
    console.info('versions after each import kill', seen.join(' '), `; ${cleanUps} restarts cleaned up an unfinished import`);
    expect(Math.max(...seen)).toBeGreaterThan(0);
    // Most kills land mid-import (an import takes longer than the gap between them): those left staging behind.
    expect(cleanUps).toBeGreaterThan(0);
  }, 60_000);

  it(`during activations (${KILLS} kills)`, async () => {
    const dataDir = join(work, 'activations');
    const kit = openTestRegistry(dataDir, host.script);
    await kit.registry.start();
    for (const name of ['v00', 'v01', 'v02']) {
      const outcome = await kit.registry.import(join(sources, name), 'setup');
      expect(outcome.ok).toBe(true);
    }
    kit.close();
    const activations: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      await killDuring('activate', dataDir, Math.random() * 150);
      const state = await expectConsistent(dataDir);
      expect(state.versions).toBe(3);
      const check = openTestRegistry(dataDir, host.script);
      activations.push(check.registry.history({ actions: ['activate', 'rollback'], limit: 10_000 }).length);
      check.close();
    }
    console.info('activations + rollbacks recorded after each kill', activations.join(' '));
    expect(activations[activations.length - 1]).toBeGreaterThan(KILLS);
  }, 60_000);
});
