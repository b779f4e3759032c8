import { findOdorant, ODORANTS, type OdorantExposure, perceivedIntensity, scentNoteLabels } from './odorants';
import { Prng } from './prng';
import { ornsteinUhlenbeck } from './randomProcesses';
import { choiceSetting, numberSetting, type SettingHandler } from './simulatorCommands';
import { SimulatorModelBase } from './SimulatorModelBase';

/** MOS gas sensors in the array. */
export const ENOSE_SENSORS = 8;

/** `manual` presents what was set; `cycle` alternates clean air and random odorants (datasets). */
export type OdorantSchedule = 'manual' | 'cycle';

/** Options of the e-nose model; every field has a default. */
export interface EnoseOptions {
  readonly seed?: number;
  /**
   * Compresses heater warm-up and baseline drift: 60 makes the ~8-minute settling take ~8 s,
   * for tests and demos that cannot wait. 1 is real time.
   */
  readonly timeScale?: number;
  readonly schedule?: OdorantSchedule;
  /** Ambient set points, °C and %RH. */
  readonly temperatureC?: number;
  readonly humidityPct?: number;
}

/** Ground truth of one e-nose reading. */
export interface EnoseTruth {
  /** Odorants in the sample air now (the sensors lag behind by their response time). */
  readonly exposures: readonly OdorantExposure[];
  /** Multi-hot scent-note labels, in `SCENT_NOTES` order. */
  readonly notes: Uint8Array;
  /** Perceived intensity, 0–10. */
  readonly intensity: number;
  /** The heaters have settled: every sensor is within 0.5 % of its baseline. */
  readonly warmedUp: boolean;
  /** Each sensor's clean-air resistance now (drift and ambient included, warm-up excluded), kΩ. */
  readonly baselineKOhm: Float32Array;
}

/** Nominal clean-air resistance of mos_1…mos_8 at 20 °C / 50 %RH, kΩ. */
const NOMINAL_R0_KOHM = [40, 20, 30, 15, 10, 12, 25, 50];
/** Heater warm-up: resistance starts several times its baseline and settles with this time constant. */
const WARMUP_TAU_S = 60;
/** Warm-up is over when no sensor is more than this fraction above its baseline. */
const WARMED_UP_EXCESS = 0.005;
/** Power-law exponent of the MOS response, Rs/R0 = (1 + k·C)^−β. */
const RESPONSE_BETA = 0.5;
/** Adsorption is faster than desorption: sensors respond in ~15 s and recover in ~45 s. */
const RISE_TAU_S = 15;
const FALL_TAU_S = 45;
/** Baseline drift: a steady trend (log units per hour) and a slow wander. */
const DRIFT_TREND_SD_PER_H = 0.02;
const DRIFT_WANDER_SD = 0.01;
const DRIFT_WANDER_TAU_S = 600;
const READ_NOISE = 0.003;
const AMBIENT_TAU_S = 300;

/**
 * Electronic nose (seed 004): eight metal-oxide gas sensors read as resistance (kΩ), with a
 * temperature and humidity sensor, once a second. Each sensor settles from a high resistance
 * after power-on, drifts slowly, falls with temperature and humidity, and falls with odorant
 * concentration as a power law with its own selectivity, following exposure with a faster
 * response than recovery.
 */
export class EnoseSimulator extends SimulatorModelBase<EnoseTruth> {
  readonly #env: Prng;
  readonly #noise: Prng;
  readonly #schedule: Prng;
  readonly #r0: Float64Array;
  readonly #warmupExcess: Float64Array;
  readonly #driftTrendPerS: Float64Array;
  readonly #driftWander = new Float64Array(ENOSE_SENSORS);
  readonly #tempCoeff: Float64Array;
  readonly #humidityCoeff: Float64Array;
  /** Log of each sensor's gas response Rs/R0, following its target with the sensor's dynamics. */
  readonly #logResponse = new Float64Array(ENOSE_SENSORS);
  readonly #timeScale: number;
  #scheduleMode: OdorantSchedule;
  #phaseEndS = 0;
  #exposures: OdorantExposure[] = [];
  #pendingOdorant: string;
  #setTemperatureC: number;
  #setHumidityPct: number;
  #temperatureC: number;
  #humidityPct: number;

  constructor(options: EnoseOptions = {}) {
    const seed = options.seed ?? 1;
    super({
      family: 'enose',
      idTag: 'ENOSE',
      channelNames: [...Array.from({ length: ENOSE_SENSORS }, (_, i) => `mos_${i + 1}`), 'temperature', 'humidity'],
      nominalRateHz: 1,
      seed,
    });
    const rng = new Prng(seed);
    const unit = rng.fork('unit');
    this.#env = rng.fork('environment');
    this.#noise = rng.fork('noise');
    this.#schedule = rng.fork('schedule');
    // Every sensor unit differs from the datasheet's nominal values.
    this.#r0 = Float64Array.from(NOMINAL_R0_KOHM, (r) => r * Math.exp(unit.gaussian(0, 0.2)));
    this.#warmupExcess = Float64Array.from({ length: ENOSE_SENSORS }, () => unit.uniform(4, 8));
    this.#driftTrendPerS = Float64Array.from({ length: ENOSE_SENSORS }, () => unit.gaussian(0, DRIFT_TREND_SD_PER_H) / 3600);
    this.#tempCoeff = Float64Array.from({ length: ENOSE_SENSORS }, () => unit.uniform(0.01, 0.02));
    this.#humidityCoeff = Float64Array.from({ length: ENOSE_SENSORS }, () => unit.uniform(0.004, 0.008));
    this.#timeScale = options.timeScale ?? 1;
    this.#scheduleMode = options.schedule ?? 'manual';
    this.#pendingOdorant = ODORANTS[0].name;
    this.#setTemperatureC = this.#temperatureC = options.temperatureC ?? 22;
    this.#setHumidityPct = this.#humidityPct = options.humidityPct ?? 45;
  }

