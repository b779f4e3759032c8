import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import imu from './imu.json' with { type: 'json' };
import { loadProfileFile } from './profileFile';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'profiles-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadProfileFile', () => {
  it('loads a valid profile', async () => {
    const path = join(dir, 'ok.json');
    await writeFile(path, JSON.stringify({ ...imu, id: 'my-imu' }));
    const result = await loadProfileFile(path);
    expect(result.ok && result.profile.id).toBe('my-imu');
  });

  it('reports schema issues with their paths', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ ...imu, nominalRateHz: 0 }));
    expect(await loadProfileFile(path)).toEqual({ ok: false, issues: [{ path: 'nominalRateHz', message: expect.stringMatching(/>0/) }] });
  });

  it('reports unreadable files and bad JSON as issues, never throwing', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"id": ');
    const broken = await loadProfileFile(path);
    expect(!broken.ok && broken.issues[0].message).toMatch(/is not valid JSON/);
    const missing = await loadProfileFile(join(dir, 'missing.json'));
    expect(!missing.ok && missing.issues[0].message).toMatch(/cannot read .*ENOENT/);
  });
});
