/**
 * The spectral library behind the satellite image time series simulator: Sentinel-2's 13 bands,
 * typical surface reflectance of the materials that make up the seed's 10 land-cover classes,
 * and each class's seasonal course. Values are textbook-typical shapes (water dark and falling
 * into the infrared, vegetation's red edge, snow bright in the visible and dark in the SWIR,
 * clouds bright in the cirrus band B10), not a calibrated library.
 */

/** Sentinel-2 MSI bands in product order, with their centre wavelengths in nm. */
export const SENTINEL2_BANDS = [
  { name: 'B1', nm: 443 },
  { name: 'B2', nm: 490 },
  { name: 'B3', nm: 560 },
  { name: 'B4', nm: 665 },
  { name: 'B5', nm: 705 },
  { name: 'B6', nm: 740 },
  { name: 'B7', nm: 783 },
  { name: 'B8', nm: 842 },
  { name: 'B8A', nm: 865 },
  { name: 'B9', nm: 945 },
  { name: 'B10', nm: 1375 },
  { name: 'B11', nm: 1610 },
  { name: 'B12', nm: 2190 },
] as const;

/** The SITS-Former classes (seed 003), in label order. */
export const SITS_CLASSES = ['Water', 'Forest', 'Grassland', 'Cropland', 'Urban', 'Bare Soil', 'Snow/Ice', 'Cloud', 'Shadow', 'Wetland'] as const;
/** One land-cover class. */
export type SitsClass = (typeof SITS_CLASSES)[number];

type Spectrum = readonly number[];

const WATER: Spectrum = [0.08, 0.07, 0.06, 0.04, 0.03, 0.02, 0.02, 0.02, 0.015, 0.01, 0.002, 0.01, 0.005];
const TURBID_WATER: Spectrum = [0.1, 0.1, 0.1, 0.07, 0.05, 0.03, 0.03, 0.03, 0.02, 0.015, 0.002, 0.012, 0.006];
const GREEN_VEGETATION: Spectrum = [0.03, 0.04, 0.08, 0.04, 0.11, 0.3, 0.37, 0.4, 0.42, 0.38, 0.005, 0.2, 0.09];
const FOREST_CANOPY: Spectrum = [0.025, 0.03, 0.055, 0.03, 0.08, 0.24, 0.29, 0.32, 0.33, 0.29, 0.004, 0.15, 0.065];
const LEAF_OFF_FOREST: Spectrum = [0.04, 0.05, 0.07, 0.07, 0.1, 0.15, 0.17, 0.19, 0.2, 0.18, 0.004, 0.2, 0.12];
const DRY_GRASS: Spectrum = [0.06, 0.08, 0.11, 0.14, 0.17, 0.2, 0.22, 0.24, 0.25, 0.22, 0.005, 0.3, 0.22];
const SOIL: Spectrum = [0.09, 0.11, 0.15, 0.19, 0.21, 0.23, 0.25, 0.26, 0.27, 0.25, 0.006, 0.34, 0.29];
const URBAN: Spectrum = [0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18, 0.19, 0.19, 0.17, 0.006, 0.22, 0.2];
const SNOW: Spectrum = [0.9, 0.88, 0.86, 0.83, 0.8, 0.78, 0.75, 0.72, 0.7, 0.5, 0.02, 0.1, 0.06];
const ROCK: Spectrum = [0.14, 0.16, 0.19, 0.21, 0.23, 0.24, 0.25, 0.26, 0.26, 0.24, 0.006, 0.3, 0.26];
/** Also what the simulator's passing clouds blend towards. */
export const CLOUD: Spectrum = [0.55, 0.54, 0.53, 0.52, 0.52, 0.52, 0.52, 0.53, 0.53, 0.42, 0.3, 0.42, 0.33];
const SHADOW: Spectrum = [0.03, 0.03, 0.03, 0.025, 0.03, 0.04, 0.05, 0.06, 0.06, 0.05, 0.002, 0.04, 0.03];

/**
 * A class's reflectance on a day of year: `(1 − s)·offSeason + s·peak`, with `s = season(doy)`
 * in [0, 1].
 */
export interface ClassSpectra {
  readonly offSeason: Spectrum;
  readonly peak: Spectrum;
  readonly season: (doy: number) => number;
}

export const CLASS_SPECTRA: Readonly<Record<SitsClass, ClassSpectra>> = {
  Water: { offSeason: WATER, peak: TURBID_WATER, season: (d) => bell(d, 200, 40) },
  Forest: { offSeason: LEAF_OFF_FOREST, peak: FOREST_CANOPY, season: (d) => doubleLogistic(d, 120, 10, 285, 12) },
  Grassland: { offSeason: DRY_GRASS, peak: GREEN_VEGETATION, season: (d) => doubleLogistic(d, 90, 12, 200, 15) },
  Cropland: { offSeason: SOIL, peak: GREEN_VEGETATION, season: (d) => doubleLogistic(d, 140, 7, 230, 4) },
  Urban: { offSeason: URBAN, peak: mix(URBAN, GREEN_VEGETATION, 0.15), season: (d) => doubleLogistic(d, 120, 10, 285, 12) },
  'Bare Soil': { offSeason: SOIL, peak: scale(SOIL, 0.75), season: (d) => 0.5 + 0.5 * Math.cos((2 * Math.PI * (d - 15)) / 365) },
  'Snow/Ice': { offSeason: ROCK, peak: SNOW, season: (d) => 1 - doubleLogistic(d, 130, 8, 300, 8) },
  Cloud: { offSeason: CLOUD, peak: scale(CLOUD, 0.85), season: (d) => 0.5 + 0.5 * Math.sin((2 * Math.PI * d) / 365) },
  Shadow: { offSeason: SHADOW, peak: scale(SHADOW, 1.3), season: (d) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (d - 172)) / 365) },
  Wetland: { offSeason: mix(WATER, GREEN_VEGETATION, 0.4), peak: mix(GREEN_VEGETATION, SOIL, 0.2), season: (d) => doubleLogistic(d, 150, 10, 270, 10) },
};

/** Writes a class's mean reflectance on day `doy` into `out` (one value per band). */
export function classReflectance(spectra: ClassSpectra, doy: number, out: Float64Array): void {
  const s = Math.max(0, Math.min(1, spectra.season(doy)));
  for (let b = 0; b < out.length; b++) out[b] = (1 - s) * spectra.offSeason[b] + s * spectra.peak[b];
}

/** Green-up at `up` and senescence at `down` (days of year), each with its own steepness in days. */
function doubleLogistic(doy: number, up: number, upDays: number, down: number, downDays: number): number {
  return 1 / (1 + Math.exp(-(doy - up) / upDays)) - 1 / (1 + Math.exp(-(doy - down) / downDays));
}

function bell(doy: number, centre: number, widthDays: number): number {
  return Math.exp(-0.5 * ((doy - centre) / widthDays) ** 2);
}

function mix(a: Spectrum, b: Spectrum, fractionB: number): Spectrum {
  return a.map((v, i) => (1 - fractionB) * v + fractionB * b[i]);
}

function scale(a: Spectrum, k: number): Spectrum {
  return a.map((v) => v * k);
}
