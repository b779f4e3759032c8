import { describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../../../shared/domain/deviceProfile';
import { plotGroupsOf } from './plotGroups';

const channel = (name: string, unit: string, group?: string) => ({ name, unit, range: [0, 1] as [number, number], group });

describe('plotGroupsOf', () => {
  it('splits by group and by unit within a group, keeping column order', () => {
    const profile = {
      channels: [channel('ax', 'm/s²', 'accel'), channel('gx', 'rad/s', 'gyro'), channel('ay', 'm/s²', 'accel'), channel('t', '°C', 'env'), channel('h', '%RH', 'env'), channel('x', '')],
    } as unknown as DeviceProfile;
    const groups = plotGroupsOf(profile);
    expect(groups.map((g) => [g.key, g.columns])).toEqual([
      ['accel|m/s²', [0, 2]],
      ['gyro|rad/s', [1]],
      ['env|°C', [3]],
      ['env|%RH', [4]],
      ['channels|', [5]],
    ]);
    expect(groups[0].series).toEqual([
      { label: 'ax', unit: 'm/s²', colour: undefined, alarm: [0, 1] },
      { label: 'ay', unit: 'm/s²', colour: undefined, alarm: [0, 1] },
    ]);
  });
});
