import { Prng } from './prng';
import { choiceSetting, numberSetting, type SettingHandler } from './simulatorCommands';
import { SimulatorModelBase } from './SimulatorModelBase';

/** Receivers in the `square_4sensor` array (seed 001). */
export const ECHOLOC_RECEIVERS = 4;
/** Envelope samples per receiver per ping. */
export const ECHOLOC_SAMPLES = 256;
/** Envelope sample rate: 256 samples span 12.8 ms, a round trip of about 2.2 m. */
export const ECHOLOC_SAMPLE_RATE_HZ = 20_000;
/** Side of the receiver square, m. */
export const ECHOLOC_SIDE_M = 0.1;
export const SPEED_OF_SOUND_M_S = 343;

/** How the target moves between pings. */
export type TargetMotion = 'static' | 'random' | 'wander';

/** Options of the echo-location model; every field has a default. */
export interface EcholocOptions {
  readonly seed?: number;
  /** Initial target position, m (x right, y forward of the array). */
  readonly x?: number;
  readonly y?: number;
  readonly motion?: TargetMotion;
  /** Envelope noise, V. */
  readonly noiseSd?: number;
  /** Per-receiver timing errors, s (a calibration fault: the model sees echoes late or early). */
  readonly delayOffsetS?: readonly number[];
}

/** Ground truth of one ping. */
export interface EcholocTruth {
  readonly x: number;
  readonly y: number;
  /** Geometric time of flight transmitter → target → receiver i, s (without injected delay offsets). */
  readonly tofS: Float64Array;
}

/** Receiver positions (x, y), m, counter-clockwise from front-left; the transmitter is at the centre. */
export const ECHOLOC_RECEIVER_POSITIONS: readonly (readonly [number, number])[] = [
  [-ECHOLOC_SIDE_M / 2, ECHOLOC_SIDE_M / 2],
  [-ECHOLOC_SIDE_M / 2, -ECHOLOC_SIDE_M / 2],
  [ECHOLOC_SIDE_M / 2, -ECHOLOC_SIDE_M / 2],
  [ECHOLOC_SIDE_M / 2, ECHOLOC_SIDE_M / 2],
];

/** Where random and wandering targets stay: within the window's range and the beam. */
const MIN_RANGE_M = 0.25;
const MAX_RANGE_M = 2;
const MAX_BEARING_RAD = Math.PI / 3;
const WANDER_SPEED_M_S = 0.3;
/** Echo strength × target reflectivity, V·m²: a 0.5 m target gives about 0.3 V. */
const ECHO_STRENGTH = 0.1;
/** Air absorption at 40 kHz, about 1.3 dB/m, in nepers per metre. */
const ABSORPTION_NP_M = 0.15;
/** The 8-cycle 40 kHz burst after the transducer's ring-up/down: a Gaussian envelope of this width. */
const ECHO_SIGMA_S = 100e-6;
/** Transmitter-to-receiver crosstalk straight through the board: strong, early and wide. */
const CROSSTALK_V = 1.5;
const CROSSTALK_SIGMA_S = 200e-6;
const BASELINE_V = 0.05;
const ADC_FULL_SCALE_V = 5;

/**
 * EchoLoc ultrasonic array (seed 001, `square_4sensor`): a 40 kHz transmitter at the centre of a
 * 0.1 m square of four receivers, in one plane with a point target at (x, y). Each ping yields
 * each receiver's echo envelope, 256 samples at 20 kHz from the moment of transmission: a pulse
 * whose peak lies at the time of flight (transmitter → target → receiver at 343 m/s), attenuated
 * by spreading (1/r₁r₂) and air absorption, after the early crosstalk of the transmit burst,
 * with noise and the ADC's 0–5 V range. About 10 pings a second.
 */
export class EcholocSimulator extends SimulatorModelBase<EcholocTruth> {
  readonly #noise: Prng;
  readonly #motion: Prng;
  readonly #noiseSd: number;
  readonly #delayOffsetS: Float64Array;
  #x: number;
  #y: number;
  #motionMode: TargetMotion;
  #heading = 0;

  constructor(options: EcholocOptions = {}) {
    const seed = options.seed ?? 1;
    super({
      family: 'echoloc',
      idTag: 'ECHO',
      channelNames: Array.from({ length: ECHOLOC_RECEIVERS }, (_, i) => `rx${i}`),
      nominalRateHz: 10,
      seed,
      valueChannel: Int32Array.from({ length: ECHOLOC_RECEIVERS * ECHOLOC_SAMPLES }, (_, i) => Math.floor(i / ECHOLOC_SAMPLES)),
    });
    const rng = new Prng(seed);
    this.#noise = rng.fork('noise');
    this.#motion = rng.fork('motion');
    this.#noiseSd = options.noiseSd ?? 0.003;
    this.#delayOffsetS = Float64Array.from({ length: ECHOLOC_RECEIVERS }, (_, i) => options.delayOffsetS?.[i] ?? 0);
    this.#x = options.x ?? 0;
    this.#y = options.y ?? 1;
    this.#motionMode = options.motion ?? 'static';
  }

