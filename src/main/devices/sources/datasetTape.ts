import { type DeviceProfile, valuesPerFrame } from '../../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import type { IFrameTape } from '../../recording/IFrameTape';
import type { LabelledDataset } from '../../validation/datasets/labelledDataset';

/** A dataset whose arrays do not fit the profile it is streamed with; the message names the array and shapes. */
export class DatasetLayoutError extends Error {
  override readonly name = 'DatasetLayoutError';
}

const shapeText = (shape: readonly number[]): string => `(${shape.join(', ')})`;

/**
 * The samples of a dataset as device frames, laid out as the profile says: a stream dataset's
 * frames as they are; for a tensor profile, each sample's parts end to end (a satellite series
 * `[T, C, H, W]` then its mask `[T]`), exactly as the in-process SITS simulator sends them.
 * Host times are the samples' device times, so seeking counts in dataset seconds.
 */
export function datasetFrames(dataset: LabelledDataset, profile: DeviceProfile): FrameBatch {
  const count = dataset.count;
  const perFrame = valuesPerFrame(profile);
  const timing = {
    seq: Float64Array.from({ length: count }, (_, i) => i),
    deviceTimeS: Float64Array.from(dataset.timesS),
    hostTimeMs: Float64Array.from(dataset.timesS, (t) => t * 1000),
  };
  if (dataset.data.kind === 'stream') {
    const { frames } = dataset.data;
    if (frames.channelCount !== perFrame) {
      throw new DatasetLayoutError(`its frames hold ${frames.channelCount} values but ${profile.displayName} expects ${perFrame}`);
    }
    return { ...frames, ...timing, deviceId: 'dataset' };
  }
  const layout = profile.frameLayout;
  if (layout?.kind !== 'tensor') throw new DatasetLayoutError(`it holds whole tensors per sample but ${profile.displayName} has no tensor frame layout`);
  const values = new Float32Array(count * perFrame);
  let offset = 0;
  for (const part of layout.parts) {
    const array = dataset.data.arrays.get(part.name);
    if (!array) throw new DatasetLayoutError(`it has no array "${part.name}", which ${profile.displayName} needs in every frame`);
    const want = [count, ...part.shape];
    if (array.shape.length !== want.length || array.shape.some((n, i) => n !== want[i])) {
      throw new DatasetLayoutError(`array "${part.name}" has shape ${shapeText(array.shape)} but ${profile.displayName} needs ${shapeText(want)}`);
    }
    const size = perFrameOf(part.shape);
    for (let n = 0; n < count; n++) {
      const at = n * perFrame + offset;
      for (let k = 0; k < size; k++) values[at + k] = Number(array.data[n * size + k]);
    }
    offset += size;
  }
  return { deviceId: 'dataset', channelCount: perFrame, frameCount: count, values, ...timing };
}

function perFrameOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Frames held in memory as a tape a `PlaybackSource` plays. */
export function memoryTape(frames: FrameBatch): IFrameTape {
  const n = frames.channelCount;
  const first = frames.frameCount > 0 ? frames.hostTimeMs[0] : 0;
  const last = frames.frameCount > 0 ? frames.hostTimeMs[frames.frameCount - 1] : 0;
  return {
    noun: 'dataset',
    firstTimeMs: first,
    durationS: (last - first) / 1000,
    async *frames(startMs, batchFrames) {
      let start = 0;
      if (startMs !== undefined) while (start < frames.frameCount && frames.hostTimeMs[start] < startMs) start++;
      for (let i = start; i < frames.frameCount; i += batchFrames) {
        const end = Math.min(frames.frameCount, i + batchFrames);
        yield {
          deviceId: frames.deviceId,
          channelCount: n,
          frameCount: end - i,
          seq: frames.seq.subarray(i, end),
          deviceTimeS: frames.deviceTimeS.subarray(i, end),
          hostTimeMs: frames.hostTimeMs.subarray(i, end),
          values: frames.values.subarray(i * n, end * n),
        };
      }
    },
    close: async () => undefined,
  };
}
