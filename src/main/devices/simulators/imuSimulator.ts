import { type Attitude, type CalibrationPose, CALIBRATION_POSES, poseAttitude, rotationMatrix, worldToBody } from './orientation';
import { Prng } from './prng';
import { ornsteinUhlenbeck } from './randomProcesses';
import { choiceSetting, numberSetting, type SettingHandler } from './simulatorCommands';
import { SimulatorModelBase } from './SimulatorModelBase';

/** Standard gravity, m/s². */
export const STANDARD_GRAVITY = 9.80665;

/**
 * What the wearer does. `still` is the device lying on a bench (calibration); the step
 * detector's classes are standing, walking and running.
 */
export type ImuActivity = 'still' | 'standing' | 'walking' | 'running';
/** Activity labels in dataset order (the `activity` array holds indices into this list). */
export const IMU_ACTIVITIES: readonly ImuActivity[] = ['still', 'standing', 'walking', 'running'];

/** `fixed` keeps the set activity; `mixed` switches among standing/walking/running every 5–20 s (datasets). */
export type ActivitySchedule = 'fixed' | 'mixed';

type Axes = readonly [number, number, number];

/** Options of the IMU model; every field has a default. */
export interface ImuOptions {
  readonly seed?: number;
  readonly activity?: ImuActivity;
  readonly schedule?: ActivitySchedule;
  readonly attitude?: Attitude;
  /** Accelerometer calibration errors: measured = scale ⊙ true + offset (m/s²). */
  readonly accelOffset?: Axes;
  readonly accelScale?: Axes;
  /** Gyroscope bias, rad/s. */
  readonly gyroBias?: Axes;
  readonly accelNoiseSd?: number;
  readonly gyroNoiseSd?: number;
}

/** Ground truth of one IMU sample. */
export interface ImuTruth {
  readonly activity: ImuActivity;
  /** A heel strike happened in this sample's period (t − 1/rate, t]. */
  readonly stepEvent: boolean;
  /** Heel strikes so far. */
  readonly stepCount: number;
  /** What an ideal accelerometer and gyroscope would read (before calibration errors, noise, clipping). */
  readonly accelTrue: Float32Array;
  readonly gyroTrue: Float32Array;
}

/** Gait of one activity: cadence band (steps/s) and amplitudes in the world frame. */
interface Gait {
  readonly cadenceHz: readonly [number, number];
  /** Body bounce at the step frequency, m/s². */
  readonly bounce: number;
  /** Heel-strike impact peak, m/s², and its decay time, s. */
  readonly impact: number;
  readonly impactTauS: number;
  readonly forward: number;
  /** Side-to-side sway at the stride (half step) frequency, m/s². */
  readonly lateral: number;
  /** Pitch, roll and yaw rate amplitudes, rad/s. */
  readonly pitchRate: number;
  readonly rollRate: number;
  readonly yawRate: number;
}

const GAITS: Readonly<Record<'walking' | 'running', Gait>> = {
  walking: { cadenceHz: [1.8, 2.0], bounce: 2, impact: 4, impactTauS: 0.03, forward: 1.5, lateral: 0.8, pitchRate: 0.6, rollRate: 0.3, yawRate: 0.4 },
  running: { cadenceHz: [2.6, 3.0], bounce: 7, impact: 15, impactTauS: 0.025, forward: 3, lateral: 1.5, pitchRate: 2, rollRate: 0.8, yawRate: 1 },
};
/** Step-to-step timing variability (coefficient of variation). */
const STEP_JITTER = 0.02;
/** A standing person sways: slow, small accelerations and rotations. */
const SWAY_ACCEL_SD = 0.05;
const SWAY_GYRO_SD = 0.02;
const SWAY_TAU_S = 1;
const ACCEL_LIMIT = 50;
const GYRO_LIMIT = 10;

