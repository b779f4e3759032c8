import { describe, expect, it } from 'vitest';
import { ImuSimulator } from './imuSimulator';
import { simulateBatch } from './simulateBatch';
import { mean, standardDeviation } from './testStats';

describe('simulator commands (shared by every model)', () => {
  it('identifies, starts, stops and changes rate', () => {
    const imu = new ImuSimulator({ seed: 12 });
    expect(imu.handleCommand('ID?')).toBe('SC-IMU,fw=1.0.0,sn=SIM0012');
    expect(imu.running).toBe(false);
    expect(imu.handleCommand('start')).toBe('OK');
    expect(imu.running).toBe(true);
    expect(imu.handleCommand('STOP')).toBe('OK');
    expect(imu.running).toBe(false);
    expect(imu.handleCommand('RATE?')).toBe('RATE 100');
    expect(imu.handleCommand('RATE 2000')).toBe('ERR RATE must be at most 1000 Hz');
    expect(imu.handleCommand('RATE -1')).toBe('ERR RATE needs a positive number of Hz');
  });

  it('advances simulated time by exact frame periods, across a rate change', () => {
    const imu = new ImuSimulator();
    for (let i = 0; i < 100; i++) imu.step();
    expect(imu.step().timeS).toBe(1);
    imu.handleCommand('RATE 50');
    const next = [imu.step(), imu.step()];
    expect(next.map((f) => f.timeS)).toEqual([1.01, 1.03]);
    expect(next.map((f) => f.seq)).toEqual([101, 102]);
  });

  it('reports unknown commands, settings and bad values in words', () => {
    const imu = new ImuSimulator();
    expect(imu.handleCommand('JUMP')).toBe('ERR unknown command "JUMP"');
    expect(imu.handleCommand('SET colour red')).toMatch(/^ERR no setting "colour" \(have activity, schedule, pose, /);
    expect(imu.handleCommand('SET activity flying')).toBe('ERR activity must be one of still, standing, walking, running');
    expect(imu.handleCommand('SET accel_scale_x abc')).toBe('ERR accel_scale_x must be a number in [0.5, 1.5]');
    expect(imu.handleCommand('ACT 0.5')).toMatch(/^ERR no setting "actuator"/);
    expect(imu.handleCommand('FAULT STUCK 9')).toBe('ERR no channel 9');
    expect(imu.handleCommand('FAULT WOBBLE 1 2')).toBe('ERR FAULT takes NOISE, DRIFT, STUCK or CLEAR');
  });

  it('injects value faults: stuck, extra noise and drift, on one channel only, until cleared', () => {
    const imu = new ImuSimulator({ seed: 3, activity: 'walking' });
    const channel = (frames: readonly { values: Float32Array }[], c: number) => frames.map((f) => f.values[c]);
    const steps = (n: number) => Array.from({ length: n }, () => imu.step());

    expect(imu.handleCommand('FAULT STUCK 2')).toBe('OK');
    expect(imu.faults.active).toEqual([{ kind: 'stuck', channel: 2 }]);
    const stuck = steps(50);
    expect(new Set(channel(stuck, 2)).size).toBe(1);
    expect(new Set(channel(stuck, 1)).size).toBeGreaterThan(40);
    expect(stuck.some((f) => f.truth.accelTrue[2] !== stuck[0].truth.accelTrue[2])).toBe(true);

    imu.handleCommand('FAULT CLEAR');
    imu.handleCommand('SET activity still');
    const quietSd = standardDeviation(channel(steps(200), 4));
    imu.handleCommand('FAULT NOISE 4 0.5');
    expect(standardDeviation(channel(steps(400), 4))).toBeCloseTo(0.5, 1);
    expect(quietSd).toBeLessThan(0.01);

    imu.handleCommand('FAULT CLEAR');
    imu.handleCommand('FAULT DRIFT 0 0.1');
    const drift = steps(1000);
    expect(drift[999].values[0] - drift[0].values[0]).toBeCloseTo(0.1 * 9.99, 0);
    expect(Math.abs(mean(channel(drift, 1)))).toBeLessThan(0.01);
  });

  it('simulateBatch fills a FrameBatch with frames and truth', () => {
    const { batch, truth } = simulateBatch(new ImuSimulator({ seed: 1, activity: 'walking' }), 'sim-imu', 250, 1_000);
    expect(batch.frameCount).toBe(250);
    expect(batch.channelCount).toBe(6);
    expect(Array.from(batch.seq.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(batch.deviceTimeS[200]).toBe(2);
    expect(batch.hostTimeMs[200]).toBe(3_000);
    expect(truth).toHaveLength(250);
    const again = simulateBatch(new ImuSimulator({ seed: 1, activity: 'walking' }), 'sim-imu', 250);
    expect(Array.from(again.batch.values)).toEqual(Array.from(batch.values));
  });
});
