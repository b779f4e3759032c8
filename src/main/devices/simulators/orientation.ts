/**
 * Device attitude as roll/pitch/yaw (Z-Y-X: R = Rz(yaw)·Ry(pitch)·Rx(roll), body → world) and the
 * six static poses of the accelerometer's 6-position calibration.
 */
export interface Attitude {
  readonly rollRad: number;
  readonly pitchRad: number;
  readonly yawRad: number;
}

/** The body axis pointing up in each calibration pose. */
export type CalibrationPose = '+x' | '-x' | '+y' | '-y' | '+z' | '-z';

/** Every calibration pose, in the order a technician usually steps through them. */
export const CALIBRATION_POSES: readonly CalibrationPose[] = ['+z', '-z', '+x', '-x', '+y', '-y'];

/** The attitude that puts the pose's body axis straight up. */
export function poseAttitude(pose: CalibrationPose): Attitude {
  const half = Math.PI / 2;
  switch (pose) {
    case '+z':
      return { rollRad: 0, pitchRad: 0, yawRad: 0 };
    case '-z':
      return { rollRad: Math.PI, pitchRad: 0, yawRad: 0 };
    case '+x':
      return { rollRad: 0, pitchRad: -half, yawRad: 0 };
    case '-x':
      return { rollRad: 0, pitchRad: half, yawRad: 0 };
    case '+y':
      return { rollRad: half, pitchRad: 0, yawRad: 0 };
    case '-y':
      return { rollRad: -half, pitchRad: 0, yawRad: 0 };
  }
}

/** The 3×3 body → world rotation matrix of an attitude, row-major. */
export function rotationMatrix({ rollRad, pitchRad, yawRad }: Attitude): Float64Array {
  const [cr, sr, cp, sp, cy, sy] = [Math.cos(rollRad), Math.sin(rollRad), Math.cos(pitchRad), Math.sin(pitchRad), Math.cos(yawRad), Math.sin(yawRad)];
  const rz = [cy, -sy, 0, sy, cy, 0, 0, 0, 1];
  const ry = [cp, 0, sp, 0, 1, 0, -sp, 0, cp];
  const rx = [1, 0, 0, 0, cr, -sr, 0, sr, cr];
  return multiply(multiply(rz, ry), rx);
}

/** Expresses world vector `v` in body axes (Rᵀ·v), writing into `out`. */
export function worldToBody(r: Float64Array, v: ArrayLike<number>, out: Float64Array): void {
  for (let i = 0; i < 3; i++) out[i] = r[i] * v[0] + r[3 + i] * v[1] + r[6 + i] * v[2];
}

function multiply(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      out[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
    }
  }
  return out;
}
