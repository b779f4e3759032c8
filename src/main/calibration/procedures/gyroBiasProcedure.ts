import type { ProcedureOptions } from '../../../shared/domain/calibrationWizard';
import type { ProcedureDefinition } from '../engine/procedureTypes';
import { buildFitResult, impossibleFit } from '../fitting/fitReport';
import { channelFeatures, resolveChannels } from './channelFeatures';
import { zeroFit } from './zeroFit';

type GyroOptions = Extract<ProcedureOptions, { procedure: 'imu-gyro-bias' }>;

const NAME = 'Gyroscope bias';
const GYRO_CHANNELS = ['gyro_x', 'gyro_y', 'gyro_z'];
/** Motion is watched on all six axes: a slow rotation hides in gyro noise but tilts gravity. */
const WATCHED_CHANNELS = [...GYRO_CHANNELS, 'accel_x', 'accel_y', 'accel_z'];

/**
 * Gyroscope bias at rest (as QGroundControl's gyro calibration): the device lies still for a few
 * seconds, the mean rate of each axis is its bias. Any motion — on the gyro or as a change of
 * gravity's direction — throws the capture away and it starts again.
 */
export const gyroBiasProcedure: ProcedureDefinition<GyroOptions> = {
  id: 'imu-gyro-bias',
  name: NAME,
  description: 'Measures each gyroscope axis at rest and removes its bias; motion restarts the capture.',
  families: ['imu'],
  defaults(profile) {
    const resolved = resolveChannels(profile, WATCHED_CHANNELS);
    return 'invalid' in resolved ? { notApplicable: resolved.invalid } : { procedure: 'imu-gyro-bias' };
  },
  plan(_options, { profile, previous }) {
    const resolved = resolveChannels(profile, WATCHED_CHANNELS);
    if ('invalid' in resolved) return resolved;
    const { channels, indices } = resolved;
    return {
      steps: [
        {
          kind: 'capture',
          id: 'rest',
          title: 'Hold still',
          instructions: 'Put the device down on a steady surface and do not touch it for 3 seconds. Any movement restarts the capture.',
          illustration: 'imu-at-rest',
          optional: false,
          features: channelFeatures(channels, indices),
          stability: {
            windowS: 1,
            maxStd: [0.01, 0.01, 0.01, 0.1, 0.1, 0.1],
            maxSlopePerS: [0.01, 0.01, 0.01, 0.1, 0.1, 0.1],
            relative: false,
          },
          framesNeeded: 300,
          inputs: [],
          slots: null,
        },
      ],
      fit(captures) {
        const point = captures.points.find((p) => p.stepId === 'rest');
        if (point === undefined) return impossibleFit(NAME, 'no rest capture');
        const fits = zeroFit(channels.slice(0, GYRO_CHANNELS.length), point, 0, previous, {
          offset: () => ({ warn: [-0.1, 0.1], fail: [-0.5, 0.5] }),
          noise: () => ({ fail: [0, 0.01] }),
        });
        return buildFitResult(NAME, fits, [], []);
      },
    };
  },
};
