import type { Prng } from './prng';

/** One exact step of an Ornstein–Uhlenbeck process with stationary mean, sd and time constant. */
export function ornsteinUhlenbeck(x: number, mean: number, sd: number, tauS: number, dtS: number, rng: Prng): number {
  const a = Math.exp(-dtS / tauS);
  return mean + (x - mean) * a + sd * Math.sqrt(1 - a * a) * rng.gaussian();
}