  /** Places the target, m. */
  setTarget(x: number, y: number): void {
    this.#x = x;
    this.#y = y;
  }

  /** Sets receiver `receiver`'s timing error, s. */
  setDelayOffset(receiver: number, seconds: number): void {
    this.#delayOffsetS[receiver] = seconds;
  }

  protected override generate(_timeS: number, dtS: number, out: Float32Array): EcholocTruth {
    this.#moveTarget(dtS);
    const tofS = new Float64Array(ECHOLOC_RECEIVERS);
    const outbound = Math.hypot(this.#x, this.#y);
    for (let r = 0; r < ECHOLOC_RECEIVERS; r++) {
      const [rx, ry] = ECHOLOC_RECEIVER_POSITIONS[r];
      const inbound = Math.hypot(this.#x - rx, this.#y - ry);
      tofS[r] = (outbound + inbound) / SPEED_OF_SOUND_M_S;
      const echoV = (ECHO_STRENGTH / (outbound * inbound)) * Math.exp(-ABSORPTION_NP_M * (outbound + inbound));
      const arrivalS = tofS[r] + this.#delayOffsetS[r];
      const crosstalkS = Math.hypot(rx, ry) / SPEED_OF_SOUND_M_S + this.#delayOffsetS[r];
      for (let n = 0; n < ECHOLOC_SAMPLES; n++) {
        const t = n / ECHOLOC_SAMPLE_RATE_HZ;
        const v =
          BASELINE_V +
          gaussianPulse(t - crosstalkS, CROSSTALK_V, CROSSTALK_SIGMA_S) +
          gaussianPulse(t - arrivalS, echoV, ECHO_SIGMA_S) +
          this.#noise.gaussian(0, this.#noiseSd);
        out[r * ECHOLOC_SAMPLES + n] = Math.max(0, Math.min(ADC_FULL_SCALE_V, v));
      }
    }
    return { x: this.#x, y: this.#y, tofS };
  }

  #moveTarget(dtS: number): void {
    const rng = this.#motion;
    switch (this.#motionMode) {
      case 'static':
        return;
      case 'random': {
        // Uniform over the area of the sector, so far positions are as common as near ones per m².
        const range = Math.sqrt(rng.uniform(MIN_RANGE_M ** 2, MAX_RANGE_M ** 2));
        const bearing = rng.uniform(-MAX_BEARING_RAD, MAX_BEARING_RAD);
        this.setTarget(range * Math.sin(bearing), range * Math.cos(bearing));
        return;
      }
      case 'wander': {
        this.#heading += rng.gaussian(0, 0.5);
        const x = this.#x + WANDER_SPEED_M_S * dtS * Math.sin(this.#heading);
        const y = this.#y + WANDER_SPEED_M_S * dtS * Math.cos(this.#heading);
        if (insideSector(x, y)) this.setTarget(x, y);
        else this.#heading += Math.PI; // turn back at the edge of the beam or the range
        return;
      }
    }
  }

  protected override settings(): Readonly<Record<string, SettingHandler>> {
    const delays = Object.fromEntries(
      Array.from({ length: ECHOLOC_RECEIVERS }, (_, r) => [
        `delay${r}_us`,
        numberSetting(-1000, 1000, (us) => this.setDelayOffset(r, us * 1e-6)),
      ]),
    );
    return {
      x: numberSetting(-MAX_RANGE_M, MAX_RANGE_M, (v) => this.setTarget(v, this.#y)),
      y: numberSetting(MIN_RANGE_M, MAX_RANGE_M, (v) => this.setTarget(this.#x, v)),
      motion: choiceSetting<TargetMotion>(['static', 'random', 'wander'], (v) => {
        this.#motionMode = v;
      }),
      ...delays,
    };
  }
}

function gaussianPulse(dt: number, amplitude: number, sigma: number): number {
  return amplitude * Math.exp((-0.5 * dt * dt) / (sigma * sigma));
}

function insideSector(x: number, y: number): boolean {
  const range = Math.hypot(x, y);
  return range >= MIN_RANGE_M && range <= MAX_RANGE_M && Math.abs(Math.atan2(x, y)) <= MAX_BEARING_RAD;
}
