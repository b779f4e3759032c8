import { percentile } from '../../hil/signalStats';

/** Deciles of the baseline: the bins PSI is computed over. */
export const PSI_BINS = 10;
/** A bin's share never counts as less than this, so an empty bin does not make PSI infinite. */
const FLOOR = 1e-4;

/** PSI over two distributions given as shares (each sums to 1): Σ (c − b)·ln(c / b). */
export function psiOfShares(baseline: readonly number[], current: readonly number[]): number {
  let psi = 0;
  for (let i = 0; i < baseline.length; i++) {
    const b = Math.max(baseline[i], FLOOR);
    const c = Math.max(current[i], FLOOR);
    psi += (c - b) * Math.log(c / b);
  }
  return psi;
}

/** Inner bin edges at the baseline's quantiles (duplicates from ties removed). */
export function quantileEdges(baseline: readonly number[], bins = PSI_BINS): number[] {
  const edges: number[] = [];
  for (let q = 1; q < bins; q++) {
    const e = percentile(baseline, (q * 100) / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** Shares of values in the bins cut at `edges` (bin i is (edges[i−1], edges[i]]). */
export function sharesIn(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v <= edges[mid]) hi = mid;
      else lo = mid + 1;
    }
    counts[lo] += 1;
    n += 1;
  }
  return counts.map((c) => (n === 0 ? 0 : c / n));
}

/**
 * Population stability index of a numeric variable over the baseline's decile bins. The usual
 * reading: < 0.1 stable, 0.1–0.25 a moderate shift, ≥ 0.25 a major shift.
 */
export function psi(baseline: ArrayLike<number>, current: ArrayLike<number>, bins = PSI_BINS): number {
  const base = Array.from(baseline).filter((v) => !Number.isNaN(v));
  const edges = quantileEdges(base, bins);
  return psiOfShares(sharesIn(base, edges), sharesIn(current, edges));
}

/** PSI of a categorical variable (class indices 0…k−1). */
export function categoricalPsi(baseline: ArrayLike<number>, current: ArrayLike<number>, categories: number): number {
  const shares = (v: ArrayLike<number>): number[] => {
    const counts = new Array<number>(categories).fill(0);
    for (let i = 0; i < v.length; i++) counts[v[i]] += 1;
    return counts.map((c) => (v.length === 0 ? 0 : c / v.length));
  };
  return psiOfShares(shares(baseline), shares(current));
}
