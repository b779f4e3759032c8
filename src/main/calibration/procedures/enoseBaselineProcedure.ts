import type { CalibrationCheck, CalibrationParameter, ChannelFit } from '../../../shared/domain/calibration';
import type { ProcedureOptions } from '../../../shared/domain/calibrationWizard';
import type { DeviceChannel } from '../../../shared/domain/deviceProfile';
import type { ProcedureDefinition, SlotSpec, StepDefinition } from '../engine/procedureTypes';
import { buildChannelFit, buildFitResult, impossibleFit, limitCheck } from '../fitting/fitReport';
import { channelFeatures, framesIn, groupChannels, resolveChannels } from './channelFeatures';

type EnoseOptions = Extract<ProcedureOptions, { procedure: 'enose-baseline' }>;

const NAME = 'E-nose baseline (R0)';
/** The parameter that holds a gas sensor's clean-air resistance. */
export const R0_PARAMETER = 'r0';
/**
 * Settled: drifting less than 1 %/min (relative slope per second), judged over 3 minutes — a
 * MOS baseline wanders by about 1 % over minutes, so a shorter window mistakes wander for warm-up.
 */
const SETTLED_PER_S = 0.01 / 60;
const SETTLE_WINDOW_S = 180;
/** While capturing, the baseline may wander up to 3 %/min over a minute; warm-up is already over. */
const CAPTURE_DRIFT_PER_S = 0.03 / 60;

/**
 * Gas-sensor baseline calibration: wait for the heaters to settle (at least the datasheet's
 * warm-up, then until readings stop drifting, with a countdown estimated from the data), capture
 * each MOS sensor's clean-air resistance R0, optionally check the response to a reference gas,
 * and compare R0 with the previous calibration's to flag drifting sensors.
 */
