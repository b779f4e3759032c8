import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceFamily } from '../../../shared/domain/deviceProfile';
import { generateDataset } from '../../devices/simulators/datasetGenerator';
import { decodeNpy, encodeNpy, type NpyArray } from '../../devices/simulators/npy';

/** A temp folder for a test's datasets; `remove` deletes it. */
export async function tempRoot(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'validation-'));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Generates a fresh simulator dataset into `root/name` and returns its folder. */
export async function freshDataset(root: string, name: string, family: DeviceFamily, seed: number, count: number): Promise<string> {
  const dir = join(root, name);
  await generateDataset(family, { seed, count }, dir);
  return dir;
}

/** Rewrites one `.npy` array of a dataset folder in place through `edit` (which changes `data`). */
export async function editArray(dir: string, file: string, edit: (array: NpyArray) => void): Promise<void> {
  const path = join(dir, file);
  const array = decodeNpy(new Uint8Array(await readFile(path)));
  edit(array);
  await writeFile(path, encodeNpy(array));
}

/** Moves the rows (first axis) of an array around by a fixed rotation, so every sample gets another sample's truth. */
export function rotateRows(array: NpyArray, by: number): void {
  const n = array.shape[0];
  const per = array.data.length / n;
  const copy = array.data.slice();
  for (let s = 0; s < n; s++) {
    for (let e = 0; e < per; e++) (array.data as Float32Array)[((s + by) % n) * per + e] = (copy as Float32Array)[s * per + e];
  }
}
