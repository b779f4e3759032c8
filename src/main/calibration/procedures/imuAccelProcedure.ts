import type { CalibrationCheck, ChannelFit } from '../../../shared/domain/calibration';
import type { ProcedureOptions } from '../../../shared/domain/calibrationWizard';
import type { ProcedureDefinition } from '../engine/procedureTypes';
import { buildChannelFit, buildFitResult, impossibleFit, limitCheck } from '../fitting/fitReport';
import { polyfit } from '../fitting/leastSquares';
import { channelFeatures, resolveChannels } from './channelFeatures';
import { IMU_POSES, imuPoseSlots, STANDARD_GRAVITY } from './imuPoses';

type AccelOptions = Extract<ProcedureOptions, { procedure: 'imu-accel-6' }>;

const NAME = 'Accelerometer 6-position';
/** The accelerometer axes, in pose-axis order. */
export const ACCEL_CHANNELS = ['accel_x', 'accel_y', 'accel_z'] as const;

/**
 * Accelerometer six-position calibration: the device rests on each face in turn (any order);
 * gravity is the reference. Per axis, reading = scale·true + offset is fitted over all six poses
 * (the axis's ±g and its four zero-g poses), and the transform inverts it.
 */
export const imuAccelProcedure: ProcedureDefinition<AccelOptions> = {
  id: 'imu-accel-6',
  name: NAME,
  description: 'Solves offset and scale of each accelerometer axis against gravity from six resting poses.',
  families: ['imu'],
  defaults(profile) {
    const resolved = resolveChannels(profile, ACCEL_CHANNELS);
    return 'invalid' in resolved ? { notApplicable: resolved.invalid } : { procedure: 'imu-accel-6' };
  },
  plan(_options, { profile }) {
    const resolved = resolveChannels(profile, ACCEL_CHANNELS);
    if ('invalid' in resolved) return resolved;
    const { channels, indices } = resolved;
    return {
      steps: [
        {
          kind: 'instruction',
          id: 'prepare',
          title: 'Prepare a level surface',
          instructions:
            'Put the device on a level, vibration-free surface. You will rest it on each of its six faces, in any order; each face is recognised and captured when the device is still.',
          illustration: 'imu-pose-grid',
        },
        {
          kind: 'capture',
          id: 'poses',
          title: 'Six poses',
          instructions: 'Rest the device on a face and keep it still until that face turns green, then turn it to a face that is still red.',
          illustration: 'imu-pose-grid',
          optional: false,
          features: channelFeatures(channels, indices),
          stability: { windowS: 0.5, maxStd: [0.15, 0.15, 0.15], maxSlopePerS: [0.2, 0.2, 0.2], relative: false },
          framesNeeded: 150,
          inputs: [],
          slots: imuPoseSlots,
        },
      ],
      fit(captures) {
        const poses = captures.points.filter((p) => p.stepId === 'poses');
        if (poses.length < IMU_POSES.length) return impossibleFit(NAME, `only ${poses.length} of 6 poses were captured`);
        const fits: ChannelFit[] = [];
        for (const [axis, ch] of channels.entries()) {
          const truth = poses.map((p) => {
            const pose = IMU_POSES.find((q) => q.id === p.slot);
            return pose !== undefined && pose.axis === axis ? pose.sign * STANDARD_GRAVITY : 0;
          });
          const raw = poses.map((p) => p.mean[axis]);
          const solved = polyfit(truth, raw, 1);
          if (!solved.ok) return impossibleFit(NAME, `${ch.name}: ${solved.reason}`);
          const [offset, scale] = solved.x;
          const checks: CalibrationCheck[] = [
            limitCheck(`scale ${ch.name}`, scale, '', { warn: [0.9, 1.1], fail: [0.5, 1.5] }),
            limitCheck(`offset ${ch.name}`, offset, ch.unit, { warn: [-1, 1], fail: [-5, 5] }),
          ];
          fits.push(
            buildChannelFit({
              channel: ch.name,
              unit: ch.unit,
              model: 'scale-offset',
              transform: { kind: 'linear', channel: ch.name, gain: 1 / scale, offset: -offset / scale },
              labels: poses.map((p) => p.slot),
              reference: truth,
              raw,
              corrected: raw.map((r) => (r - offset) / scale),
              // Residuals include cross-axis misalignment, which a scale/offset model cannot remove.
              maxRms: { warn: [0, 0.1], fail: [0, 0.3] },
              checks,
            }),
          );
        }
        return buildFitResult(NAME, fits, [], []);
      },
    };
  },
};
