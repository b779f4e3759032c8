import type { ProcedureOptions } from '../../../shared/domain/calibrationWizard';
import type { ProcedureDefinition } from '../engine/procedureTypes';
import { buildFitResult, impossibleFit } from '../fitting/fitReport';
import { channelFeatures, framesIn, rangeStability, resolveChannels } from './channelFeatures';
import { zeroFit } from './zeroFit';

type OffsetOptions = Extract<ProcedureOptions, { procedure: 'offset' }>;

const NAME = 'Zero offset';

/**
 * Zero (offset) calibration of any set of channels: apply the zero input (no load, shorted
 * input, device at rest), hold still, and each channel's offset is set so it reads the target.
 */
export const offsetProcedure: ProcedureDefinition<OffsetOptions> = {
  id: 'offset',
  name: NAME,
  description: 'Sets each chosen channel to read its target (usually 0) with the zero input applied.',
  families: null,
  defaults(profile) {
    if (profile.frameLayout !== undefined) return { notApplicable: `${profile.displayName} sends ${profile.frameLayout.kind}s, not values per channel.` };
    return { procedure: 'offset', channels: profile.channels.map((c) => c.name), target: 0 };
  },
  plan(options, { profile, previous }) {
    const resolved = resolveChannels(profile, options.channels);
    if ('invalid' in resolved) return resolved;
    const { channels, indices } = resolved;
    const rate = profile.nominalRateHz;
    return {
      steps: [
        {
          kind: 'instruction',
          id: 'prepare',
          title: 'Apply the zero input',
          instructions: `Apply the zero input to ${channels.map((c) => c.name).join(', ')} (no load, inputs shorted, or the device at rest) and confirm. Each channel will then be set to read ${options.target}.`,
          illustration: null,
        },
        {
          kind: 'capture',
          id: 'zero',
          title: 'Capture the zero reading',
          instructions: 'Keep everything still while the readings are captured. Movement restarts the capture.',
          illustration: null,
          optional: false,
          features: channelFeatures(channels, indices),
          stability: rangeStability(channels, rate),
          framesNeeded: framesIn(2, rate, 20),
          inputs: [],
          slots: null,
        },
      ],
      fit(captures) {
        const point = captures.points.find((p) => p.stepId === 'zero');
        if (point === undefined) return impossibleFit(NAME, 'no zero reading was captured');
        const fits = zeroFit(channels, point, options.target, previous, {
          // An offset beyond a tenth of the range is suspicious, beyond a quarter a wrong input.
          offset: (ch) => {
            const span = ch.range[1] - ch.range[0];
            return { warn: [-0.1 * span, 0.1 * span], fail: [-0.25 * span, 0.25 * span] };
          },
          noise: (ch) => ({ fail: [0, 0.005 * (ch.range[1] - ch.range[0])] }),
        });
        return buildFitResult(NAME, fits, [], []);
      },
    };
  },
};
