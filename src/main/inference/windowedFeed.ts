import type { HostTensor } from './hostTensor';

/**
 * A batch of overlapping windows of one stream, sent as the distinct samples they cover instead
 * of one copy per window. An e-nose model reading the last 192 s every second shares 191 of each
 * window's 192 samples with the window before it: a batch of 64 crosses to the runtime as 255
 * samples per channel rather than 12 288, and the runtime lays the windows out itself.
 *
 * `samples` is channel-major `[channels, S]`; window `b` is samples `starts[b] … starts[b] + L`
 * of every channel. `dims` is the tensor the windows expand to: `[B, channels, L]` (time on axis
 * 2) or `[B, L, channels]` (time on axis 1).
 */
export interface WindowedFeed {
  readonly dims: readonly number[];
  readonly timeAxis: 1 | 2;
  readonly samples: Float32Array;
  readonly starts: Int32Array;
}

/** A model input as it crosses to the runtime: a whole tensor, or windows of a stream. */
export type HostFeed = HostTensor | WindowedFeed;

/** Named model inputs. */
export type HostFeedMap = Readonly<Record<string, HostFeed>>;

export function isWindowedFeed(feed: HostFeed): feed is WindowedFeed {
  return 'starts' in feed;
}

/** Batch size, channels and window length of a windowed feed, by its time axis. */
function geometry(feed: WindowedFeed): { batch: number; channels: number; length: number } {
  const [batch, a, b] = feed.dims;
  return feed.timeAxis === 2 ? { batch, channels: a, length: b } : { batch, channels: b, length: a };
}

/**
 * Why a windowed feed cannot be expanded, or undefined. Checked on both sides of the process
 * boundary: the runtime never reads past its samples, whatever arrives.
 */
export function windowedFeedProblem(feed: WindowedFeed): string | undefined {
  if (feed.dims.length !== 3 || !feed.dims.every((d) => Number.isInteger(d) && d >= 0)) return `windows need dims [batch, a, b] of whole numbers, got [${feed.dims.join(', ')}]`;
  if (feed.timeAxis !== 1 && feed.timeAxis !== 2) return `the time axis of windows must be 1 or 2, got ${String(feed.timeAxis)}`;
  const { batch, channels, length } = geometry(feed);
  if (feed.starts.length !== batch) return `${feed.starts.length} window starts for a batch of ${batch}`;
  if (channels === 0) return 'windows need at least one channel';
  const span = feed.samples.length / channels;
  if (!Number.isInteger(span)) return `${feed.samples.length} samples do not divide into ${channels} channels`;
  for (const start of feed.starts) {
    if (start < 0 || start + length > span) return `a window starts at sample ${start}, but ${length}-sample windows must start within 0…${span - length}`;
  }
  return undefined;
}

/**
 * Lays the windows out as the tensor `dims` describes, in `into` when it is large enough (the
 * runtime reuses one buffer between calls), else in a new array. Call only on a feed without a
 * `windowedFeedProblem`.
 */
export function expandWindowedFeed(feed: WindowedFeed, into?: Float32Array): Float32Array {
  const { batch, channels, length } = geometry(feed);
  const per = channels * length;
  const out = into && into.length >= batch * per ? into.subarray(0, batch * per) : new Float32Array(batch * per);
  const span = feed.samples.length / channels;
  const { samples, starts } = feed;
  for (let b = 0; b < batch; b++) {
    const base = b * per;
    for (let c = 0; c < channels; c++) {
      const from = c * span + starts[b];
      if (feed.timeAxis === 2) out.set(samples.subarray(from, from + length), base + c * length);
      else for (let t = 0; t < length; t++) out[base + t * channels + c] = samples[from + t];
    }
  }
  return out;
}
