import type { ChannelFit } from '../../../shared/domain/calibration';
import type { ProcedureOptions } from '../../../shared/domain/calibrationWizard';
import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { FeatureSet, ProcedureDefinition, StepDefinition } from '../engine/procedureTypes';
import { buildChannelFit, buildFitResult, impossibleFit, limitCheck } from '../fitting/fitReport';
import { solveLeastSquares } from '../fitting/leastSquares';
import { echoArrivalS } from './echoArrival';

type EcholocOptions = Extract<ProcedureOptions, { procedure: 'echoloc-delay' }>;

const NAME = 'Receiver delays and speed of sound';
/** The parameter holding the fitted speed of sound, m/s. */
export const SPEED_OF_SOUND_PARAMETER = 'speed_of_sound';

/**
 * Echo-location timing calibration: a target placed at known positions (typed per position);
 * each receiver's echo arrival is arrival = path / c + delay, with path the transmitter → target
 * → receiver distance. Least squares over all positions and receivers gives the speed of sound c
 * (shared) and each receiver's delay. Two positions at different ranges determine it; more
 * give residuals that show how well the geometry holds.
 */
export const echolocDelayProcedure: ProcedureDefinition<EcholocOptions> = {
  id: 'echoloc-delay',
  name: NAME,
  description: 'Per-receiver delay and the speed of sound from a target placed at known positions.',
  families: ['echoloc'],
  defaults(profile) {
    const layout = waveformOf(profile);
    return typeof layout === 'string' ? { notApplicable: layout } : { procedure: 'echoloc-delay', positions: DEFAULT_POSITIONS };
  },
  plan(options, { profile }) {
    const layout = waveformOf(profile);
    if (typeof layout === 'string') return { invalid: layout };
    const receivers = profile.channels.map((c) => c.name);
    // waveformOf refused a profile with an unplaced receiver.
    const positions = profile.channels.map((c) => c.position ?? ([Number.NaN, Number.NaN] as const));
    const features = arrivalFeatures(receivers, layout.samplesPerChannel, layout.sampleRateHz);
    const steps: StepDefinition[] = options.positions.map((position, k) => ({
      kind: 'capture',
      id: `position-${k + 1}`,
      title: `Target at position ${k + 1} of ${options.positions.length}`,
      instructions: `Place the calibration target at x = ${position.x} m, y = ${position.y} m from the centre of the array (or enter where you placed it), keep the area clear and still.`,
      illustration: 'echoloc-target',
      optional: false,
      features,
      // Single pings of a far, weak echo scatter by 10–20 µs; a moving target by far more.
      stability: { windowS: 2, maxStd: receivers.map(() => 30e-6), maxSlopePerS: receivers.map(() => 50e-6), relative: false },
      framesNeeded: 30,
      inputs: [
        { id: 'x', label: 'target x', unit: 'm', suggested: position.x },
        { id: 'y', label: 'target y', unit: 'm', suggested: position.y },
      ],
      slots: null,
    }));
    return {
      steps,
      fit(captures) {
        const points = captures.points.filter((p) => p.stepId.startsWith('position-'));
        const geometry = points.map((p) => receiverPaths(positions, p.inputs.x, p.inputs.y));
        const rows: number[][] = [];
        const arrivals: number[] = [];
        points.forEach((p, k) => {
          receivers.forEach((_, r) => {
            rows.push([geometry[k][r], ...receivers.map((__, j) => (j === r ? 1 : 0))]);
            arrivals.push(p.mean[r]);
          });
        });
        const solved = solveLeastSquares(rows, arrivals);
        if (!solved.ok) return impossibleFit(NAME, `${solved.reason}: place the target at positions at clearly different distances`);
        const slowness = solved.x[0];
        const c = 1 / slowness;
        const fits: ChannelFit[] = receivers.map((name, r) => {
          const delayS = solved.x[1 + r];
          const toUs = (s: number): number => s * 1e6;
          return buildChannelFit({
            channel: name,
            unit: 'µs',
            model: 'delay',
            transform: { kind: 'delay', channel: name, delayS },
            labels: points.map((p) => `(${p.inputs.x}, ${p.inputs.y}) m`),
            reference: geometry.map((g) => toUs(g[r] * slowness)),
            raw: points.map((p) => toUs(p.mean[r])),
            corrected: points.map((p) => toUs(p.mean[r] - delayS)),
            maxRms: { warn: [0, 5], fail: [0, 20] },
            checks: [limitCheck(`delay ${name}`, toUs(delayS), 'µs', { warn: [-200, 200], fail: [-1000, 1000] })],
          });
        });
        return buildFitResult(NAME, fits, [{ name: SPEED_OF_SOUND_PARAMETER, channel: null, value: c, unit: 'm/s' }], [
          limitCheck('speed of sound', c, 'm/s', { warn: [330, 360], fail: [300, 380] }),
        ]);
      },
    };
  },
};

const DEFAULT_POSITIONS = [
  { x: 0, y: 0.5 },
  { x: 0.3, y: 1 },
  { x: -0.3, y: 1.5 },
];

function waveformOf(profile: DeviceProfile): { samplesPerChannel: number; sampleRateHz: number } | string {
  if (profile.frameLayout?.kind !== 'waveform') return `${profile.displayName} does not send echo waveforms.`;
  const unplaced = profile.channels.filter((c) => c.position === undefined).map((c) => c.name);
  if (unplaced.length > 0) return `The fit needs where each receiver sits: give ${unplaced.join(', ')} a position [x, y] in metres in the device profile.`;
  return profile.frameLayout;
}

/** Transmitter (array centre) → target → receiver distance for each receiver, m. */
function receiverPaths(positions: readonly (readonly [number, number])[], x: number, y: number): number[] {
  const outbound = Math.hypot(x, y);
  return positions.map(([rx, ry]) => outbound + Math.hypot(x - rx, y - ry));
}

/** Each receiver's echo arrival time, s, from its waveform in the frame. */
function arrivalFeatures(receivers: readonly string[], samples: number, sampleRateHz: number): FeatureSet {
  return {
    names: receivers.map((r) => `${r} echo arrival`),
    units: receivers.map(() => 's'),
    extract(frame, out) {
      for (let r = 0; r < receivers.length; r++) out[r] = echoArrivalS(frame.subarray(r * samples, (r + 1) * samples), sampleRateHz);
    },
  };
}