/**
 * A 6-axis IMU (seed 002) worn at the waist: accelerometer (specific force, so gravity is
 * included and follows the set attitude) and gyroscope at 100 Hz. Walking and running are
 * periodic gaits at a cadence drawn from the activity's band, each heel strike an impact
 * impulse on top of the body's bounce, with sway at the stride frequency; standing sways a little.
 * The sensor adds scale and offset errors, gyro bias, white noise and saturates at ±50 m/s², ±10 rad/s.
 */
export class ImuSimulator extends SimulatorModelBase<ImuTruth> {
  readonly #motion: Prng;
  readonly #noise: Prng;
  readonly #accelOffset: Float64Array;
  readonly #accelScale: Float64Array;
  readonly #gyroBias: Float64Array;
  readonly #accelNoiseSd: number;
  readonly #gyroNoiseSd: number;
  readonly #sway = new Float64Array(6);
  readonly #worldAccel = new Float64Array(3);
  readonly #worldGyro = new Float64Array(3);
  readonly #bodyAccel = new Float64Array(3);
  readonly #bodyGyro = new Float64Array(3);
  #rotation: Float64Array;
  #activity: ImuActivity;
  #schedule: ActivitySchedule;
  #boutEndS = 0;
  #cadenceHz = 0;
  #lastStrikeS = Number.NEGATIVE_INFINITY;
  #nextStrikeS = Number.POSITIVE_INFINITY;
  #leftFoot = false;
  #stepCount = 0;

