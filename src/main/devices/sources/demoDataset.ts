import { access, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceFamily, DeviceProfile } from '../../../shared/domain/deviceProfile';
import { generateDataset } from '../simulators/datasetGenerator';

/** The seeds of the five systems (seed 000 … 004), so a demo dataset is the same on every laptop. */
const FAMILY_SEED: Readonly<Record<DeviceFamily, number>> = { augmenter: 0, echoloc: 1, imu: 2, sits: 3, enose: 4 };
/** Satellite series per demo dataset: two shuffled rounds of the ten land-cover classes. */
const DEMO_SERIES = 20;
/** Streaming families: one minute of frames. */
const DEMO_SECONDS = 60;

/**
 * The folder of a profile's built-in demo dataset under `dir`, generated (seeded) on first use.
 * It is written beside its final place and renamed into it, so a dataset that exists is complete
 * even if two devices asked for it at once.
 */
export async function ensureDemoDataset(profile: DeviceProfile, dir: string): Promise<string> {
  const path = join(dir, `demo-${profile.family}`);
  if (await exists(join(path, 'meta.json'))) return path;
  const count = profile.family === 'sits' ? DEMO_SERIES : Math.ceil(profile.nominalRateHz * DEMO_SECONDS);
  const partial = `${path}.partial-${process.pid}-${Date.now()}`;
  await generateDataset(profile.family, { seed: FAMILY_SEED[profile.family], count }, partial);
  try {
    await rm(path, { recursive: true, force: true });
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (!(await exists(join(path, 'meta.json')))) throw error;
  }
  return path;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
