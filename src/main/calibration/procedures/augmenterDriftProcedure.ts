import type { CalibrationCheck, ChannelFit, ChannelTransform } from '../../../shared/domain/calibration';
import type { ProcedureOptions } from '../../../shared/domain/calibrationWizard';
import { transformValue } from '../apply/transforms';
import type { ProcedureDefinition } from '../engine/procedureTypes';
import { buildChannelFit, buildFitResult, impossibleFit, limitCheck } from '../fitting/fitReport';
import { channelFeatures, framesIn, groupChannels, resolveChannels } from './channelFeatures';

type DriftOptions = Extract<ProcedureOptions, { procedure: 'augmenter-drift' }>;

const NAME = 'Input drift against the model';
/**
 * Seconds of live data the statistics are taken over: long enough for slow processes (tens of
 * seconds) to show their spread, or a healthy unit looks drifted.
 */
const CAPTURE_S = 60;

/**
 * Compares the live statistics of the model's input channels with the normalisation the model
 * was trained with (`mean_lq`, `std_lq` of its manifest). A channel whose mean moved by more than
 * a fraction of its training spread, or whose spread changed, feeds the model inputs it never
 * saw: it is flagged. Optionally a correction maps the live statistics back onto the training ones.
 */
export const augmenterDriftProcedure: ProcedureDefinition<DriftOptions> = {
  id: 'augmenter-drift',
  name: NAME,
  description: "Checks live input statistics against a model's mean_lq/std_lq and flags channels whose drift would invalidate it.",
  families: ['augmenter'],
  defaults(profile) {
    if (groupChannels(profile, 'lq').length === 0) return { notApplicable: `${profile.displayName} has no model input channels (group "lq").` };
    return { needs: "the model's normalisation (mean_lq and std_lq from its manifest)" };
  },
  plan(options, { profile }) {
    const names = options.channels ?? groupChannels(profile, 'lq');
    if (options.meanLq.length !== names.length || options.stdLq.length !== names.length) {
      return {
        invalid: `The normalisation has ${options.meanLq.length} means and ${options.stdLq.length} standard deviations for ${names.length} channels; they must match one to one.`,
      };
    }
    const resolved = resolveChannels(profile, names);
    if ('invalid' in resolved) return resolved;
    const { channels, indices } = resolved;
    const [lowRatio, highRatio] = options.stdRatioBand;
    return {
      steps: [
        {
          kind: 'instruction',
          id: 'prepare',
          title: 'Normal operation',
          instructions: `Run the system as it runs in service, across its usual operating range. ${CAPTURE_S} s of live data are compared with the model's training statistics.`,
          illustration: null,
        },
        {
          kind: 'capture',
          id: 'statistics',
          title: 'Live statistics',
          instructions: 'Keep the system in normal operation while the statistics are collected.',
          illustration: null,
          optional: false,
          features: channelFeatures(channels, indices),
          stability: null,
          framesNeeded: framesIn(CAPTURE_S, profile.nominalRateHz, 100),
          inputs: [],
          slots: null,
        },
      ],
      fit(captures) {
        const live = captures.points.find((p) => p.stepId === 'statistics');
        if (live === undefined) return impossibleFit(NAME, 'no live statistics were captured');
        const fits: ChannelFit[] = channels.map((ch, f) => {
          const mean = live.mean[f];
          const std = live.std[f];
          const shiftSd = (mean - options.meanLq[f]) / options.stdLq[f];
          const ratio = std / options.stdLq[f];
          const checks: CalibrationCheck[] = [
            limitCheck(`mean shift ${ch.name}`, shiftSd, 'σ', { warn: [-options.maxMeanShiftSd, options.maxMeanShiftSd], fail: [-Infinity, Infinity] }),
            limitCheck(`spread ratio ${ch.name}`, ratio, '', { warn: [lowRatio, highRatio], fail: [0, Infinity] }),
          ];
          const flagged = checks.some((c) => c.outcome !== 'pass');
          const transform = flagged ? correction(ch.name, options, f, mean, std) : null;
          const corrected = transform ? transformValue(transform, mean) : mean;
          return buildChannelFit({
            channel: ch.name,
            unit: ch.unit,
            model: 'statistics',
            transform,
            labels: ['live mean'],
            reference: [options.meanLq[f]],
            raw: [mean],
            corrected: [corrected],
            checks,
          });
        });
        return buildFitResult(NAME, fits, [], []);
      },
    };
  },
};

/** The correction stored for a flagged channel, as the options ask. */
function correction(channel: string, options: DriftOptions, f: number, mean: number, std: number): Extract<ChannelTransform, { kind: 'linear' }> | null {
  switch (options.corrections) {
    case 'none':
      return null;
    case 'offset':
      return { kind: 'linear', channel, gain: 1, offset: options.meanLq[f] - mean };
    case 'offset-and-scale': {
      const gain = std > 0 ? options.stdLq[f] / std : 1;
      return { kind: 'linear', channel, gain, offset: options.meanLq[f] - gain * mean };
    }
  }
}
