/** Lags looked at when estimating how long a channel stays correlated with itself. */
const MAX_LAG = 400;

/**
 * The integrated autocorrelation time τ = 1 + 2 Σ ρ(k), summed while ρ stays positive (Geyer's
 * initial positive sequence), rounded up: keeping every τ-th sample of a stream leaves samples
 * close to independent, which the KS p-value assumes. 1 for white noise, large for slow signals.
 */
export function decorrelationStride(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 8) return 1;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2;
  if (variance === 0) return 1;
  let tau = 1;
  for (let lag = 1; lag < Math.min(MAX_LAG, n / 4); lag++) {
    let c = 0;
    for (let i = 0; i + lag < n; i++) c += (values[i] - mean) * (values[i + lag] - mean);
    const rho = c / variance;
    if (rho <= 0) break;
    tau += 2 * rho;
  }
  return Math.max(1, Math.ceil(tau));
}

/** Every `stride`-th value, NaN left out. */
export function thin(values: ArrayLike<number>, stride: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += stride) if (!Number.isNaN(values[i])) out.push(values[i]);
  return Float64Array.from(out);
}
