import type { CalibrationCheck, ChannelFit } from '../../../shared/domain/calibration';
import type { ProcedureOptions } from '../../../shared/domain/calibrationWizard';
import type { DeviceChannel } from '../../../shared/domain/deviceProfile';
import { polynomialTransform, transformValue } from '../apply/transforms';
import type { Captures, FeatureSet, ProcedureDefinition, StepDefinition } from '../engine/procedureTypes';
import { buildChannelFit, buildFitResult, limitCheck } from '../fitting/fitReport';
import { polyfit } from '../fitting/leastSquares';
import { channelFeatures, framesIn, groupChannels, rangeStability, resolveChannels } from './channelFeatures';

type SpanOptions = Extract<ProcedureOptions, { procedure: 'span' }>;

const NAME = 'Span';
const DEGREE = { linear: 1, poly2: 2, poly3: 3 } as const;
/**
 * Reference-channel sweeps: a bin counts once it averages this many frames, and a channel is
 * done with this many bins — 8 bins of 1 % of the range span at least 8 % of it.
 */
const FRAMES_PER_BIN = 100;
const MIN_BINS = 8;
/** Default bin width, as a fraction of the reference channel's range. */
const BIN_FRACTION = 0.01;

/** The operator input that holds channel `name`'s reference value at a point. */
export function referenceInputId(channel: string): string {
  return `ref:${channel}`;
}

/**
 * Two-point and multi-point span calibration: reference values typed per point, or read from
 * reference channels beside each channel while the signal moves; a least-squares linear or
 * polynomial fit per channel maps raw readings onto the reference.
 */
export const spanProcedure: ProcedureDefinition<SpanOptions> = {
  id: 'span',
  name: NAME,
  description: 'Fits gain and offset (or a polynomial) per channel against reference values typed at each point or read from reference channels.',
  families: null,
  defaults(profile) {
    if (profile.frameLayout !== undefined) return { notApplicable: `${profile.displayName} sends ${profile.frameLayout.kind}s, not values per channel.` };
    const lq = groupChannels(profile, 'lq');
    const hq = groupChannels(profile, 'hq');
    if (lq.length > 0 && lq.length === hq.length) {
      return { procedure: 'span', channels: lq, fit: 'linear', reference: { kind: 'channels', channels: hq } };
    }
    return { procedure: 'span', channels: [profile.channels[0].name], fit: 'linear', reference: { kind: 'typed', points: 2 } };
  },
  plan(options, { profile }) {
    const resolved = resolveChannels(profile, options.channels);
    if ('invalid' in resolved) return resolved;
    const { channels, indices } = resolved;
    const degree = DEGREE[options.fit];
    const reference = options.reference;
    let steps: StepDefinition[];
    if (reference.kind === 'typed') {
      if (reference.points < degree + 1) return { invalid: `A ${options.fit} fit needs at least ${degree + 1} points; ${reference.points} were asked for.` };
      steps = typedSteps(channels, indices, reference.points, profile.nominalRateHz);
    } else {
      if (reference.channels.length !== channels.length) {
        return { invalid: `Give one reference channel per channel: ${channels.length} channel(s), ${reference.channels.length} reference(s).` };
      }
      const refs = resolveChannels(profile, reference.channels);
      if ('invalid' in refs) return refs;
      const raw = channelFeatures(channels, indices);
      const ref = channelFeatures(refs.channels, refs.indices);
      const features: FeatureSet = {
        names: [...raw.names, ...ref.names],
        units: [...raw.units, ...ref.units],
        extract(frame, out) {
          for (let f = 0; f < indices.length; f++) out[f] = frame[indices[f]];
          for (let f = 0; f < refs.indices.length; f++) out[indices.length + f] = frame[refs.indices[f]];
        },
      };
      steps = [
        {
          kind: 'sweep',
          id: 'sweep',
          title: 'Sweep the signal through its range',
          instructions: `Drive the inputs through their working range; each of ${channels.length} channel(s) is compared with its reference channel as it moves.`,
          illustration: null,
          features,
          pairs: channels.length,
          binWidth: refs.channels.map((c) => reference.binWidth ?? BIN_FRACTION * (c.range[1] - c.range[0])),
          framesPerBin: FRAMES_PER_BIN,
          binsNeeded: Math.max(MIN_BINS, degree + 3),
        },
      ];
    }
    return {
      steps,
      fit: (captures) => buildFitResult(`${NAME} (${options.fit})`, fitChannels(channels, degree, captures, reference.kind), [], []),
    };
  },
};

function typedSteps(channels: readonly DeviceChannel[], indices: readonly number[], points: number, rate: number): StepDefinition[] {
  const features = channelFeatures(channels, indices);
  return Array.from({ length: points }, (_, k) => ({
    kind: 'capture',
    id: `point-${k + 1}`,
    title: `Point ${k + 1} of ${points}`,
    instructions: `Apply reference ${k + 1}, enter its value for each channel, and hold it steady while the reading is captured.`,
    illustration: null,
    optional: false,
    features,
    stability: rangeStability(channels, rate),
    framesNeeded: framesIn(2, rate, 20),
    inputs: channels.map((c) => ({ id: referenceInputId(c.name), label: `reference for ${c.name}`, unit: c.unit, suggested: null })),
    slots: null,
  }));
}

function fitChannels(channels: readonly DeviceChannel[], degree: number, captures: Captures, kind: 'typed' | 'channels'): ChannelFit[] {
  const bins = captures.sweeps.get('sweep');
  return channels.map((ch, f) => {
    let labels: string[];
    let raw: number[];
    let reference: number[];
    let weights: number[] | undefined;
    if (kind === 'typed') {
      const points = captures.points.filter((p) => p.stepId.startsWith('point-'));
      labels = points.map((p) => p.stepId.replace('point-', 'point '));
      raw = points.map((p) => p.mean[f]);
      reference = points.map((p) => p.inputs[referenceInputId(ch.name)]);
    } else {
      const own = bins?.[f] ?? [];
      labels = own.map((b) => `bin ${b.reference.toFixed(2)} ${ch.unit}`);
      raw = own.map((b) => b.raw);
      reference = own.map((b) => b.reference);
      weights = own.map((b) => b.frames);
    }
    const span = ch.range[1] - ch.range[0];
    const maxRms = { warn: [0, 0.0025 * span], fail: [0, 0.01 * span] } as const;
    const solved = polyfit(raw, reference, degree, weights);
    if (!solved.ok) {
      const check: CalibrationCheck = { name: `fit ${ch.name}: ${solved.reason}`, value: raw.length, unit: 'points', limit: `≥ ${degree + 1} distinct`, outcome: 'fail' };
      return buildChannelFit({ channel: ch.name, unit: ch.unit, model: 'linear', transform: null, labels, reference, raw, corrected: raw, checks: [check] });
    }
    const transform = polynomialTransform(ch.name, solved.x);
    // The slope at mid-range says whether the reference and channel belong together at all.
    const mid = (Math.min(...raw) + Math.max(...raw)) / 2;
    const slope = (transformValue(transform, mid + 1e-3) - transformValue(transform, mid - 1e-3)) / 2e-3;
    return buildChannelFit({
      channel: ch.name,
      unit: ch.unit,
      model: degree === 1 ? 'linear' : degree === 2 ? 'poly2' : 'poly3',
      transform,
      labels,
      reference,
      raw,
      corrected: raw.map((r) => transformValue(transform, r)),
      maxRms,
      checks: [limitCheck(`gain ${ch.name}`, slope, '', { warn: [0.8, 1.25], fail: [0.5, 2] })],
    });
  });
}
