import { join } from 'node:path';
import type { DeviceProfile } from '../../shared/domain/deviceProfile';

/**
 * Where recordings live and how their channels and metadata are named: the one place the file
 * layout described in docs/recording.md is spelt out, shared by the writer, repair and reader.
 */

/** Which stage of the pipeline a frame channel holds. */
export type FrameKind = 'raw' | 'calibrated';
export const FRAME_KINDS: readonly FrameKind[] = ['raw', 'calibrated'];

/** `<dataDir>/recordings`. */
export function recordingsDir(dataDir: string): string {
  return join(dataDir, 'recordings');
}

/** The file names of one session: being written, finished, and the two repair stages. */
export function recordingPaths(dir: string, sessionId: string): {
  readonly partial: string;
  readonly final: string;
  readonly corrupt: string;
  readonly repairTemp: string;
} {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(sessionId)) {
    throw new Error(`"${sessionId}" is not a valid session id (letters, digits, _ and - only)`);
  }
  const final = join(dir, `${sessionId}.mcap`);
  return { partial: `${final}.partial`, final, corrupt: `${final}.corrupt`, repairTemp: `${final}.repair-tmp` };
}

/** Topic of a device's frames. */
export function frameTopic(deviceId: string, kind: FrameKind): string {
  return `/devices/${deviceId}/${kind}`;
}

/** Topic of a device's model outputs. */
export function predictionTopic(deviceId: string): string {
  return `/devices/${deviceId}/predictions`;
}

export const EVENTS_TOPIC = '/events';

/** Channel metadata keys (MCAP channel records carry a string map). */
export const CHANNEL_META = { deviceId: 'deviceId', kind: 'kind' } as const;

/** Metadata record names. */
export const METADATA = {
  /** Session name, tags, notes, app version, start time. */
  session: 'session',
  /** Written by close(): end time and frame counts. */
  sessionEnd: 'session-end',
  /** `device:<id>`: identity, profile id and JSON, value columns. */
  devicePrefix: 'device:',
  /** Written by repair: when, frames recovered, the damage found. */
  repair: 'repair',
  /** `calibration:<id>`: the calibration version in force on a device (empty: none), each time it changes. */
  calibrationPrefix: 'calibration:',
} as const;

/** One column of a device's frames: what the value is and its unit. */
export interface ValueColumn {
  readonly name: string;
  readonly unit: string;
}

/**
 * The column of every value in a frame, in order: the channels themselves, or for waveform and
 * tensor devices one column per sample (`rx0[17]`, `image[3,1,0,2]`) with the unit of the channel
 * it belongs to where the layout says which.
 */
export function valueColumns(profile: DeviceProfile): readonly ValueColumn[] {
  const layout = profile.frameLayout;
  if (layout === undefined) return profile.channels.map(({ name, unit }) => ({ name, unit }));
  const columns: ValueColumn[] = [];
  switch (layout.kind) {
    case 'waveform':
      for (const channel of profile.channels) {
        for (let i = 0; i < layout.samplesPerChannel; i++) columns.push({ name: `${channel.name}[${i}]`, unit: channel.unit });
      }
      break;
    case 'tensor':
      for (const part of layout.parts) {
        const c = part.axes.indexOf('C');
        const size = part.shape.reduce((a, b) => a * b, 1);
        for (let flat = 0; flat < size; flat++) {
          const index = unravel(flat, part.shape);
          const unit = c >= 0 ? (profile.channels[index[c]]?.unit ?? '') : '';
          columns.push({ name: `${part.name}[${index.join(',')}]`, unit });
        }
      }
      break;
  }
  return columns;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return index;
}

/** MCAP times are unsigned nanoseconds; times before the epoch (or NaN) clamp to 0. */
export function msToNs(ms: number): bigint {
  return Number.isFinite(ms) && ms > 0 ? BigInt(Math.round(ms * 1e6)) : 0n;
}

/** Seconds to MCAP nanoseconds, clamped like {@link msToNs}. */
export function sToNs(s: number): bigint {
  return msToNs(s * 1000);
}
