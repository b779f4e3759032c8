import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceFamily } from '../../../shared/domain/deviceProfile';
import { type DatasetMeta, generateDataset } from './datasetGenerator';
import { decodeNpy } from './npy';

const python = '/usr/bin/python3';
const hasNumpy = (() => {
  try {
    execFileSync(python, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'datasets-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const generated = new Map<DeviceFamily, Promise<string>>();
/** Generates each family's dataset once (seed 11) and returns its folder, whichever test asks first. */
function datasetOf(family: DeviceFamily): Promise<string> {
  let dir = generated.get(family);
  if (dir === undefined) {
    const path = join(root, family);
    dir = generateDataset(family, { seed: 11, count: EXPECTED[family].count }, path).then(() => path);
    generated.set(family, dir);
  }
  return dir;
}

async function readArray(dir: string, name: string) {
  return decodeNpy(new Uint8Array(await readFile(join(dir, `${name}.npy`))));
}

const EXPECTED: Readonly<Record<DeviceFamily, { count: number; arrays: Record<string, readonly number[]> }>> = {
  augmenter: { count: 300, arrays: { time_s: [300], values: [300, 64], hq: [300, 32], actuator_command: [300, 1], actuator_applied: [300] } },
  echoloc: { count: 20, arrays: { time_s: [20], values: [20, 4, 256], position: [20, 2], tof_s: [20, 4] } },
  imu: { count: 1000, arrays: { time_s: [1000], values: [1000, 6], step: [1000], activity: [1000] } },
  enose: { count: 200, arrays: { time_s: [200], values: [200, 10], odorant_ppm: [200, 10], notes: [200, 13], intensity: [200], warmed_up: [200] } },
  sits: { count: 12, arrays: { sequences: [12, 24, 13, 8, 8], cloud_mask: [12, 24], labels: [12] } },
};

describe('generateDataset', () => {
  it.each(Object.entries(EXPECTED) as [DeviceFamily, (typeof EXPECTED)[DeviceFamily]][])(
    '%s: writes every array with the shape meta.json states',
    async (family, expected) => {
      const dir = await datasetOf(family);
      const onDisk = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as DatasetMeta;
      expect(onDisk.profileId).toMatch(/^[a-z0-9-]+$/);
      expect(onDisk.channels.length).toBeGreaterThan(0);
      expect(onDisk).toMatchObject({ format: 'sensor-console-dataset', version: 1, family, seed: 11, count: expected.count });
      expect(Object.fromEntries(Object.entries(onDisk.arrays).map(([k, v]) => [k, v.shape]))).toEqual(expected.arrays);
      for (const [name, info] of Object.entries(onDisk.arrays)) {
        const array = await readArray(dir, name);
        expect(array.shape).toEqual(info.shape);
        expect(array.dtype).toBe(info.dtype);
      }
    },
  );

  it('is deterministic per seed', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((d) => join(root, 'determinism', d));
    await generateDataset('imu', { seed: 1, count: 300 }, a);
    await generateDataset('imu', { seed: 1, count: 300 }, b);
    await generateDataset('imu', { seed: 2, count: 300 }, c);
    const bytes = async (dir: string) => readFile(join(dir, 'values.npy'));
    expect((await bytes(a)).equals(await bytes(b))).toBe(true);
    expect((await bytes(a)).equals(await bytes(c))).toBe(false);
  });

  it('labels are consistent with the truth they encode', async () => {
    const imuDir = await datasetOf('imu');
    const steps = await readArray(imuDir, 'step');
    const activity = await readArray(imuDir, 'activity');
    expect(Array.from<number | bigint>(steps.data).filter((s) => s === 1).length).toBeGreaterThan(0);
    const meta = JSON.parse(await readFile(join(imuDir, 'meta.json'), 'utf8')) as DatasetMeta;
    expect(meta.labels.activities).toEqual(['still', 'standing', 'walking', 'running']);
    expect(Array.from<number | bigint>(activity.data).every((a) => a >= 0n && a < 4n)).toBe(true);

    const sits = await readArray(await datasetOf('sits'), 'labels');
    expect(new Set(Array.from<number | bigint>(sits.data)).size).toBe(10);
  });

  it('rejects a non-positive count', async () => {
    await expect(generateDataset('imu', { seed: 1, count: 0 }, join(root, 'never'))).rejects.toThrow(RangeError);
  });

  it.skipIf(!hasNumpy)('numpy reads a generated dataset as meta.json describes it', async () => {
    const dir = await datasetOf('echoloc');
    const script = [
      'import json, sys, numpy as np',
      'd = sys.argv[1]',
      'meta = json.load(open(d + "/meta.json"))',
      'v = np.load(d + "/values.npy"); p = np.load(d + "/position.npy")',
      'assert list(v.shape) == meta["arrays"]["values"]["shape"] and v.dtype == np.float32',
      'r = np.hypot(p[:, 0], p[:, 1])',
      'print(v.shape, bool(((r >= 0.25) & (r <= 2)).all()), bool(np.isfinite(v).all()))',
    ].join('\n');
    expect(execFileSync(python, ['-c', script, dir], { encoding: 'utf8' }).trim()).toBe('(20, 4, 256) True True');
  });
});
