import type { SlotClassification, SlotSpec } from '../engine/procedureTypes';
import { fmt } from '../engine/stabilityCheck';

/** Standard gravity (3rd CGPM, 1901), m/s²: the reference of the accelerometer calibration. */
export const STANDARD_GRAVITY = 9.80665;

/** The six poses: body axis and sign pointing up. */
export const IMU_POSES = [
  { id: '+x', axis: 0, sign: 1, label: '+X up' },
  { id: '-x', axis: 0, sign: -1, label: '−X up' },
  { id: '+y', axis: 1, sign: 1, label: '+Y up' },
  { id: '-y', axis: 1, sign: -1, label: '−Y up' },
  { id: '+z', axis: 2, sign: 1, label: '+Z up' },
  { id: '-z', axis: 2, sign: -1, label: '−Z up' },
] as const;

/** A pose counts when gravity lies within this angle of an axis. */
const MAX_TILT_DEG = 10;
/** Gravity read within this factor of 1 g (room for a sensor's scale error, not for motion or saturation). */
const MAGNITUDE_BAND = [0.5, 1.5] as const;

/**
 * Recognises the pose from the mean accelerometer reading: the axis nearest to vertical, if the
 * device lies on a face. Says how far it is off otherwise, so the technician knows what to fix.
 */
export function classifyPose(accel: ArrayLike<number>): SlotClassification {
  const magnitude = Math.hypot(accel[0], accel[1], accel[2]);
  const g = magnitude / STANDARD_GRAVITY;
  if (!(g >= MAGNITUDE_BAND[0] && g <= MAGNITUDE_BAND[1])) {
    return { slot: null, reason: `The accelerometer reads ${fmt(magnitude)} m/s² in total, not about 1 g: check it is resting and not saturated.` };
  }
  let axis = 0;
  for (let i = 1; i < 3; i++) if (Math.abs(accel[i]) > Math.abs(accel[axis])) axis = i;
  const tiltDeg = (Math.acos(Math.min(1, Math.abs(accel[axis]) / magnitude)) * 180) / Math.PI;
  const slot = IMU_POSES.findIndex((p) => p.axis === axis && p.sign === Math.sign(accel[axis]));
  if (tiltDeg > MAX_TILT_DEG) {
    return {
      slot: null,
      reason: `The device is tilted ${tiltDeg.toFixed(0)}° from ${IMU_POSES[slot].label} (at most ${MAX_TILT_DEG}°): lay it flat on one face.`,
    };
  }
  return { slot };
}

/** The six poses as capture slots, in any order. */
export const imuPoseSlots: SlotSpec = {
  ids: IMU_POSES.map((p) => p.id),
  labels: IMU_POSES.map((p) => p.label),
  classify: (mean) => classifyPose(mean),
};
