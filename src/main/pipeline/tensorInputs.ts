import type { ModelInput, ModelManifest } from '../../shared/domain/modelManifest';
import { ContractError } from '../../shared/ipc/contractError';
import type { NpyArray, NpyDtype } from '../devices/simulators/npy';
import type { HostTensor } from '../inference/hostTensor';
import { OUTLIER_Z } from './inputPreparation';

/**
 * Whole-sample model inputs (a satellite series and its mask per sample), shared by offline
 * validation over tensor datasets and live inference on tensor devices: which tensor feeds which
 * input, the same checks as `checkWindow`, and the batch tensors.
 */

/** A tensor an input could be fed from: its shape per sample, and whether its element type converts to the input's. */
export interface TensorCandidate {
  readonly shape: readonly number[];
  readonly dtypeFits: (input: ModelInput) => boolean;
}

/** Whether an array of `dtype` converts to the input's element type. */
export function npyDtypeFits(input: ModelInput, dtype: NpyDtype): boolean {
  return input.dtype === 'float32' ? dtype === 'float32' || dtype === 'float64' : input.dtype === 'bool' ? dtype === 'uint8' : dtype === 'int64';
}

/** Same per-sample shape (a symbolic axis matches any size) and a convertible dtype. */
function fits(input: ModelInput, candidate: TensorCandidate): boolean {
  const shape = input.shape.slice(1);
  const got = candidate.shape;
  return candidate.dtypeFits(input) && got.length === shape.length && shape.every((axis, i) => typeof axis === 'string' || axis === got[i]);
}

/**
 * The tensor feeding each model input: the same name, else the one tensor of the same shape and
 * kind; refuses naming the input and what `where` (the dataset, a device's frames) holds.
 */
export function bindTensorInputs<T extends TensorCandidate>(manifest: ModelManifest, candidates: ReadonlyMap<string, T>, where: string): Map<string, T> {
  const bound = new Map<string, T>();
  for (const input of manifest.inputs) {
    const named = candidates.get(input.name);
    const matching = named && fits(input, named) ? [named] : [...candidates.values()].filter((c) => fits(input, c));
    if (matching.length !== 1) {
      throw new ContractError({
        code: 'invalid-input',
        message: `${manifest.name} ${manifest.version} input "${input.name}" [${input.shape.join(', ')}, ${input.dtype}] ${matching.length === 0 ? 'matches no array' : 'matches several arrays'} of ${where} (it has ${[...candidates.entries()].map(([n, c]) => `${n} [${c.shape.join(', ')}]`).join(', ')}).`,
      });
    }
    bound.set(input.name, matching[0]);
  }
  return bound;
}

/** The channel of entry `e` of one sample along the input's channel axis (0 without one). */
export function channelOfEntry(input: ModelInput, sampleShape: readonly number[]): (e: number) => number {
  if (input.channelAxis === undefined) return () => 0;
  const axis = input.channelAxis - 1;
  const stride = sampleShape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const size = sampleShape[axis];
  return (e) => Math.floor(e / stride) % size;
}

/** The same rules as `checkWindow`: non-finite refuses the sample; out-of-range and z-score outliers are flagged. */
export function checkSample(manifest: ModelManifest, bound: Map<string, NpyArray>, s: number): { ok: boolean; outOfRange: boolean; outlier: boolean } {
  let outOfRange = false;
  let outlier = false;
  for (const input of manifest.inputs) {
    if (input.dtype !== 'float32') continue;
    const array = bound.get(input.name) as NpyArray;
    const shape = array.shape.slice(1);
    const per = shape.reduce((a, b) => a * b, 1);
    const channelOf = channelOfEntry(input, shape);
    const norm = input.normalisation;
    for (let e = 0; e < per; e++) {
      const v = Number(array.data[s * per + e]);
      if (!Number.isFinite(v)) return { ok: false, outOfRange, outlier };
      if (input.range && (v < input.range.min || v > input.range.max)) outOfRange = true;
      if (norm) {
        const c = channelOf(e);
        if (Math.abs((v - norm.mean[c]) / norm.std[c]) > OUTLIER_Z) outlier = true;
      }
    }
  }
  return { ok: true, outOfRange, outlier };
}

/** One input's batch tensor for the given samples, normalised along its channel axis when the manifest says so. */
export function tensorFeed(input: ModelInput, array: NpyArray, samples: readonly number[]): HostTensor {
  const shape = array.shape.slice(1);
  const per = shape.reduce((a, b) => a * b, 1);
  const dims = [samples.length, ...shape];
  switch (input.dtype) {
    case 'float32': {
      const out = new Float32Array(samples.length * per);
      const channelOf = channelOfEntry(input, shape);
      const norm = input.normalisation;
      samples.forEach((s, b) => {
        for (let e = 0; e < per; e++) {
          const v = Number(array.data[s * per + e]);
          out[b * per + e] = norm ? (v - norm.mean[channelOf(e)]) / norm.std[channelOf(e)] : v;
        }
      });
      return { dims, data: out };
    }
    case 'bool': {
      const out = new Uint8Array(samples.length * per);
      samples.forEach((s, b) => {
        for (let e = 0; e < per; e++) out[b * per + e] = Number(array.data[s * per + e]) !== 0 ? 1 : 0;
      });
      return { dims, data: out };
    }
    case 'int64': {
      const out = new BigInt64Array(samples.length * per);
      samples.forEach((s, b) => {
        for (let e = 0; e < per; e++) out[b * per + e] = BigInt(array.data[s * per + e]);
      });
      return { dims, data: out };
    }
  }
}
