import { Prng } from './prng';
import { ornsteinUhlenbeck } from './randomProcesses';
import { choiceSetting, numberSetting, type SettingHandler } from './simulatorCommands';
import { SimulatorModelBase } from './SimulatorModelBase';

/** Sensors in each quality tier (seed 000: `sensor_dim=32`). */
export const AUGMENTER_SENSORS = 32;

/** How the actuator input moves: held where an operator sets it, or random steps for datasets. */
export type ActuatorMode = 'manual' | 'random';

/** Options of the augmenter model; every field has a default. */
export interface AugmenterOptions {
  readonly seed?: number;
  /** Standard deviation of the low-quality sensors' white noise, V. */
  readonly noiseSd?: number;
  /** Spread of the low-quality sensors' fixed offsets, V. */
  readonly biasSd?: number;
  /** Spread of the low-quality sensors' gain errors (gain = 1 + N(0, sd)). */
  readonly gainErrorSd?: number;
  /** ADC step of the low-quality sensors, V. */
  readonly quantStep?: number;
  readonly actuatorMode?: ActuatorMode;
}

/** Ground truth of one augmenter frame. */
export interface AugmenterTruth {
  /** The true values the high-quality sensors report (before injected faults). */
  readonly hq: Float32Array;
  /** The command a controller should issue now: cancel the disturbance and hold the plant at the setpoint. */
  readonly actuatorCommand: number;
  /** The actuator value actually applied this frame. */
  readonly actuatorApplied: number;
  /** The plant's output (the latent the actuator drives). */
  readonly plantOutput: number;
}

/** The low-quality sensors' fixed calibration errors drawn for this seed: lq ≈ gain·hq + bias. */
export interface LowQualityCalibration {
  readonly gain: Float64Array;
  readonly bias: Float64Array;
}

const OSCILLATORS = 3;
/** Latents: three oscillators, the disturbance, the plant output. */
const LATENTS = OSCILLATORS + 2;
const DISTURBANCE = OSCILLATORS;
const PLANT = OSCILLATORS + 1;
/** Sensors 0–7 mostly watch the plant, so the actuator's effect is plain to see. */
const PLANT_SENSORS = 8;
const PLANT_TAU_S = 0.5;
const PLANT_GAIN = 1.5;
/** Proportional gain of the ideal controller on the plant's error. */
const CONTROLLER_KP = 1;
const DISTURBANCE_TAU_S = 2;
const DISTURBANCE_SD = 0.5;
const AMPLITUDE_TAU_S = 5;
const SIGNAL_LIMIT_V = 10;

/**
 * Sensor augmenter (seed 000): 32 cheap sensors and 32 reference sensors watching the same
 * smooth latent process — three amplitude-modulated oscillations, a slow disturbance
 * (Ornstein–Uhlenbeck) and a first-order plant driven by an actuator input in [-1, 1]. Each
 * reference channel is a fixed mix of the latents; each cheap channel sees its reference through
 * a gain error, an offset, white noise and a coarse ADC. Frames are `lq_00…lq_31, hq_00…hq_31`.
 */
export class AugmenterSimulator extends SimulatorModelBase<AugmenterTruth> {
  readonly #mix: Float64Array;
  readonly #offset: Float64Array;
  readonly #calibration: LowQualityCalibration;
  readonly #frequencyHz: Float64Array;
  readonly #phase: Float64Array;
  readonly #amplitude: Float64Array;
  readonly #latent = new Float64Array(LATENTS);
  readonly #noiseSd: number;
  readonly #quantStep: number;
  readonly #process: Prng;
  readonly #noise: Prng;
  #actuatorMode: ActuatorMode;
  #actuator = 0;
  #actuatorHoldS = 0;
  #setpoint = 0;

