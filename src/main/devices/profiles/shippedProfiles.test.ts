import { describe, expect, it } from 'vitest';
import { deviceFamilySchema, valuesPerFrame } from '../../../shared/domain/deviceProfile';
import { ECHOLOC_RECEIVER_POSITIONS } from '../simulators/echolocSimulator';
import { createSimulator } from '../simulators/simulatorFactory';
import { defaultProfileOf, findShippedProfile, loadShippedProfiles } from './shippedProfiles';

describe('shipped profiles', () => {
  it('are all valid, with unique ids, one default per family plus the Modbus e-nose', () => {
    const profiles = loadShippedProfiles();
    expect(profiles.map((p) => p.id)).toEqual(['sensor-augmenter-32', 'echoloc-square-4', 'imu-6axis', 'enose-8mos', 'enose-8mos-modbus', 'sits-sentinel2']);
    expect(findShippedProfile('enose-8mos-modbus')?.protocol.kind).toBe('modbus-rtu');
    expect(findShippedProfile('nope')).toBeUndefined();
  });

  it.each(deviceFamilySchema.options)('%s: the simulator matches its profile (channels, frame size, rate, identity)', (family) => {
    const profile = defaultProfileOf(family);
    const sim = createSimulator(family, 7);
    expect(sim.family).toBe(family);
    expect(sim.channelNames).toEqual(profile.channels.map((c) => c.name));
    expect(sim.valuesPerFrame).toBe(valuesPerFrame(profile));
    expect(sim.nominalRateHz).toBe(profile.nominalRateHz);
    if (profile.identify !== undefined) {
      expect(sim.handleCommand(profile.identify.command)).toMatch(new RegExp(profile.identify.responsePattern));
    }
  });

  it('carries the seeds’ numbers', () => {
    const imu = defaultProfileOf('imu');
    expect(imu.serial?.baudRate).toBe(115200);
    expect(imu.channels.filter((c) => c.group === 'accel').map((c) => c.range)).toEqual([[-50, 50], [-50, 50], [-50, 50]]);
    expect(imu.channels.filter((c) => c.group === 'gyro').map((c) => c.range)).toEqual([[-10, 10], [-10, 10], [-10, 10]]);
    expect(defaultProfileOf('enose').serial?.baudRate).toBe(9600);
    expect(defaultProfileOf('echoloc').serial?.baudRate).toBe(921600);
    expect(defaultProfileOf('augmenter').channels).toHaveLength(64);
    expect(defaultProfileOf('sits').serial).toBeUndefined();
  });

  it('places the echolocation receivers where the simulated array has them', () => {
    expect(defaultProfileOf('echoloc').channels.map((c) => c.position)).toEqual(ECHOLOC_RECEIVER_POSITIONS);
  });

  it('the Modbus e-nose maps every channel to a register', () => {
    const profile = findShippedProfile('enose-8mos-modbus');
    if (profile?.protocol.kind !== 'modbus-rtu') throw new Error('expected a Modbus profile');
    expect(profile.protocol.registers.map((r) => r.channel)).toEqual(profile.channels.map((c) => c.name));
  });

  it('every simulated reading of a default scenario lies in its channel’s valid range', () => {
    for (const family of ['augmenter', 'imu', 'enose'] as const) {
      const profile = defaultProfileOf(family);
      const sim = createSimulator(family, 1);
      for (let n = 0; n < 200; n++) {
        const { values } = sim.step();
        profile.channels.forEach((c, i) => {
          expect(values[i], `${family} ${c.name}`).toBeGreaterThanOrEqual(c.range[0]);
          expect(values[i], `${family} ${c.name}`).toBeLessThanOrEqual(c.range[1]);
        });
      }
    }
  });
});
