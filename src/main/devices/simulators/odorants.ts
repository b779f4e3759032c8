/**
 * The odorants the e-nose simulator can present, their scent notes (the olfactory model's
 * multi-label targets) and how strongly each MOS sensor responds to them. The selectivity
 * patterns are illustrative (shaped after the Figaro sensors' datasheet families), not measured.
 */

/** Scent-note vocabulary in dataset order (the `notes` array's columns). */
export const SCENT_NOTES = [
  'citrus',
  'fresh',
  'floral',
  'sweet',
  'woody',
  'minty',
  'vanilla',
  'fruity',
  'ethereal',
  'spicy',
  'green',
  'earthy',
  'alcoholic',
] as const;
/** One scent note. */
export type ScentNote = (typeof SCENT_NOTES)[number];

/** One odorant: notes, perceived-intensity half point and the sensors' sensitivities. */
export interface Odorant {
  readonly name: string;
  readonly notes: readonly ScentNote[];
  /** Concentration at which perceived intensity is half scale (5 of 10), ppm. */
  readonly halfIntensityPpm: number;
  /** Sensitivity of mos_1…mos_8, 1/ppm: Rs/R0 = (1 + Σ sensitivity·ppm)^−β. */
  readonly sensitivity: readonly number[];
}

/**
 * Sensor order: mos_1 TGS2600 (general air contaminants), mos_2 TGS2602 (VOCs), mos_3 TGS2603
 * (amines, sulphur compounds), mos_4 TGS2610 (LP gas), mos_5 TGS2611 (methane), mos_6 TGS2612
 * (methane, propane), mos_7 TGS2620 (alcohols, solvents), mos_8 TGS826 (ammonia).
 */
export const ODORANTS: readonly Odorant[] = [
  { name: 'limonene', notes: ['citrus', 'fresh'], halfIntensityPpm: 20, sensitivity: [0.02, 0.06, 0.01, 0.015, 0.003, 0.008, 0.03, 0.004] },
  { name: 'linalool', notes: ['floral', 'sweet'], halfIntensityPpm: 15, sensitivity: [0.015, 0.045, 0.02, 0.008, 0.002, 0.005, 0.04, 0.006] },
  { name: 'cedrol', notes: ['woody'], halfIntensityPpm: 10, sensitivity: [0.01, 0.03, 0.035, 0.004, 0.001, 0.003, 0.012, 0.01] },
  { name: 'menthol', notes: ['minty', 'fresh'], halfIntensityPpm: 15, sensitivity: [0.025, 0.04, 0.008, 0.02, 0.004, 0.012, 0.035, 0.003] },
  { name: 'vanillin', notes: ['sweet', 'vanilla'], halfIntensityPpm: 5, sensitivity: [0.03, 0.08, 0.05, 0.006, 0.002, 0.004, 0.025, 0.02] },
  { name: 'ethyl_acetate', notes: ['fruity', 'ethereal'], halfIntensityPpm: 50, sensitivity: [0.012, 0.03, 0.005, 0.025, 0.006, 0.02, 0.06, 0.002] },
  { name: 'eugenol', notes: ['spicy', 'woody'], halfIntensityPpm: 10, sensitivity: [0.018, 0.05, 0.045, 0.005, 0.001, 0.004, 0.02, 0.015] },
  { name: 'cis_3_hexenol', notes: ['green', 'fresh'], halfIntensityPpm: 20, sensitivity: [0.022, 0.035, 0.012, 0.012, 0.003, 0.01, 0.05, 0.005] },
  { name: 'geosmin', notes: ['earthy'], halfIntensityPpm: 1, sensitivity: [0.06, 0.09, 0.12, 0.01, 0.004, 0.008, 0.03, 0.06] },
  { name: 'ethanol', notes: ['alcoholic', 'ethereal'], halfIntensityPpm: 200, sensitivity: [0.008, 0.02, 0.003, 0.01, 0.004, 0.012, 0.08, 0.002] },
];

/** An odorant present in the sample air. */
export interface OdorantExposure {
  readonly odorant: string;
  readonly ppm: number;
}

/** Looks an odorant up by name. */
export function findOdorant(name: string): Odorant | undefined {
  return ODORANTS.find((o) => o.name === name);
}

/**
 * Perceived intensity on the 0–10 scale of the olfactory model's output: a saturating (Hill, n = 1)
 * function of the mixture's summed odour units, each odorant's ppm over its half-intensity ppm.
 */
export function perceivedIntensity(exposures: readonly OdorantExposure[]): number {
  let units = 0;
  for (const e of exposures) {
    const odorant = findOdorant(e.odorant);
    if (odorant !== undefined) units += e.ppm / odorant.halfIntensityPpm;
  }
  return (10 * units) / (1 + units);
}

/** Multi-hot scent-note labels of a mixture, in `SCENT_NOTES` order. */
export function scentNoteLabels(exposures: readonly OdorantExposure[]): Uint8Array {
  const labels = new Uint8Array(SCENT_NOTES.length);
  for (const e of exposures) {
    if (e.ppm <= 0) continue;
    for (const note of findOdorant(e.odorant)?.notes ?? []) labels[SCENT_NOTES.indexOf(note)] = 1;
  }
  return labels;
}
