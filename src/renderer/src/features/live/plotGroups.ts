import type { DeviceProfile } from '../../../../shared/domain/deviceProfile';

export interface PlotGroup {
  /** Stable key, e.g. `accel|m/s²`. */
  readonly key: string;
  readonly title: string;
  readonly unit: string;
  /** Column indices in the device's frames. */
  readonly columns: readonly number[];
  /** Per column: channel name, unit, the profile's colour and valid range (the alarm band). */
  readonly series: readonly { label: string; unit: string; colour?: string; alarm?: readonly [number, number] }[];
}

/**
 * One plot per channel group and unit (accelerometer and gyroscope apart; temperature and humidity
 * apart even in one group), so every axis carries exactly one unit.
 */
export function plotGroupsOf(profile: DeviceProfile): PlotGroup[] {
  const groups = new Map<string, { title: string; unit: string; columns: number[] }>();
  profile.channels.forEach((channel, index) => {
    const title = channel.group ?? 'channels';
    const key = `${title}|${channel.unit}`;
    const group = groups.get(key) ?? { title, unit: channel.unit, columns: [] };
    group.columns.push(index);
    groups.set(key, group);
  });
  return [...groups.entries()].map(([key, g]) => ({
    key,
    title: g.title,
    unit: g.unit,
    columns: g.columns,
    series: g.columns.map((c) => {
      const channel = profile.channels[c];
      return { label: channel.name, unit: channel.unit, colour: channel.colour, alarm: channel.range };
    }),
  }));
}
