import { Prng } from './prng';
import { numberSetting, type SettingHandler } from './simulatorCommands';
import { SimulatorModelBase } from './SimulatorModelBase';
import { CLASS_SPECTRA, CLOUD, classReflectance, SENTINEL2_BANDS, SITS_CLASSES, type SitsClass } from './sitsSpectra';

/** Options of the satellite image time series model; every field has a default. */
export interface SitsOptions {
  readonly seed?: number;
  /** Acquisitions per series, spread evenly over one year. */
  readonly timeSteps?: number;
  /** Patch size, pixels. */
  readonly height?: number;
  readonly width?: number;
  /** Chance that an acquisition has a cloud over the patch. */
  readonly cloudProbability?: number;
  /** Sensor noise, reflectance units. */
  readonly noiseSd?: number;
}

/** Ground truth of one series. */
export interface SitsTruth {
  readonly classIndex: number;
  readonly className: SitsClass;
  /** Per acquisition: 1 when a cloud covers more than 5 % of the patch (also the frame's mask part). */
  readonly cloudMask: Uint8Array;
}

/** Shape of one series, `[T, C, H, W]`. */
export interface SitsShape {
  readonly timeSteps: number;
  readonly bands: number;
  readonly height: number;
  readonly width: number;
}

const BANDS = SENTINEL2_BANDS.length;
/** Clouds covering less than this share of the patch leave an acquisition usable. */
const CLOUD_MASK_COVER = 0.05;
/** Aerosol haze brightens short wavelengths most (Ångström exponent about 1.5); B10 sees none. */
const HAZE_WEIGHT = SENTINEL2_BANDS.map((b) => (b.name === 'B10' ? 0 : (443 / b.nm) ** 1.5));

/**
 * Satellite image time series (seed 003): each step yields one patch of `[T, C, H, W]`
 * Sentinel-2 reflectances of one land-cover class over a year, followed by its cloud mask `[T]`.
 * Each class follows its own seasonal spectral course (green-up and senescence, snow cover,
 * turbidity), shifted by a few days per patch, with per-pixel brightness variation, haze,
 * passing clouds (a soft blob blended towards cloud reflectance) and sensor noise.
 * Classes come in shuffled rounds so that any 10 consecutive series hold every class once.
 */
export class SitsSimulator extends SimulatorModelBase<SitsTruth> {
  readonly shape: SitsShape;
  /** Day of year of each acquisition. */
  readonly doy: Int32Array;
  readonly #rng: Prng;
  readonly #classBag: number[] = [];
  readonly #cloudProbability: number;
  readonly #noiseSd: number;
  #fixedClass: number | undefined;

  constructor(options: SitsOptions = {}) {
    const seed = options.seed ?? 1;
    const shape: SitsShape = { timeSteps: options.timeSteps ?? 24, bands: BANDS, height: options.height ?? 8, width: options.width ?? 8 };
    const pixels = shape.height * shape.width;
    const seriesValues = shape.timeSteps * BANDS * pixels;
    super({
      family: 'sits',
      idTag: 'SITS',
      channelNames: SENTINEL2_BANDS.map((b) => b.name),
      nominalRateHz: 1,
      seed,
      // Faults act on a band across every acquisition and pixel; the mask part is never touched.
      valueChannel: Int32Array.from({ length: seriesValues + shape.timeSteps }, (_, i) =>
        i < seriesValues ? Math.floor(i / pixels) % BANDS : -1,
      ),
    });
    this.shape = shape;
    this.doy = Int32Array.from({ length: shape.timeSteps }, (_, t) => Math.round(((t + 0.5) * 365) / shape.timeSteps));
    this.#rng = new Prng(seed).fork('series');
    this.#cloudProbability = options.cloudProbability ?? 0.25;
    this.#noiseSd = options.noiseSd ?? 0.005;
  }

  protected override generate(_timeS: number, _dtS: number, out: Float32Array): SitsTruth {
    const rng = this.#rng;
    const classIndex = this.#fixedClass ?? this.#drawClass();
    const className = SITS_CLASSES[classIndex];
    const { timeSteps, height, width } = this.shape;
    const pixels = height * width;
    const phenologyShift = rng.gaussian(0, 10);
    const pixelGain = Float64Array.from({ length: pixels }, () => rng.gaussian(1, 0.05));
    const reflectance = new Float64Array(BANDS);
    const cloudCover = new Float64Array(pixels);
    const cloudMask = new Uint8Array(timeSteps);

    for (let t = 0; t < timeSteps; t++) {
      classReflectance(CLASS_SPECTRA[className], this.doy[t] - phenologyShift, reflectance);
      const haze = rng.uniform(0, 0.02);
      cloudMask[t] = this.#drawCloud(cloudCover) > CLOUD_MASK_COVER ? 1 : 0;
      for (let b = 0; b < BANDS; b++) {
        const base = (t * BANDS + b) * pixels;
        for (let p = 0; p < pixels; p++) {
          const ground = reflectance[b] * pixelGain[p] + haze * HAZE_WEIGHT[b];
          const seen = (1 - cloudCover[p]) * ground + cloudCover[p] * CLOUD[b] + rng.gaussian(0, this.#noiseSd);
          out[base + p] = Math.max(0, Math.min(1, seen));
        }
      }
    }
    out.set(cloudMask, timeSteps * BANDS * pixels);
    return { classIndex, className, cloudMask };
  }

  /** Shuffled rounds of all classes (Fisher–Yates), so datasets are balanced. */
  #drawClass(): number {
    if (this.#classBag.length === 0) {
      const bag = SITS_CLASSES.map((_, i) => i);
      for (let i = bag.length - 1; i > 0; i--) {
        const j = this.#rng.int(i + 1);
        [bag[i], bag[j]] = [bag[j], bag[i]];
      }
      this.#classBag.push(...bag);
    }
    return this.#classBag.pop() ?? 0;
  }

  /** Fills each pixel's cloud opacity for one acquisition and returns the mean cover. */
  #drawCloud(cover: Float64Array): number {
    cover.fill(0);
    const rng = this.#rng;
    if (rng.next() >= this.#cloudProbability) return 0;
    const { height, width } = this.shape;
    const cy = rng.uniform(0, height);
    const cx = rng.uniform(0, width);
    const radius = rng.uniform(1.5, 0.75 * Math.max(height, width));
    const opacity = rng.uniform(0.5, 1);
    let sum = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const d2 = (y + 0.5 - cy) ** 2 + (x + 0.5 - cx) ** 2;
        const c = opacity * Math.exp(-d2 / (2 * radius * radius));
        cover[y * width + x] = c;
        sum += c;
      }
    }
    return sum / (height * width);
  }

  protected override settings(): Readonly<Record<string, SettingHandler>> {
    return {
      // Class names have spaces and slashes, so the command takes an index; -1 = balanced rounds.
      class: numberSetting(-1, SITS_CLASSES.length - 1, (v) => {
        this.#fixedClass = v < 0 ? undefined : Math.round(v);
      }),
    };
  }
}
