import type { DeviceHealth } from '../../../../shared/ipc/domains/devices';

/** How far the measured rate may fall below nominal before the reading turns amber. */
const RATE_TOLERANCE = 0.05;

export function formatRate(health: DeviceHealth): string {
  return `${health.measuredRateHz.toFixed(health.measuredRateHz < 10 ? 1 : 0)} / ${health.nominalRateHz} Hz`;
}

/** 'ok' | 'warn' | 'bad' for colouring a rate reading. */
export function rateLevel(health: DeviceHealth): 'ok' | 'warn' | 'bad' {
  if (health.state !== 'open') return 'bad';
  if (health.measuredRateHz < health.nominalRateHz * (1 - RATE_TOLERANCE)) return 'warn';
  return 'ok';
}

export function formatBytesPerS(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB/s`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB/s`;
  return `${bytes.toFixed(0)} B/s`;
}
