import type { CalibrationVersion, ChannelFit } from '../../../shared/domain/calibration';
import type { DeviceChannel } from '../../../shared/domain/deviceProfile';
import { transformValue, zeroingTransform } from '../apply/transforms';
import type { CapturedPoint } from '../engine/procedureTypes';
import { buildChannelFit, limitCheck, type Limits } from '../fitting/fitReport';
import { previousTransform } from './channelFeatures';

/** Limits of a zero calibration, per channel. */
export interface ZeroLimits {
  /** The offset found (raw − target) must lie in these bands. */
  readonly offset: (channel: DeviceChannel) => Limits;
  /** The noise of the captured signal, standard deviation. */
  readonly noise: (channel: DeviceChannel) => Limits;
}

/**
 * Fits offsets from one still capture: each channel's transform is shifted so its mean reads
 * `target`, keeping any gain a span calibration set. Used by the zero and gyro-bias procedures.
 */
export function zeroFit(
  channels: readonly DeviceChannel[],
  point: CapturedPoint,
  target: number,
  previous: CalibrationVersion | null,
  limits: ZeroLimits,
): ChannelFit[] {
  return channels.map((ch, f) => {
    const raw = point.mean[f];
    const transform = zeroingTransform(ch.name, previousTransform(previous, ch.name), raw, target);
    return buildChannelFit({
      channel: ch.name,
      unit: ch.unit,
      model: 'offset',
      transform,
      labels: ['zero input'],
      reference: [target],
      raw: [raw],
      corrected: [transformValue(transform, raw)],
      checks: [
        limitCheck(`offset ${ch.name}`, raw - target, ch.unit, limits.offset(ch)),
        limitCheck(`noise ${ch.name}`, point.std[f], ch.unit, limits.noise(ch)),
      ],
    });
  });
}
