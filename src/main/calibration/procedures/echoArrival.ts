/**
 * Finds when the echo arrives in one receiver's envelope: after the transmit crosstalk (the
 * strong early pulse straight through the board), the strongest peak, refined to a fraction of a
 * sample by fitting a parabola to the logarithm of the five samples around it — exact for the
 * Gaussian envelope of a tone burst, so no interpolation bias.
 */

/** Where the crosstalk is looked for, s after transmission (it arrives within the receivers' timing error). */
const CROSSTALK_SEARCH_S = 0.0015;
/** Skipped after the crosstalk peak: five of its standard deviations, where it has died away. */
const CROSSTALK_BLANK_S = 0.001;

/** Echo arrival time in seconds after transmission, or NaN where no echo stands out of the noise. */
export function echoArrivalS(wave: ArrayLike<number>, sampleRateHz: number): number {
  const n = wave.length;
  const baseline = median(wave);
  const searchEnd = Math.min(n, Math.round(CROSSTALK_SEARCH_S * sampleRateHz));
  let crosstalk = 0;
  for (let i = 1; i < searchEnd; i++) if (wave[i] > wave[crosstalk]) crosstalk = i;
  const start = crosstalk + Math.round(CROSSTALK_BLANK_S * sampleRateHz);
  if (start >= n - 2) return Number.NaN;
  let peak = start;
  for (let i = start + 1; i < n; i++) if (wave[i] > wave[peak]) peak = i;
  if (peak < 2 || peak > n - 3) return peak / sampleRateHz;
  // ln(v − baseline) of a Gaussian pulse is a parabola; fit it over offsets −2…2 in closed form.
  let sy = 0;
  let sxy = 0;
  let sxxy = 0;
  for (let k = -2; k <= 2; k++) {
    const v = wave[peak + k] - baseline;
    if (!(v > 0)) return peak / sampleRateHz;
    const y = Math.log(v);
    sy += y;
    sxy += k * y;
    sxxy += k * k * y;
  }
  const b1 = sxy / 10;
  const b2 = (sxxy - 2 * sy) / 14;
  const offset = b2 < 0 ? Math.max(-1, Math.min(1, -b1 / (2 * b2))) : 0;
  return (peak + offset) / sampleRateHz;
}

/** The envelope's resting level: pulses cover few samples, so the median is the baseline, unbiased by noise. */
function median(wave: ArrayLike<number>): number {
  const sorted = Float64Array.from(wave).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