export const enoseBaselineProcedure: ProcedureDefinition<EnoseOptions> = {
  id: 'enose-baseline',
  name: NAME,
  description: 'Warm-up, clean-air baseline R0 of every gas sensor, optional reference-gas response check and drift against the previous baseline.',
  families: ['enose'],
  defaults(profile) {
    if (groupChannels(profile, 'mos').length === 0) return { notApplicable: `${profile.displayName} has no gas sensor channels (group "mos").` };
    return { procedure: 'enose-baseline', minWarmupS: 0, driftLimit: 0.1 };
  },
  plan(options, { profile, previous }) {
    const resolved = resolveChannels(profile, groupChannels(profile, 'mos'));
    if ('invalid' in resolved) return resolved;
    const { channels, indices } = resolved;
    const gas = options.referenceGas;
    const gasSensors = gas?.sensors.map((s) => channels.findIndex((c) => c.name === s)) ?? [];
    if (gasSensors.some((i) => i < 0)) return { invalid: `The reference-gas check names sensors that are not gas sensors: ${gas?.sensors.join(', ')}.` };
    const features = channelFeatures(channels, indices);
    const rate = profile.nominalRateHz;
    const ones = channels.map(() => 1);
    const steps: StepDefinition[] = [
      {
        kind: 'instruction',
        id: 'prepare',
        title: 'Clean air',
        instructions: 'Place the e-nose in clean air, away from odour sources, solvents and breath, and power it on. Confirm when it is in place.',
        illustration: 'enose-clean-air',
      },
      {
        kind: 'warmup',
        id: 'warmup',
        title: 'Warm-up',
        instructions: 'The heaters bring each sensor to its working temperature; readings fall towards their baseline. Leave the device alone until they settle.',
        illustration: null,
        features,
        minWarmupS: options.minWarmupS,
        windowS: SETTLE_WINDOW_S,
        maxRelSlopePerS: SETTLED_PER_S,
        holdS: 30,
      },
      {
        kind: 'capture',
        id: 'baseline',
        title: 'Clean-air baseline',
        instructions: 'Keep the e-nose in clean air while each sensor’s baseline resistance R0 is captured.',
        illustration: 'enose-clean-air',
        optional: false,
        features,
        stability: { windowS: 60, maxStd: ones.map(() => 0.01), maxSlopePerS: ones.map(() => CAPTURE_DRIFT_PER_S), relative: true },
        framesNeeded: framesIn(60, rate, 30),
        inputs: [],
        slots: null,
      },
    ];
    if (gas) {
      steps.push(
        {
          kind: 'instruction',
          id: 'gas-prepare',
          title: 'Reference gas',
          instructions: `Present the reference gas (${gas.label}) to the sensor inlet and confirm. The response is captured once it settles.`,
          illustration: 'enose-reference-gas',
        },
        {
          kind: 'capture',
          id: 'reference-gas',
          title: `Response to ${gas.label}`,
          instructions: `Keep ${gas.label} flowing steadily until the response is captured. Skip this check if no reference gas is at hand.`,
          illustration: 'enose-reference-gas',
          optional: true,
          features,
          stability: { windowS: 60, maxStd: ones.map(() => 0.02), maxSlopePerS: ones.map(() => CAPTURE_DRIFT_PER_S), relative: true },
          framesNeeded: framesIn(20, rate, 10),
          inputs: [],
          slots: respondingSlot(gas.label, gasSensors, gas.minResponse),
        },
      );
    }
    return {
      steps,
      fit(captures) {
        const baseline = captures.points.find((p) => p.stepId === 'baseline');
        if (baseline === undefined) return impossibleFit(NAME, 'no clean-air baseline was captured');
        const response = captures.points.find((p) => p.stepId === 'reference-gas');
        const previousR0 = new Map(
          (previous?.parameters ?? []).filter((p) => p.name === R0_PARAMETER && p.channel !== null).map((p) => [p.channel, p.value]),
        );
        const parameters: CalibrationParameter[] = [];
        const fits: ChannelFit[] = channels.map((ch, f) => {
          const r0 = baseline.mean[f];
          parameters.push({ name: R0_PARAMETER, channel: ch.name, value: r0, unit: ch.unit });
          const checks: CalibrationCheck[] = [limitCheck(`noise ${ch.name}`, (100 * baseline.std[f]) / r0, '%', { fail: [0, 2] })];
          const before = previousR0.get(ch.name);
          if (before !== undefined) {
            const limit = 100 * options.driftLimit;
            checks.push(limitCheck(`baseline drift ${ch.name}`, (100 * (r0 - before)) / before, '%', { warn: [-limit, limit], fail: [-Infinity, Infinity] }));
          }
          if (gas && response && gasSensors.includes(f)) {
            const fall = 1 - response.mean[f] / r0;
            parameters.push({ name: `response:${gas.label}`, channel: ch.name, value: fall, unit: '' });
            checks.push(limitCheck(`response ${ch.name} to ${gas.label}`, 100 * fall, '%', { fail: [100 * gas.minResponse, Infinity] }));
          }
          return baselineFit(ch, r0, response?.mean[f], checks);
        });
        return buildFitResult(NAME, fits, parameters, []);
      },
    };
  },
};

/** A sensor's captured readings as points: R0 in clean air, and the reference-gas reading if any. */
function baselineFit(ch: DeviceChannel, r0: number, inGas: number | undefined, checks: CalibrationCheck[]): ChannelFit {
  const labels = inGas === undefined ? ['clean air (R0)'] : ['clean air (R0)', 'reference gas'];
  const values = inGas === undefined ? [r0] : [r0, inGas];
  return buildChannelFit({
    channel: ch.name,
    unit: ch.unit,
    model: 'baseline',
    transform: null,
    labels,
    reference: values,
    raw: values,
    corrected: values,
    hasResiduals: false,
    checks,
  });
}

/**
 * The reference-gas capture must not take clean air for a response: it starts only once one of
 * the sensors that should respond has fallen by half the required response since the step began.
 */
function respondingSlot(label: string, sensors: readonly number[], minResponse: number): SlotSpec {
  return {
    ids: ['responding'],
    labels: [`responding to ${label}`],
    classify(mean, start) {
      const responding = sensors.some((f) => mean[f] <= (1 - minResponse / 2) * start[f]);
      return responding
        ? { slot: 0 }
        : { slot: null, reason: `No response to ${label} yet: the readings are where they were in clean air. Check the gas is flowing to the inlet.` };
    },
  };
}
