import type { KsResult } from '../../../shared/domain/validationDrift';

/** Above this many lattice cells (n1 × n2) the exact p-value gives way to the asymptotic one. */
export const EXACT_KS_MAX_CELLS = 1_000_000;

function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  out.sort();
  return out;
}

/**
 * The two-sample KS distance as the integer max |i·n2 − j·n1| over the merged order (ties
 * advance both samples together), so the exact test can compare lattice points without rounding.
 */
function scaledStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < n1 && j < n2) {
    const v = Math.min(a[i], b[j]);
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    best = Math.max(best, Math.abs(i * n2 - j * n1));
  }
  return best;
}

/**
 * P(D ≥ d) under the null, by counting the monotone lattice paths from (0,0) to (n1,n2) that stay
 * strictly inside |i·n2 − j·n1| < h. Each cell holds paths-inside / all-paths, which stays in
 * [0, 1] (no overflow for large samples): v(i,j) = (i·v(i−1,j) + j·v(i,j−1)) / (i+j).
 */
function exactPValue(n1: number, n2: number, h: number): number {
  if (h === 0) return 1;
  const row = new Float64Array(n2 + 1);
  for (let i = 0; i <= n1; i++) {
    for (let j = 0; j <= n2; j++) {
      if (Math.abs(i * n2 - j * n1) >= h) {
        row[j] = 0;
      } else if (i === 0 && j === 0) {
        row[j] = 1;
      } else {
        const up = i > 0 ? i * row[j] : 0;
        const left = j > 0 ? j * row[j - 1] : 0;
        row[j] = (up + left) / (i + j);
      }
    }
  }
  return Math.min(1, Math.max(0, 1 - row[n2]));
}

/**
 * Kolmogorov's limiting survival function Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²) (the value
 * scipy.special.kolmogorov gives); for small λ the equivalent theta-function form converges faster.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    const w = -(Math.PI ** 2) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k < 40; k += 2) sum += Math.exp(k * k * w);
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Two-sided two-sample Kolmogorov–Smirnov test (NaN values ignored). Exact for samples whose
 * lattice has at most `EXACT_KS_MAX_CELLS` cells (matches `scipy.stats.ks_2samp(method='exact')`),
 * asymptotic beyond (Kolmogorov's limit at λ = d·√(n1·n2/(n1+n2))).
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>, maxExactCells = EXACT_KS_MAX_CELLS): KsResult {
  const x = sortedCopy(a).filter((v) => !Number.isNaN(v));
  const y = sortedCopy(b).filter((v) => !Number.isNaN(v));
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { statistic: Number.NaN, pValue: Number.NaN, method: 'asymptotic' };
  const h = scaledStatistic(x, y);
  const statistic = h / (n1 * n2);
  if (n1 * n2 <= maxExactCells) return { statistic, pValue: exactPValue(n1, n2, h), method: 'exact' };
  const en = (n1 * n2) / (n1 + n2);
  return { statistic, pValue: kolmogorovSurvival(Math.sqrt(en) * statistic), method: 'asymptotic' };
}

/**
 * The smallest p-value the two-sample KS test can give with `n1` and `n2` samples: that of two
 * completely separated samples (D = 1), 2 / C(n1 + n2, n1). When it is not below the test's level,
 * no amount of drift can be detected — the data are too few, not the distributions alike.
 */
export function ksMinimumPValue(n1: number, n2: number): number {
  if (n1 < 1 || n2 < 1) return 1;
  let logChoose = 0;
  const k = Math.min(n1, n2);
  for (let i = 1; i <= k; i++) logChoose += Math.log(n1 + n2 - k + i) - Math.log(i);
  return Math.min(1, 2 * Math.exp(-logChoose));
}
