import { describe, expect, it } from 'vitest';
import { ImuSimulator } from './imuSimulator';
import { CALIBRATION_POSES, poseAttitude } from './orientation';
import { mean, standardDeviation } from './testStats';

/** Standard gravity (stated independently of the model on purpose). */
const STANDARD_GRAVITY = 9.80665;

function run(imu: ImuSimulator, seconds: number) {
  return Array.from({ length: Math.round(seconds * imu.rateHz) }, () => imu.step());
}

function column(frames: readonly { values: Float32Array }[], c: number): number[] {
  return frames.map((f) => f.values[c]);
}

describe('ImuSimulator', () => {
  it('is deterministic per seed', () => {
    const a = run(new ImuSimulator({ seed: 3, activity: 'walking' }), 5);
    const b = run(new ImuSimulator({ seed: 3, activity: 'walking' }), 5);
    const c = run(new ImuSimulator({ seed: 4, activity: 'walking' }), 5);
    expect(a.map((f) => Array.from(f.values))).toEqual(b.map((f) => Array.from(f.values)));
    expect(a.map((f) => Array.from(f.values))).not.toEqual(c.map((f) => Array.from(f.values)));
  });

  it('at rest reads |a| = g within noise and no rotation', () => {
    const frames = run(new ImuSimulator({ seed: 1, activity: 'still' }), 10);
    const magnitude = frames.map((f) => Math.hypot(f.values[0], f.values[1], f.values[2]));
    expect(mean(magnitude)).toBeCloseTo(STANDARD_GRAVITY, 2);
    expect(standardDeviation(magnitude)).toBeLessThan(0.05);
    for (const c of [3, 4, 5]) {
      expect(Math.abs(mean(column(frames, c)))).toBeLessThan(0.001);
      expect(standardDeviation(column(frames, c))).toBeLessThan(0.005);
    }
  });

  it('puts gravity on the up axis in each of the six calibration poses', () => {
    for (const pose of CALIBRATION_POSES) {
      const frames = run(new ImuSimulator({ seed: 2, activity: 'still', attitude: poseAttitude(pose) }), 1);
      const axis = 'xyz'.indexOf(pose[1]);
      const sign = pose[0] === '+' ? 1 : -1;
      for (let c = 0; c < 3; c++) {
        expect(mean(column(frames, c))).toBeCloseTo(c === axis ? sign * STANDARD_GRAVITY : 0, 1);
      }
    }
  });

  it('applies injected accelerometer scale/offset errors and gyro bias to the readings, not the truth', () => {
    const imu = new ImuSimulator({ seed: 1, activity: 'still', accelScale: [1, 1, 1.02], accelOffset: [0.3, 0, 0], gyroBias: [0, 0.05, 0] });
    const frames = run(imu, 2);
    expect(mean(column(frames, 0))).toBeCloseTo(0.3, 1);
    expect(mean(column(frames, 2))).toBeCloseTo(1.02 * STANDARD_GRAVITY, 1);
    expect(mean(column(frames, 4))).toBeCloseTo(0.05, 2);
    expect(frames[0].truth.accelTrue[2]).toBeCloseTo(STANDARD_GRAVITY, 4);
    expect(imu.handleCommand('SET gyro_bias_y 0')).toBe('OK');
    expect(mean(column(run(imu, 1), 4))).toBeCloseTo(0, 2);
  });

  it.each([
    ['walking', 1.8, 2.0],
    ['running', 2.6, 3.0],
  ] as const)('%s: heel strikes in the truth come at a cadence of %s–%s steps/s and show as impacts', (activity, low, high) => {
    const frames = run(new ImuSimulator({ seed: 9, activity }), 60);
    const strikes = frames.filter((f) => f.truth.stepEvent).map((f) => f.timeS);
    const cadence = (strikes.length - 1) / (strikes[strikes.length - 1] - strikes[0]);
    expect(cadence).toBeGreaterThanOrEqual(low);
    expect(cadence).toBeLessThanOrEqual(high);
    expect(frames[frames.length - 1].truth.stepCount).toBe(strikes.length);
    // Vertical acceleration peaks at strikes: it is higher there than on average.
    const atStrike = mean(frames.filter((f) => f.truth.stepEvent).map((f) => f.values[2]));
    expect(atStrike).toBeGreaterThan(STANDARD_GRAVITY + 3);
    expect(Math.max(...column(frames, 2))).toBeLessThanOrEqual(50);
  });

  it('has no steps while standing, and running shakes harder than walking', () => {
    const standing = run(new ImuSimulator({ seed: 1, activity: 'standing' }), 10);
    expect(standing.some((f) => f.truth.stepEvent)).toBe(false);
    const sdZ = (activity: 'walking' | 'running') => standardDeviation(column(run(new ImuSimulator({ seed: 1, activity }), 10), 2));
    expect(sdZ('running')).toBeGreaterThan(2 * sdZ('walking'));
    expect(sdZ('walking')).toBeGreaterThan(10 * standardDeviation(column(standing, 2)));
  });

  it('switches among activities in the mixed schedule', () => {
    const frames = run(new ImuSimulator({ seed: 5, schedule: 'mixed' }), 120);
    expect(new Set(frames.map((f) => f.truth.activity)).size).toBeGreaterThanOrEqual(2);
  });
});
