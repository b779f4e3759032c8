import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatFrameBatches, type FrameBatch } from '../../../shared/domain/frameBatch';
import type { DeviceSourceSpec } from '../../../shared/ipc/domains/devices';
import { PlaybackSource } from '../../recording/playbackSource';
import { DeviceManager } from '../deviceManager';
import { generateDataset } from '../simulators/datasetGenerator';
import { encodeNpy } from '../simulators/npy';
import { SitsSimulator } from '../simulators/sitsSimulator';

const SERIES = 4;
const SEED = 3;
let dir: string;
let sits: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dataset-source-'));
  sits = join(dir, 'sits');
  await generateDataset('sits', { seed: SEED, count: SERIES }, sits);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function manager(): DeviceManager {
  return new DeviceManager({ dataDir: join(dir, 'data'), onChanged: () => undefined, log: () => undefined });
}

/** Opens a dataset device and collects every frame it plays until it reaches the end. */
async function playAll(spec: Extract<DeviceSourceSpec, { kind: 'dataset' }>, devices = manager()): Promise<FrameBatch> {
  const info = await devices.connect({ speed: 'max', loop: false, ...spec });
  const source = devices.source(info.id);
  if (!(source instanceof PlaybackSource)) throw new Error('not a playback source');
  const batches: FrameBatch[] = [];
  devices.subscribe(info.id, (batch) => batches.push(batch));
  await expect.poll(() => source.status().mode, { timeout: 5000 }).toBe('ended');
  await devices.stop();
  return concatFrameBatches(batches);
}

/** Copies the generated dataset and spoils one of its files. */
async function spoiled(name: string, spoil: (copy: string) => Promise<void>): Promise<string> {
  const copy = join(dir, name);
  await generateDataset('sits', { seed: SEED, count: SERIES }, copy);
  await spoil(copy);
  return copy;
}

describe('dataset device source', () => {
  it('streams a generated SITS dataset frame for frame as the simulator made it: [T·C·H·W] series then the [T] mask', async () => {
    const played = await playAll({ kind: 'dataset', path: sits });
    const simulator = new SitsSimulator({ seed: SEED });
    expect(played.frameCount).toBe(SERIES);
    expect(Array.from(played.seq)).toEqual([0, 1, 2, 3]);
    for (let n = 0; n < SERIES; n++) {
      const expected = simulator.step().values;
      expect(played.channelCount).toBe(expected.length);
      expect(played.values.subarray(n * expected.length, (n + 1) * expected.length)).toEqual(expected);
    }
  });

  it('plays at the profile pace and reports itself as a dataset', async () => {
    const devices = manager();
    const info = await devices.connect({ kind: 'dataset', path: sits, speed: 10 });
    expect(info.name).toBe('Satellite image time series (Sentinel-2, 13 bands) (dataset sits)');
    expect(info.profile.id).toBe('sits-sentinel2');
    await expect(devices.source(info.id).sendTyped('ID?')).rejects.toThrow(/is a dataset played back; it takes no commands/);
    const source = devices.source(info.id) as PlaybackSource;
    // 1 Hz × 10: four series take about 0.3 s, then it loops (the default).
    await expect.poll(() => source.status().framesPlayed, { timeout: 5000 }).toBeGreaterThan(SERIES);
    expect(source.status().loop).toBe(true);
    await devices.stop();
  });

  it('generates the seeded demo dataset into the data folder on first use', async () => {
    const played = await playAll({ kind: 'dataset', profileId: 'sits-sentinel2' });
    expect(played.frameCount).toBe(20);
    const meta = JSON.parse(await readFile(join(dir, 'data', 'datasets', 'demo-sits', 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ family: 'sits', seed: 3, count: 20 });
    expect(played.values.subarray(0, played.channelCount)).toEqual(new SitsSimulator({ seed: 3 }).step().values);
  });

  it('honours a profile copy of the operator and streams a CSV with a header', async () => {
    const devices = manager();
    await devices.profiles.copy('imu-6axis');
    const csv = join(dir, 'walk.csv');
    await writeFile(csv, 'time_s,accel_x,accel_y,accel_z,gyro_x,gyro_y,gyro_z\n0,1,2,3,4,5,6\n0.01,7,8,9,10,11,12\n');
    const played = await playAll({ kind: 'dataset', path: csv, profileId: 'imu-6axis-copy' }, devices);
    expect(Array.from(played.values)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it.each([
    ['a path that does not exist', async () => join(dir, 'nowhere'), /nowhere does not exist/],
    ['a file that is neither a folder nor a CSV', async () => spoiled('notes', async (c) => writeFile(join(c, 'notes.txt'), 'x')).then((c) => join(c, 'notes.txt')), /neither a dataset folder/],
    ['a folder without meta.json', async () => spoiled('no-meta', (c) => rm(join(c, 'meta.json'))), /Cannot read .*meta\.json/],
    ['a corrupt meta.json', async () => spoiled('bad-meta', (c) => writeFile(join(c, 'meta.json'), '{"format": ')), /Cannot read .*meta\.json/],
    ['a meta.json of something else', async () => spoiled('other-meta', (c) => writeFile(join(c, 'meta.json'), '{"format":"other"}')), /is not a Sensor Console dataset: format/],
    ['a truncated .npy', async () => spoiled('truncated', (c) => truncate(join(c, 'sequences.npy'), 5000)), /Cannot read sequences\.npy: file too short/],
    [
      'series of the wrong shape',
      async () =>
        spoiled('shape', (c) =>
          writeFile(join(c, 'sequences.npy'), encodeNpy({ dtype: 'float32', shape: [SERIES, 24, 13, 4, 4], data: new Float32Array(SERIES * 24 * 13 * 16) })),
        ),
      /array "sequences" has shape \(4, 24, 13, 4, 4\) but .* needs \(4, 24, 13, 8, 8\)/,
    ],
    ['a dataset of another family than the profile', async () => sits, /is a sits dataset; 6-axis IMU .* is a imu device/],
  ])('refuses %s with a clear error', async (_what, makePath, message) => {
    const path = await makePath();
    const profileId = message.source.includes('imu') ? 'imu-6axis' : undefined;
    await expect(manager().connect({ kind: 'dataset', path, profileId })).rejects.toThrow(message);
  });
});
