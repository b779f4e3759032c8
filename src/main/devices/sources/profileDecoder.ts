import { valuesPerFrame, type DeviceProfile } from '../../../shared/domain/deviceProfile';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import type { IFrameDecoder } from '../codecs/IFrameDecoder';

/** A decoder configured from a streaming device's profile (one per connection). */
export function decoderForProfile(deviceId: string, profile: DeviceProfile): IFrameDecoder {
  const protocol = profile.protocol;
  const names = profile.channels.map((c) => c.name);
  switch (protocol.kind) {
    case 'text': {
      const time = protocol.timeColumn;
      // Positional lines carry the time column first (as the header names it), then the channels.
      const channelNames = time && !protocol.labelled ? [time.name, ...names] : names;
      return createFrameDecoder('text', {
        deviceId,
        channelNames,
        deviceTime: time ? { label: time.name, unit: time.unit } : undefined,
      });
    }
    case 'json':
      return createFrameDecoder('json', {
        deviceId,
        channelNames: names,
        deviceTime: protocol.timeField ? { label: protocol.timeField.name, unit: protocol.timeField.unit } : undefined,
      });
    case 'binary':
      return createFrameDecoder('binary', {
        deviceId,
        channelCount: valuesPerFrame(profile),
        sampleScale: protocol.sampleType === 'f32' ? undefined : protocol.scale,
        maxSamples: Math.max(4096, valuesPerFrame(profile)),
      });
    case 'modbus-rtu':
    case 'dataset':
      throw new Error(`${profile.displayName} (${protocol.kind}) is not a streaming device`);
  }
}
