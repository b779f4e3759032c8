/**
 * Small dense least-squares problems (a handful of unknowns, tens of rows) solved by Householder
 * QR, which stays accurate where the normal equations would square the condition number —
 * polynomial fits on raw ADC-scale values are exactly that case.
 */

/** The solution, or why there is none, in words a technician can act on. */
export type LeastSquaresResult = { readonly ok: true; readonly x: Float64Array } | { readonly ok: false; readonly reason: string };

/** Relative size under which a column is treated as dependent on the others. */
const RANK_TOLERANCE = 1e-10;

/**
 * Minimises ‖A·x − b‖₂ for `A` given as rows. Fails (rather than returning noise) when there
 * are fewer rows than unknowns or the columns are dependent: the points do not determine the fit.
 */
export function solveLeastSquares(rows: readonly (readonly number[])[], b: readonly number[]): LeastSquaresResult {
  const m = rows.length;
  const n = m > 0 ? rows[0].length : 0;
  if (n === 0) return { ok: false, reason: 'nothing to solve for' };
  if (m < n) return { ok: false, reason: `${m} point(s) cannot determine ${n} unknowns` };
  const a = rows.map((r) => Float64Array.from(r));
  const y = Float64Array.from(b);
  const scale = Math.max(...a.map((r) => Math.max(...r.map(Math.abs))), Number.MIN_VALUE);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[i][k] * a[i][k];
    norm = Math.sqrt(norm);
    if (norm <= RANK_TOLERANCE * scale) return { ok: false, reason: 'the points do not determine the fit (they are too alike)' };
    const alpha = a[k][k] > 0 ? -norm : norm;
    // Householder vector v = column − alpha·e_k, applied as H = I − 2vvᵀ/vᵀv.
    const v = new Float64Array(m - k);
    for (let i = k; i < m; i++) v[i - k] = a[i][k];
    v[0] -= alpha;
    const vv = v.reduce((s, x) => s + x * x, 0);
    for (let j = k; j < n; j++) {
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k] * a[i][j];
      const f = (2 * dot) / vv;
      for (let i = k; i < m; i++) a[i][j] -= f * v[i - k];
    }
    let dot = 0;
    for (let i = k; i < m; i++) dot += v[i - k] * y[i];
    const f = (2 * dot) / vv;
    for (let i = k; i < m; i++) y[i] -= f * v[i - k];
  }
  const x = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    let s = y[k];
    for (let j = k + 1; j < n; j++) s -= a[k][j] * x[j];
    x[k] = s / a[k][k];
  }
  return { ok: true, x };
}

/** Residual statistics of a fit: corrected values against their references. */
export interface FitQuality {
  readonly residuals: Float64Array;
  readonly rms: number;
  readonly maxAbs: number;
  /** 1 − SS_res/SS_tot; null with fewer than 3 points or references that do not vary. */
  readonly r2: number | null;
}

/** Residuals (predicted − reference), their RMS and maximum, and R². */
export function fitQuality(reference: ArrayLike<number>, predicted: ArrayLike<number>): FitQuality {
  const n = reference.length;
  const residuals = new Float64Array(n);
  let ss = 0;
  let maxAbs = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += reference[i] / n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residuals[i] = predicted[i] - reference[i];
    ss += residuals[i] ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(residuals[i]));
    total += (reference[i] - mean) ** 2;
  }
  const r2 = n >= 3 && total > 0 ? 1 - ss / total : null;
  return { residuals, rms: n > 0 ? Math.sqrt(ss / n) : 0, maxAbs, r2 };
}

/**
 * Ascending-power coefficients of the least-squares polynomial of `degree` through (x, y),
 * each point weighted by `weights` (e.g. the frames averaged into it) where given.
 */
export function polyfit(x: readonly number[], y: readonly number[], degree: number, weights?: readonly number[]): LeastSquaresResult {
  if (x.length !== y.length || (weights !== undefined && weights.length !== x.length)) return { ok: false, reason: 'x, y and weights differ in length' };
  if (x.length < degree + 1) {
    return { ok: false, reason: `a degree-${degree} fit needs at least ${degree + 1} points, got ${x.length}` };
  }
  // Centre and scale x so the columns 1, u, u², u³ are comparable, then expand back to powers of x.
  const mid = (Math.max(...x) + Math.min(...x)) / 2;
  const half = (Math.max(...x) - Math.min(...x)) / 2 || 1;
  // Weighted least squares: scale each row and its target by √w.
  const root = x.map((_, i) => Math.sqrt(weights?.[i] ?? 1));
  const rows = x.map((xi, i) => Array.from({ length: degree + 1 }, (_, k) => root[i] * ((xi - mid) / half) ** k));
  const solved = solveLeastSquares(
    rows,
    y.map((yi, i) => root[i] * yi),
  );
  if (!solved.ok) return solved;
  return { ok: true, x: expandScaledPolynomial(solved.x, mid, half) };
}

/** Σ c_k·((x − mid)/half)^k rewritten as Σ d_j·x^j. */
function expandScaledPolynomial(c: Float64Array, mid: number, half: number): Float64Array {
  const d = new Float64Array(c.length);
  for (let k = 0; k < c.length; k++) {
    // ((x − mid)/half)^k = half^−k · Σ_j C(k, j) x^j (−mid)^(k−j)
    for (let j = 0; j <= k; j++) d[j] += (c[k] * binomial(k, j) * (-mid) ** (k - j)) / half ** k;
  }
  return d;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Σ coefficients[k]·x^k by Horner's rule. */
export function evaluatePolynomial(coefficients: ArrayLike<number>, x: number): number {
  let y = 0;
  for (let k = coefficients.length - 1; k >= 0; k--) y = y * x + coefficients[k];
  return y;
}
