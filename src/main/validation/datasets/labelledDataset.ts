import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import type { DatasetRef } from '../../../shared/domain/validation';
import type { NpyArray } from '../../devices/simulators/npy';

/** Ground truth a dataset holds for one model output, one entry per sample (frame or series). */
export type DatasetTarget =
  /** A class index per sample, named by `labels`. */
  | { readonly kind: 'classes'; readonly name: string; readonly labels: readonly string[]; readonly values: Int32Array }
  /** `width` 0/1 flags per sample, named by `labels`. */
  | { readonly kind: 'multihot'; readonly name: string; readonly labels: readonly string[]; readonly width: number; readonly values: Uint8Array }
  /** `width` numbers per sample (regression, actuator, localisation targets). */
  | { readonly kind: 'values'; readonly name: string; readonly width: number; readonly values: Float32Array }
  /** 1 on the samples where an event (a heel strike) happens. */
  | { readonly kind: 'events'; readonly name: string; readonly label: string; readonly flags: Uint8Array }
  /** A CSV label column as written; read per output kind when scored (class name, number, `a|b` labels, 0/1 event). */
  | { readonly kind: 'text'; readonly name: string; readonly values: readonly string[] }
  | SpanTarget;

/**
 * A recording's labelled intervals per frame: an index into `labels`, or negative (unlabelled, or
 * under overlapping labels); `runStart` is the first frame of each frame's run of equal values.
 * A window is scored only when one label covers all its frames (recordingDataset.ts `windowLabel`).
 */
export interface SpanTarget {
  readonly kind: 'spans';
  readonly name: string;
  readonly labels: readonly string[];
  readonly values: Int32Array;
  readonly runStart: Int32Array;
}

/** Frames of a streaming device (seq = sample index), cut into windows as live inference does. */
export interface StreamData {
  readonly kind: 'stream';
  /** The device profile the frames follow; undefined for CSV files, which are planned against the model. */
  readonly profile: DeviceProfile | undefined;
  readonly frames: FrameBatch;
}

/** Whole tensors per sample (satellite image time series and masks), fed to same-named or same-shaped inputs. */
export interface TensorData {
  readonly kind: 'tensor';
  readonly arrays: ReadonlyMap<string, NpyArray>;
}

/**
 * A dataset with ground truth, whatever file it came from: what the model is fed, what it should
 * have said, which samples count, and a per-channel view for drift tests.
 */
export interface LabelledDataset {
  readonly ref: DatasetRef;
  readonly channels: readonly string[];
  /** Samples: frames of a stream, series of a tensor dataset. */
  readonly count: number;
  /** Device time of each sample, s. */
  readonly timesS: Float64Array;
  readonly data: StreamData | TensorData;
  readonly targets: readonly DatasetTarget[];
  /** Samples to score (1) or skip (0), e.g. an e-nose still warming up; undefined scores all. */
  readonly scoreMask: Uint8Array | undefined;
  /** The calibration version the data was recorded under, where the dataset says (a recording made with one). */
  readonly calibrationVersion?: string;
  /**
   * One value per sample of a channel, for drift tests: the value itself for flat frames, the
   * mean over the sample's waveform or tensor entries of that channel otherwise.
   */
  channelValues(channel: number): Float32Array;
}