  /** Presents `odorant` at `ppm` (alone); ppm 0 is clean air. */
  present(odorant: string, ppm: number): void {
    if (findOdorant(odorant) === undefined) throw new RangeError(`unknown odorant "${odorant}"`);
    this.#exposures = ppm > 0 ? [{ odorant, ppm }] : [];
  }

  /** Sets the ambient temperature (°C) and humidity (%RH) the room moves towards. */
  setAmbient(temperatureC: number, humidityPct: number): void {
    this.#setTemperatureC = temperatureC;
    this.#setHumidityPct = humidityPct;
  }

  protected override generate(timeS: number, dtS: number, out: Float32Array): EnoseTruth {
    if (this.#scheduleMode === 'cycle' && timeS >= this.#phaseEndS) this.#nextCyclePhase(timeS);
    const scaledS = timeS * this.#timeScale;
    const scaledDtS = dtS * this.#timeScale;
    this.#temperatureC = ornsteinUhlenbeck(this.#temperatureC, this.#setTemperatureC, 0.3, AMBIENT_TAU_S, dtS, this.#env);
    this.#humidityPct = ornsteinUhlenbeck(this.#humidityPct, this.#setHumidityPct, 2, AMBIENT_TAU_S, dtS, this.#env);
    const baselineKOhm = new Float32Array(ENOSE_SENSORS);
    const warmup = Math.exp(-scaledS / WARMUP_TAU_S);

    for (let i = 0; i < ENOSE_SENSORS; i++) {
      this.#driftWander[i] = ornsteinUhlenbeck(this.#driftWander[i], 0, DRIFT_WANDER_SD, DRIFT_WANDER_TAU_S, scaledDtS, this.#env);
      const logAmbient = -this.#tempCoeff[i] * (this.#temperatureC - 20) - this.#humidityCoeff[i] * (this.#humidityPct - 50);
      const logDrift = this.#driftTrendPerS[i] * scaledS + this.#driftWander[i];
      baselineKOhm[i] = this.#r0[i] * Math.exp(logAmbient + logDrift);

      let load = 0;
      for (const e of this.#exposures) load += (findOdorant(e.odorant)?.sensitivity[i] ?? 0) * e.ppm;
      const target = -RESPONSE_BETA * Math.log1p(load);
      const tau = target < this.#logResponse[i] ? RISE_TAU_S : FALL_TAU_S;
      this.#logResponse[i] += (target - this.#logResponse[i]) * (1 - Math.exp(-dtS / tau));

      const r = baselineKOhm[i] * (1 + this.#warmupExcess[i] * warmup) * Math.exp(this.#logResponse[i]);
      out[i] = r * (1 + this.#noise.gaussian(0, READ_NOISE));
    }
    out[ENOSE_SENSORS] = this.#temperatureC + this.#noise.gaussian(0, 0.1);
    out[ENOSE_SENSORS + 1] = Math.max(0, Math.min(100, this.#humidityPct + this.#noise.gaussian(0, 0.5)));

    const exposures = this.#exposures;
    return {
      exposures,
      notes: scentNoteLabels(exposures),
      intensity: perceivedIntensity(exposures),
      warmedUp: this.#warmupExcess.every((excess) => excess * warmup < WARMED_UP_EXCESS),
      baselineKOhm,
    };
  }

  /** Clean air and exposures alternate, 30–90 s each; a quarter of exposures mix two odorants. */
  #nextCyclePhase(timeS: number): void {
    const rng = this.#schedule;
    const wasClean = this.#exposures.length === 0;
    this.#exposures = [];
    if (wasClean) {
      const count = rng.next() < 0.25 ? 2 : 1;
      while (this.#exposures.length < count) {
        const odorant = ODORANTS[rng.int(ODORANTS.length)].name;
        // Log-uniform 2–100 ppm, so faint and strong samples are equally common.
        const ppm = Math.exp(rng.uniform(Math.log(2), Math.log(100)));
        if (!this.#exposures.some((e) => e.odorant === odorant)) this.#exposures.push({ odorant, ppm });
      }
    }
    this.#phaseEndS = timeS + rng.uniform(30, 90);
  }

  protected override settings(): Readonly<Record<string, SettingHandler>> {
    return {
      odorant: choiceSetting(
        ODORANTS.map((o) => o.name),
        (name) => {
          this.#pendingOdorant = name;
        },
      ),
      ppm: numberSetting(0, 1000, (ppm) => {
        this.#scheduleMode = 'manual';
        this.present(this.#pendingOdorant, ppm);
      }),
      schedule: choiceSetting<OdorantSchedule>(['manual', 'cycle'], (v) => {
        this.#scheduleMode = v;
        this.#phaseEndS = this.timeS;
      }),
      temperature: numberSetting(-10, 60, (v) => this.setAmbient(v, this.#setHumidityPct)),
      humidity: numberSetting(0, 100, (v) => this.setAmbient(this.#setTemperatureC, v)),
    };
  }
}
