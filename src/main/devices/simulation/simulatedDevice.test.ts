import { describe, expect, it } from 'vitest';
import { findShippedProfile } from '../profiles/shippedProfiles';
import { createWireDevice } from './demoModel';

function enoseDevice() {
  const profile = findShippedProfile('enose-8mos');
  if (profile === undefined) throw new Error('no e-nose profile');
  const device = createWireDevice(profile, 3);
  device.model.handleCommand('START');
  return device;
}

/** Data lines the device wrote (its text dialect: one frame per `label:value` line). */
function frameLines(bytes: Uint8Array): string[] {
  return new TextDecoder().decode(bytes).split('\n').filter((l) => l.includes('mos_1:'));
}

describe('simulated device pacing', () => {
  it('delivers its nominal rate in wall time, and n times as many frames when fast-forwarded', () => {
    const device = enoseDevice();
    device.produce(0);
    expect(frameLines(device.produce(10_000))).toHaveLength(10);
    expect(device.model.handleCommand('SET speed 60')).toBe('OK');
    expect(frameLines(device.produce(11_000))).toHaveLength(60);
    // Device time still advances one nominal period (1 s) per frame: 70 frames, 70 s.
    expect(device.model.step().timeS).toBeCloseTo(70, 6);
  });

  it('refuses a speed outside its range and keeps the one it had', () => {
    const device = enoseDevice();
    expect(device.model.handleCommand('SET speed 0')).toBe('ERR speed must be a number in [0.1, 100]');
    expect(device.model.handleCommand('SET speed fast')).toBe('ERR speed must be a number in [0.1, 100]');
    expect(device.model.speed).toBe(1);
  });
});
