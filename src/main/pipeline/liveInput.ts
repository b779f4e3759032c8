import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import type { ModelInput, ModelManifest } from '../../shared/domain/modelManifest';
import type { NpyArray } from '../devices/simulators/npy';
import type { HostFeedMap } from '../inference/windowedFeed';
import { checkWindow, type FeedLayout, feedOfWindows, type WindowCheck } from './inputPreparation';
import { bindTensorInputs, checkSample, tensorFeed } from './tensorInputs';
import { Windower, type Window } from './windower';
import type { WindowPlan } from './windowPlan';

/** A window cut from a device's frames, with the verdict of the input checks. */
export interface CheckedWindow {
  readonly window: Window;
  readonly check: WindowCheck;
}

/**
 * How a live model turns a device's frames into model feeds: windows of a stream for one input,
 * or whole tensor samples (one per frame) for several.
 */
export interface ILiveInput {
  push(batch: FrameBatch): CheckedWindow[];
  /** Feeds for `manifest` (the version the batch goes to, which may normalise differently). */
  feeds(manifest: ModelManifest, windows: readonly Window[]): HostFeedMap;
  /** Frames held towards the first window and how many it takes. */
  readonly fill: { held: number; needed: number };
}

/** One input fed windows of a stream (or one waveform per frame). */
export class StreamLiveInput implements ILiveInput {
  readonly #plan: WindowPlan;
  readonly #layout: FeedLayout;
  readonly #input: ModelInput;
  readonly #windower: Windower;

  constructor(plan: WindowPlan, layout: FeedLayout, input: ModelInput) {
    this.#plan = plan;
    this.#layout = layout;
    this.#input = input;
    this.#windower = new Windower(plan);
  }

  push(batch: FrameBatch): CheckedWindow[] {
    return this.#windower.push(batch).map((window) => ({ window, check: checkWindow(window, this.#plan, this.#input) }));
  }

  feeds(manifest: ModelManifest, windows: readonly Window[]): HostFeedMap {
    const input = manifest.inputs[0];
    return { [input.name]: feedOfWindows(windows, input, this.#layout, this.#plan) };
  }

  get fill(): { held: number; needed: number } {
    return this.#windower.fill;
  }
}

/** Where one tensor part sits in a frame of a tensor device. */
interface FramePart {
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
  readonly dtypeFits: () => true;
}

/**
 * Every frame of a tensor device (a satellite series then its cloud mask) is one sample: each
 * model input is fed from the frame part of its name, else the one part of its shape, converted to
 * the input's element type, with the same checks and normalisation as offline validation.
 */
export class TensorLiveInput implements ILiveInput {
  readonly #parts: ReadonlyMap<string, FramePart>;
  /** The manifest the model started with: windows are checked against it as they arrive. */
  readonly #manifest: ModelManifest;

  /** Refuses (a ContractError) when a model input matches no part of the frames, or several. */
  constructor(profile: DeviceProfile, manifest: ModelManifest) {
    const parts = new Map<string, FramePart>();
    let offset = 0;
    for (const part of profile.frameLayout?.kind === 'tensor' ? profile.frameLayout.parts : []) {
      const size = part.shape.reduce((a, b) => a * b, 1);
      parts.set(part.name, { shape: part.shape, offset, size, dtypeFits: () => true });
      offset += size;
    }
    this.#parts = parts;
    this.#manifest = manifest;
    this.#bind(manifest);
  }

  push(batch: FrameBatch): CheckedWindow[] {
    const n = batch.channelCount;
    const out: CheckedWindow[] = [];
    for (let f = 0; f < batch.frameCount; f++) {
      const window: Window = {
        data: batch.values.slice(f * n, (f + 1) * n),
        channels: n,
        length: 1,
        sampleTimesS: Float64Array.of(batch.deviceTimeS[f]),
        endSeq: batch.seq[f],
        endDeviceTimeS: batch.deviceTimeS[f],
        endHostTimeMs: batch.hostTimeMs[f],
      };
      out.push({ window, check: this.#check(window) });
    }
    return out;
  }

  /** Every frame is a window. */
  readonly fill = { held: 0, needed: 1 };

  feeds(manifest: ModelManifest, windows: readonly Window[]): HostFeedMap {
    const bound = this.#arrays(manifest, windows);
    const samples = windows.map((_, i) => i);
    return Object.fromEntries(manifest.inputs.map((input) => [input.name, tensorFeed(input, bound.get(input.name) as NpyArray, samples)]));
  }

  #check(window: Window): WindowCheck {
    const result = checkSample(this.#manifest, this.#arrays(this.#manifest, [window]), 0);
    if (!result.ok) return { ok: false, reason: 'non-finite' };
    return { ok: true, flags: [...(result.outOfRange ? (['out-of-range'] as const) : []), ...(result.outlier ? (['outlier'] as const) : [])] };
  }

  #bind(manifest: ModelManifest): Map<string, FramePart> {
    return bindTensorInputs(manifest, this.#parts, "the device's frames");
  }

  /** Each input's part of every window, as one array of the input's element type (samples along the first axis). */
  #arrays(manifest: ModelManifest, windows: readonly Window[]): Map<string, NpyArray> {
    const arrays = new Map<string, NpyArray>();
    for (const [name, part] of this.#bind(manifest)) {
      const input = manifest.inputs.find((i) => i.name === name) as ModelInput;
      const shape = [windows.length, ...part.shape];
      const take = (w: number, k: number): number => windows[w].data[part.offset + k];
      const count = windows.length * part.size;
      const at = (i: number): number => take(Math.floor(i / part.size), i % part.size);
      switch (input.dtype) {
        case 'float32':
          arrays.set(name, { dtype: 'float32', shape, data: Float32Array.from({ length: count }, (_, i) => at(i)) });
          break;
        case 'bool':
          arrays.set(name, { dtype: 'uint8', shape, data: Uint8Array.from({ length: count }, (_, i) => (at(i) !== 0 ? 1 : 0)) });
          break;
        case 'int64':
          arrays.set(name, { dtype: 'int64', shape, data: BigInt64Array.from({ length: count }, (_, i) => BigInt(Math.round(at(i)))) });
          break;
      }
    }
    return arrays;
  }
}
