/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32) with uniform
 * and Gaussian draws. Simulators must be reproducible bit for bit from a seed — datasets, tests
 * and HIL runs depend on it — which `Math.random` cannot give.
 */
export class Prng {
  readonly #s = new Uint32Array(4);
  #spareGaussian: number | undefined;

  /** `seed` is any number (its low 32 bits and its integer part above them both count). */
  constructor(seed: number) {
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      this.#s[i] = splitmix32(x);
    }
    // xoshiro must not start from the all-zero state.
    if (this.#s.every((v) => v === 0)) this.#s[0] = 1;
  }

  /**
   * An independent generator for one purpose (e.g. `'noise'`), so that adding draws for one
   * purpose does not shift the sequence of another and change unrelated outputs.
   */
  fork(purpose: string): Prng {
    let h = 0x811c9dc5;
    for (let i = 0; i < purpose.length; i++) {
      h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
    }
    return new Prng(this.nextUint32() ^ h);
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  gaussian(mean = 0, sd = 1): number {
    if (this.#spareGaussian !== undefined) {
      const z = this.#spareGaussian;
      this.#spareGaussian = undefined;
      return mean + sd * z;
    }
    // 1 - next() is in (0, 1], so the logarithm is finite.
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const theta = 2 * Math.PI * this.next();
    this.#spareGaussian = r * Math.sin(theta);
    return mean + sd * r * Math.cos(theta);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function splitmix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