  constructor(options: ImuOptions = {}) {
    const seed = options.seed ?? 1;
    super({
      family: 'imu',
      idTag: 'IMU',
      channelNames: ['accel_x', 'accel_y', 'accel_z', 'gyro_x', 'gyro_y', 'gyro_z'],
      nominalRateHz: 100,
      seed,
    });
    const rng = new Prng(seed);
    this.#motion = rng.fork('motion');
    this.#noise = rng.fork('noise');
    this.#accelOffset = Float64Array.from(options.accelOffset ?? [0, 0, 0]);
    this.#accelScale = Float64Array.from(options.accelScale ?? [1, 1, 1]);
    this.#gyroBias = Float64Array.from(options.gyroBias ?? [0, 0, 0]);
    this.#accelNoiseSd = options.accelNoiseSd ?? 0.03;
    this.#gyroNoiseSd = options.gyroNoiseSd ?? 0.003;
    this.#rotation = rotationMatrix(options.attitude ?? poseAttitude('+z'));
    this.#schedule = options.schedule ?? 'fixed';
    this.#activity = options.activity ?? 'standing';
    this.setActivity(this.#activity, 0);
  }

  /** Changes activity at simulated time `nowS`; a gait's first step comes a moment after. */
  setActivity(activity: ImuActivity, nowS = this.timeS): void {
    this.#activity = activity;
    if (activity === 'walking' || activity === 'running') {
      const [low, high] = GAITS[activity].cadenceHz;
      this.#cadenceHz = this.#motion.uniform(low, high);
      if (!Number.isFinite(this.#nextStrikeS)) this.#nextStrikeS = nowS + 0.3;
    } else {
      this.#nextStrikeS = Number.POSITIVE_INFINITY;
      this.#lastStrikeS = Number.NEGATIVE_INFINITY;
    }
  }

  setAttitude(attitude: Attitude): void {
    this.#rotation = rotationMatrix(attitude);
  }

  protected override generate(timeS: number, dtS: number, out: Float32Array): ImuTruth {
    if (this.#schedule === 'mixed' && timeS >= this.#boutEndS) {
      this.setActivity((['standing', 'walking', 'running'] as const)[this.#motion.int(3)], timeS);
      this.#boutEndS = timeS + this.#motion.uniform(5, 20);
    }
    let stepEvent = false;
    if (timeS >= this.#nextStrikeS) {
      stepEvent = true;
      this.#stepCount++;
      this.#leftFoot = !this.#leftFoot;
      this.#lastStrikeS = this.#nextStrikeS;
      this.#nextStrikeS += (1 / this.#cadenceHz) * (1 + this.#motion.gaussian(0, STEP_JITTER));
    }
    this.#worldMotion(timeS, dtS);

    const g = [this.#worldAccel[0], this.#worldAccel[1], this.#worldAccel[2] + STANDARD_GRAVITY];
    worldToBody(this.#rotation, g, this.#bodyAccel);
    worldToBody(this.#rotation, this.#worldGyro, this.#bodyGyro);
    for (let i = 0; i < 3; i++) {
      const accel = this.#accelScale[i] * this.#bodyAccel[i] + this.#accelOffset[i] + this.#noise.gaussian(0, this.#accelNoiseSd);
      const gyro = this.#bodyGyro[i] + this.#gyroBias[i] + this.#noise.gaussian(0, this.#gyroNoiseSd);
      out[i] = Math.max(-ACCEL_LIMIT, Math.min(ACCEL_LIMIT, accel));
      out[3 + i] = Math.max(-GYRO_LIMIT, Math.min(GYRO_LIMIT, gyro));
    }
    return {
      activity: this.#activity,
      stepEvent,
      stepCount: this.#stepCount,
      accelTrue: Float32Array.from(this.#bodyAccel),
      gyroTrue: Float32Array.from(this.#bodyGyro),
    };
  }

  /** Fills the world-frame (x forward, y left, z up) motion acceleration and angular rate. */
  #worldMotion(timeS: number, dtS: number): void {
    const a = this.#worldAccel;
    const w = this.#worldGyro;
    a.fill(0);
    w.fill(0);
    switch (this.#activity) {
      case 'still':
        return;
      case 'standing':
        for (let i = 0; i < 6; i++) {
          this.#sway[i] = ornsteinUhlenbeck(this.#sway[i], 0, i < 3 ? SWAY_ACCEL_SD : SWAY_GYRO_SD, SWAY_TAU_S, dtS, this.#motion);
        }
        a.set(this.#sway.subarray(0, 3));
        w.set(this.#sway.subarray(3));
        return;
      case 'walking':
      case 'running': {
        const gait = GAITS[this.#activity];
        const sinceStrikeS = timeS - this.#lastStrikeS;
        if (!Number.isFinite(sinceStrikeS)) return; // not yet stepped off
        const phase = 2 * Math.PI * sinceStrikeS * this.#cadenceHz;
        // Stride-frequency terms change sign with the foot, so they repeat every two steps.
        const side = this.#leftFoot ? 1 : -1;
        const stride = side * Math.sin(phase / 2);
        a[0] = gait.forward * Math.sin(phase);
        a[1] = gait.lateral * stride;
        a[2] = gait.bounce * Math.cos(phase) + gait.impact * Math.exp(-sinceStrikeS / gait.impactTauS);
        w[0] = gait.rollRate * stride;
        w[1] = gait.pitchRate * Math.sin(phase);
        w[2] = gait.yawRate * stride;
        return;
      }
    }
  }

  protected override settings(): Readonly<Record<string, SettingHandler>> {
    const perAxis = (prefix: string, target: Float64Array, min: number, max: number): [string, SettingHandler][] =>
      ['x', 'y', 'z'].map((axis, i) => [
        `${prefix}_${axis}`,
        numberSetting(min, max, (v) => {
          target[i] = v;
        }),
      ]);
    return {
      activity: choiceSetting<ImuActivity>(IMU_ACTIVITIES, (v) => {
        this.#schedule = 'fixed';
        this.setActivity(v);
      }),
      schedule: choiceSetting<ActivitySchedule>(['fixed', 'mixed'], (v) => {
        this.#schedule = v;
        this.#boutEndS = this.timeS;
      }),
      pose: choiceSetting<CalibrationPose>(CALIBRATION_POSES, (pose) => this.setAttitude(poseAttitude(pose))),
      ...Object.fromEntries([
        ...perAxis('accel_offset', this.#accelOffset, -5, 5),
        ...perAxis('accel_scale', this.#accelScale, 0.5, 1.5),
        ...perAxis('gyro_bias', this.#gyroBias, -1, 1),
      ]),
    };
  }
}
