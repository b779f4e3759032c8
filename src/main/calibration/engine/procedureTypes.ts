import type { CalibrationParameter, CalibrationVersion, ChannelTransform, FitReport } from '../../../shared/domain/calibration';
import type { DeviceFamily, DeviceProfile } from '../../../shared/domain/deviceProfile';

/**
 * The declarative side of a calibration procedure: its steps are data (what to show, what to
 * watch, how much to capture, when a signal counts as still), and its fit is a small function of
 * the captured points. The wizard engine runs any such definition; procedures hold no state.
 */

/** The quantities a step watches and captures, derived from each frame. */
export interface FeatureSet {
  readonly names: readonly string[];
  readonly units: readonly string[];
  /** Writes the features of one frame (its `channelCount` values) into `out`. */
  extract(frame: Float32Array, out: Float64Array): void;
}

/**
 * When a signal counts as still: over the last `windowS`, every feature's standard deviation
 * and least-squares slope are under their limits (relative to the feature's mean if `relative`).
 */
export interface StabilitySpec {
  readonly windowS: number;
  readonly maxStd: readonly number[];
  readonly maxSlopePerS: readonly number[];
  readonly relative: boolean;
}

/** A value the operator types before a capture may start. */
export interface InputField {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly suggested: number | null;
}

/** Where a stable window belongs: one of several slots (IMU poses), or nowhere and why. */
export type SlotClassification = { readonly slot: number } | { readonly slot: null; readonly reason: string };

/**
 * Captures that fill one or several slots in any order, each recognised from the data itself:
 * from the still window's mean and, for a response to a stimulus, the features of the step's
 * first frame (what the readings were before the stimulus arrived).
 */
export interface SlotSpec {
  readonly ids: readonly string[];
  readonly labels: readonly string[];
  classify(windowMean: Float64Array, stepStart: Float64Array): SlotClassification;
}

interface StepBase {
  readonly id: string;
  readonly title: string;
  readonly instructions: string;
  readonly illustration: string | null;
}

/** Text the operator reads and confirms. */
export interface InstructionStep extends StepBase {
  readonly kind: 'instruction';
}

/**
 * Waits until readings settle after power-on: at least `minWarmupS` of data, then every feature's
 * relative slope under `maxRelSlopePerS` for `holdS` in a row.
 */
export interface WarmupStep extends StepBase {
  readonly kind: 'warmup';
  readonly features: FeatureSet;
  readonly minWarmupS: number;
  readonly windowS: number;
  readonly maxRelSlopePerS: number;
  readonly holdS: number;
}

/**
 * Averages `framesNeeded` frames of still signal into a point per slot. Instability while
 * capturing throws the slot's partial data away (the step restarts); null stability takes every
 * frame (statistics of a moving signal).
 */
export interface CaptureStep extends StepBase {
  readonly kind: 'capture';
  readonly optional: boolean;
  readonly features: FeatureSet;
  readonly stability: StabilitySpec | null;
  readonly framesNeeded: number;
  readonly inputs: readonly InputField[];
  readonly slots: SlotSpec | null;
}

/**
 * Pairs each raw feature with a reference feature (`features` holds the `pairs` raw ones, then the
 * `pairs` references) while the signal moves, averaging them in bins of the reference value; the
 * step is complete when every pair has `binsNeeded` bins of at least `framesPerBin` frames.
 */
export interface SweepStep extends StepBase {
  readonly kind: 'sweep';
  readonly features: FeatureSet;
  readonly pairs: number;
  readonly binWidth: readonly number[];
  readonly framesPerBin: number;
  readonly binsNeeded: number;
}

export type StepDefinition = InstructionStep | WarmupStep | CaptureStep | SweepStep;

/** One captured point: a slot's averaged features and the inputs typed for its step. */
export interface CapturedPoint {
  readonly stepId: string;
  readonly slot: string;
  readonly inputs: Readonly<Record<string, number>>;
  readonly frames: number;
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** One bin of a sweep: the average reference and raw reading of a pair. */
export interface SweepBin {
  readonly reference: number;
  readonly raw: number;
  readonly frames: number;
}

/** Everything a run captured, by step. */
export interface Captures {
  readonly points: readonly CapturedPoint[];
  /** Per sweep step id, per pair, its full bins in reference order. */
  readonly sweeps: ReadonlyMap<string, readonly (readonly SweepBin[])[]>;
  /** Steps the operator skipped. */
  readonly skipped: ReadonlySet<string>;
}

/** A fit: the review, and what an accept would store. */
export interface FitResult {
  readonly report: FitReport;
  /** The transforms this calibration sets (others in the active version are carried over). */
  readonly transforms: readonly ChannelTransform[];
  readonly parameters: readonly CalibrationParameter[];
}

/** A procedure instantiated for one device and one set of options. */
export interface ProcedurePlan {
  readonly steps: readonly StepDefinition[];
  fit(captures: Captures): FitResult;
}

/** What a procedure may look at when it plans. */
export interface PlanContext {
  readonly profile: DeviceProfile;
  /** The device's active calibration, for drift checks and to keep existing gains. */
  readonly previous: CalibrationVersion | null;
}

/** A calibration procedure: which devices it serves, its defaults, and its plan for given options. */
export interface ProcedureDefinition<O> {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Families it serves; null for any device. */
  readonly families: readonly DeviceFamily[] | null;
  /**
   * Options pre-filled for a device; what the operator must supply first where the device alone
   * cannot fill them (a model's normalisation); or why the procedure does not apply to it.
   */
  defaults(profile: DeviceProfile): O | { readonly needs: string } | { readonly notApplicable: string };
  /** The steps and the fit, or why these options do not work on this device. */
  plan(options: O, context: PlanContext): ProcedurePlan | { readonly invalid: string };
}
