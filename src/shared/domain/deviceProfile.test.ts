import { describe, expect, it } from 'vitest';
import { type DeviceProfile, parseDeviceProfile, valuesPerFrame } from './deviceProfile';

/** A minimal valid serial profile; tests change one thing at a time. */
function validProfile(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id: 'imu-test',
    family: 'imu',
    displayName: 'Test IMU',
    protocol: { kind: 'text', separators: ['comma'], labelled: false, headerExpected: true, timeColumn: { name: 't_ms', unit: 'ms' } },
    serial: { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1, flowControl: 'none' },
    channels: [
      { name: 'accel_x', unit: 'm/s²', range: [-50, 50], group: 'accel', colour: '#d62728' },
      { name: 'gyro_x', unit: 'rad/s', range: [-10, 10], group: 'gyro' },
    ],
    nominalRateHz: 100,
    identify: { command: 'ID?', responsePattern: '^SC-IMU,.*$', timeoutMs: 500 },
    modelFamilies: ['imu'],
  };
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = parseDeviceProfile(input);
  if (result.ok) throw new Error('expected the profile to be rejected');
  return [...result.issues];
}

function paths(input: unknown): string[] {
  return issuesOf(input).map((i) => i.path);
}

describe('parseDeviceProfile', () => {
  it('accepts a valid profile and returns it typed', () => {
    const result = parseDeviceProfile(validProfile());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.profile.channels.map((c) => c.name)).toEqual(['accel_x', 'gyro_x']);
  });

  it('names each unknown key with its full path', () => {
    const p = validProfile();
    (p.channels as Record<string, unknown>[])[1].color = '#ffffff';
    p.extra = true;
    expect(paths(p).sort()).toEqual(['channels[1].color', 'extra']);
  });

  it('rejects a range whose min is not below max, at the range', () => {
    const p = validProfile();
    (p.channels as Record<string, unknown>[])[0].range = [5, 5];
    expect(issuesOf(p)).toEqual([{ path: 'channels[0].range', message: 'min must be less than max' }]);
  });

  it('rejects duplicate channel names at the second one', () => {
    const p = validProfile();
    (p.channels as Record<string, unknown>[])[1].name = 'accel_x';
    expect(issuesOf(p)).toEqual([{ path: 'channels[1].name', message: 'duplicate channel name "accel_x"' }]);
  });

  it('rejects an invalid identify regex and a bad colour', () => {
    const p = validProfile();
    (p.identify as Record<string, unknown>).responsePattern = '^SC-(IMU';
    (p.channels as Record<string, unknown>[])[0].colour = 'red';
    expect(paths(p).sort()).toEqual(['channels[0].colour', 'identify.responsePattern']);
  });

  it('checks protocol options by kind', () => {
    const p = validProfile();
    p.protocol = { kind: 'binary', sampleType: 'f64', byteOrder: 'little', scale: 0, offset: 0 };
    expect(paths(p).sort()).toEqual(['protocol.sampleType', 'protocol.scale']);
  });

  it('requires serial settings and identify for serial devices, and forbids serial for datasets', () => {
    const serialWithout = validProfile();
    delete serialWithout.serial;
    delete serialWithout.identify;
    expect(paths(serialWithout).sort()).toEqual(['identify', 'serial']);

    const dataset = validProfile();
    dataset.protocol = { kind: 'dataset', format: 'npy' };
    delete dataset.identify;
    expect(issuesOf(dataset)).toEqual([{ path: 'serial', message: 'a dataset device has no serial settings' }]);
  });

  it('validates a Modbus register map against the channels', () => {
    const p = validProfile();
    const register = { channel: 'accel_x', address: 0, functionCode: 4, type: 'f32', wordOrder: 'big', scale: 1, offset: 0 };
    p.protocol = {
      kind: 'modbus-rtu',
      unitId: 1,
      pollPeriodMs: 100,
      timeoutMs: 100,
      registers: [register, { ...register, address: 65535 }, { ...register, channel: 'nope', functionCode: 6 }],
    };
    delete p.identify;
    // functionCode 6 fails the base schema, so only that is reported first.
    expect(paths(p)).toEqual(['protocol.registers[2].functionCode']);
    (p.protocol as { registers: Record<string, unknown>[] }).registers[2].functionCode = 3;
    expect(paths(p)).toEqual([
      'protocol.timeoutMs',
      'protocol.registers[1].channel',
      'protocol.registers[1].address',
      'protocol.registers[2].channel',
    ]);
  });

  it('checks a tensor layout against the channel count', () => {
    const p = validProfile();
    p.frameLayout = {
      kind: 'tensor',
      parts: [
        { name: 'sequences', shape: [24, 13, 8, 8], axes: ['T', 'C', 'H', 'W'] },
        { name: 'mask', shape: [24], axes: ['T', 'X'] },
      ],
    };
    expect(paths(p)).toEqual(['frameLayout.parts[0].shape[1]', 'frameLayout.parts[1].axes']);
  });

  it('rejects a non-object at the root', () => {
    expect(paths('imu')).toEqual(['(root)']);
  });
});

describe('valuesPerFrame', () => {
  function parsed(extra: Record<string, unknown>): DeviceProfile {
    const result = parseDeviceProfile({ ...validProfile(), ...extra });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.profile;
  }

  it('is the channel count for flat frames, channels × samples for waveforms, the tensor sizes summed', () => {
    expect(valuesPerFrame(parsed({}))).toBe(2);
    expect(valuesPerFrame(parsed({ frameLayout: { kind: 'waveform', samplesPerChannel: 256, sampleRateHz: 20000 } }))).toBe(512);
    const tensor = { kind: 'tensor', parts: [{ name: 'a', shape: [3, 2], axes: ['T', 'C'] }, { name: 'b', shape: [3], axes: ['T'] }] };
    expect(valuesPerFrame(parsed({ frameLayout: tensor }))).toBe(9);
  });
});
