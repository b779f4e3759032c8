import type { ErrorMap, LocalisationMetrics } from '../../../shared/domain/validation';
import { percentile } from '../../hil/signalStats';
import { extent, histogram, mean } from './histogram';
import { ERROR_HISTOGRAM_BINS } from './regressionMetrics';

/** Cells per axis of the error map. */
export const ERROR_MAP_BINS = 8;

/** Euclidean distance of each predicted position from the true one (`[s * axes + a]` layout). */
export function euclideanErrors(truth: ArrayLike<number>, predicted: ArrayLike<number>, axes: number): Float64Array {
  const n = truth.length / axes;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let a = 0; a < axes; a++) sq += (predicted[i * axes + a] - truth[i * axes + a]) ** 2;
    out[i] = Math.sqrt(sq);
  }
  return out;
}

/** Mean error over a grid of the true positions' first two axes. */
function errorMap(truth: ArrayLike<number>, errors: Float64Array, axes: number): ErrorMap {
  const n = errors.length;
  const xs = Array.from({ length: n }, (_, i) => truth[i * axes]);
  const ys = Array.from({ length: n }, (_, i) => truth[i * axes + 1]);
  const xEdges = histogram(xs, ERROR_MAP_BINS).edges;
  const yEdges = histogram(ys, ERROR_MAP_BINS).edges;
  const sum = Array.from({ length: ERROR_MAP_BINS }, () => new Array<number>(ERROR_MAP_BINS).fill(0));
  const count = Array.from({ length: ERROR_MAP_BINS }, () => new Array<number>(ERROR_MAP_BINS).fill(0));
  const cell = (v: number, edges: number[]): number =>
    Math.min(ERROR_MAP_BINS - 1, Math.max(0, Math.floor(((v - edges[0]) / (edges[ERROR_MAP_BINS] - edges[0])) * ERROR_MAP_BINS)));
  for (let i = 0; i < n; i++) {
    const ix = cell(xs[i], xEdges);
    const iy = cell(ys[i], yEdges);
    sum[iy][ix] += errors[i];
    count[iy][ix] += 1;
  }
  return { xEdges, yEdges, meanError: sum.map((row, iy) => row.map((s, ix) => (count[iy][ix] === 0 ? null : s / count[iy][ix]))), count };
}

/** Median, p90 (linear interpolation, as numpy) and mean Euclidean error; an error map for 2-D and 3-D outputs. */
export function localisationMetrics(output: string, truth: ArrayLike<number>, predicted: ArrayLike<number>, axes: number): LocalisationMetrics {
  const errors = euclideanErrors(truth, predicted, axes);
  const list = Array.from(errors);
  return {
    kind: 'localisation',
    output,
    samples: errors.length,
    meanErrorM: mean(errors),
    medianErrorM: percentile(list, 50),
    p90ErrorM: percentile(list, 90),
    maxErrorM: extent(errors)[1],
    errorHistogram: histogram(errors, ERROR_HISTOGRAM_BINS, [0, Math.max(extent(errors)[1], 1e-9)]),
    errorMap: axes >= 2 && errors.length > 0 ? errorMap(truth, errors, axes) : null,
  };
}
