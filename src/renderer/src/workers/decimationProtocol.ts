import type { XAxisSource } from '../../../shared/ipc/domains/layouts';

/** Messages to the decimation worker. Columns travel as transferred typed arrays, never as JSON. */
export type DecimationRequest =
  | { readonly kind: 'reset'; readonly capacity: number; readonly channelCount: number }
  | {
      readonly kind: 'push';
      readonly frameCount: number;
      readonly channelCount: number;
      readonly seq: Float64Array;
      readonly deviceTimeS: Float64Array;
      readonly hostTimeMs: Float64Array;
      readonly values: Float32Array;
    }
  /** Freezes the worker's copy while the view is paused (the live copy keeps filling), or thaws it. */
  | { readonly kind: 'freeze'; readonly frozen: boolean }
  | {
      readonly kind: 'decimate';
      readonly id: number;
      readonly source: XAxisSource;
      readonly xMin: number;
      readonly xMax: number;
      readonly buckets: number;
      readonly columns: readonly number[];
    };

/** The worker's answer to one `decimate` request: x and one column per requested channel, NaN for gaps. */
export interface DecimationResult {
  readonly kind: 'decimated';
  readonly id: number;
  readonly x: Float64Array;
  readonly columns: Float32Array[];
  /** Samples the view range held before decimation. */
  readonly inputSamples: number;
}