  constructor(options: AugmenterOptions = {}) {
    const seed = options.seed ?? 1;
    super({
      family: 'augmenter',
      idTag: 'AUG',
      channelNames: [...sensorNames('lq'), ...sensorNames('hq')],
      nominalRateHz: 100,
      seed,
    });
    const rng = new Prng(seed);
    const structure = rng.fork('structure');
    this.#process = rng.fork('process');
    this.#noise = rng.fork('noise');
    this.#noiseSd = options.noiseSd ?? 0.2;
    this.#quantStep = options.quantStep ?? 0.05;
    this.#actuatorMode = options.actuatorMode ?? 'manual';

    this.#mix = new Float64Array(AUGMENTER_SENSORS * LATENTS);
    this.#offset = new Float64Array(AUGMENTER_SENSORS);
    const gain = new Float64Array(AUGMENTER_SENSORS);
    const bias = new Float64Array(AUGMENTER_SENSORS);
    for (let i = 0; i < AUGMENTER_SENSORS; i++) {
      for (let j = 0; j < LATENTS; j++) this.#mix[i * LATENTS + j] = structure.gaussian(0, 0.6);
      if (i < PLANT_SENSORS) this.#mix[i * LATENTS + PLANT] = 1.5 + structure.uniform(0, 0.5);
      this.#offset[i] = structure.uniform(-2, 2);
      gain[i] = 1 + structure.gaussian(0, options.gainErrorSd ?? 0.05);
      bias[i] = structure.gaussian(0, options.biasSd ?? 0.3);
    }
    this.#calibration = { gain, bias };
    this.#frequencyHz = Float64Array.from({ length: OSCILLATORS }, () => structure.uniform(0.05, 0.5));
    this.#phase = Float64Array.from({ length: OSCILLATORS }, () => structure.uniform(0, 2 * Math.PI));
    this.#amplitude = new Float64Array(OSCILLATORS).fill(1);
  }

  /** The cheap sensors' gain and offset errors, for tests and for judging a calibration. */
  get lowQualityCalibration(): LowQualityCalibration {
    return this.#calibration;
  }

  /** Sets the actuator input (clamped to [-1, 1], as the real actuator saturates). */
  setActuator(value: number): void {
    this.#actuator = Math.max(-1, Math.min(1, value));
  }

  protected override generate(timeS: number, dtS: number, out: Float32Array): AugmenterTruth {
    this.#advanceLatents(timeS, dtS);
    const latent = this.#latent;
    const hq = new Float32Array(AUGMENTER_SENSORS);
    const { gain, bias } = this.#calibration;
    const q = this.#quantStep;
    for (let i = 0; i < AUGMENTER_SENSORS; i++) {
      let v = this.#offset[i];
      for (let j = 0; j < LATENTS; j++) v += this.#mix[i * LATENTS + j] * latent[j];
      v = clamp(v, SIGNAL_LIMIT_V);
      hq[i] = v;
      const seen = gain[i] * v + bias[i] + this.#noise.gaussian(0, this.#noiseSd);
      out[i] = clamp(q > 0 ? Math.round(seen / q) * q : seen, SIGNAL_LIMIT_V);
      out[AUGMENTER_SENSORS + i] = v;
    }
    const y = latent[PLANT];
    // Feed-forward (the steady input that holds the setpoint against the disturbance) plus
    // proportional feedback on the plant's error.
    const error = this.#setpoint - y;
    const ideal = (this.#setpoint - latent[DISTURBANCE] + CONTROLLER_KP * error) / PLANT_GAIN;
    return { hq, actuatorCommand: clamp(ideal, 1), actuatorApplied: this.#actuator, plantOutput: y };
  }

  #advanceLatents(timeS: number, dtS: number): void {
    const rng = this.#process;
    const latent = this.#latent;
    for (let k = 0; k < OSCILLATORS; k++) {
      this.#amplitude[k] = ornsteinUhlenbeck(this.#amplitude[k], 1, 0.3, AMPLITUDE_TAU_S, dtS, rng);
      latent[k] = this.#amplitude[k] * Math.sin(2 * Math.PI * this.#frequencyHz[k] * timeS + this.#phase[k]);
    }
    latent[DISTURBANCE] = ornsteinUhlenbeck(latent[DISTURBANCE], 0, DISTURBANCE_SD, DISTURBANCE_TAU_S, dtS, rng);
    if (this.#actuatorMode === 'random') {
      this.#actuatorHoldS -= dtS;
      if (this.#actuatorHoldS <= 0) {
        this.setActuator(rng.uniform(-1, 1));
        this.#actuatorHoldS = rng.uniform(0.5, 3);
      }
    }
    // Exact discretisation of τ·dy/dt = −y + G·u + d over one step.
    const decay = Math.exp(-dtS / PLANT_TAU_S);
    latent[PLANT] = latent[PLANT] * decay + (1 - decay) * (PLANT_GAIN * this.#actuator + latent[DISTURBANCE]);
  }

  protected override settings(): Readonly<Record<string, SettingHandler>> {
    return {
      actuator: numberSetting(-1, 1, (v) => this.setActuator(v)),
      setpoint: numberSetting(-3, 3, (v) => {
        this.#setpoint = v;
      }),
      actuatorMode: choiceSetting<ActuatorMode>(['manual', 'random'], (v) => {
        this.#actuatorMode = v;
      }),
    };
  }
}

function sensorNames(prefix: string): string[] {
  return Array.from({ length: AUGMENTER_SENSORS }, (_, i) => `${prefix}_${String(i).padStart(2, '0')}`);
}

function clamp(v: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, v));
}

