import { type DeviceFamily, type DeviceProfile, parseDeviceProfile } from '../../../shared/domain/deviceProfile';
import augmenter from './augmenter.json' with { type: 'json' };
import echoloc from './echoloc.json' with { type: 'json' };
import enoseModbus from './enose-modbus.json' with { type: 'json' };
import enose from './enose.json' with { type: 'json' };
import imu from './imu.json' with { type: 'json' };
import sits from './sits.json' with { type: 'json' };

/** A shipped profile file that failed validation: a build defect, reported with every issue. */
export class ShippedProfileError extends Error {
  override readonly name = 'ShippedProfileError';
}

// Imported rather than read from disk, so the bundler embeds them and no install path is needed.
const SHIPPED: readonly (readonly [file: string, json: unknown])[] = [
  ['augmenter.json', augmenter],
  ['echoloc.json', echoloc],
  ['imu.json', imu],
  ['enose.json', enose],
  ['enose-modbus.json', enoseModbus],
  ['sits.json', sits],
];

let cache: readonly DeviceProfile[] | undefined;

/** The profiles shipped with the console, validated once; throws `ShippedProfileError` if any is invalid. */
export function loadShippedProfiles(): readonly DeviceProfile[] {
  cache ??= SHIPPED.map(([file, json]) => {
    const result = parseDeviceProfile(json);
    if (!result.ok) {
      throw new ShippedProfileError(`${file}: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    }
    return result.profile;
  });
  return cache;
}

/** The shipped profile with this id, if any. */
export function findShippedProfile(id: string): DeviceProfile | undefined {
  return loadShippedProfiles().find((p) => p.id === id);
}

/** The default shipped profile of a family (the first listed, e.g. the serial-text e-nose before its Modbus variant). */
export function defaultProfileOf(family: DeviceFamily): DeviceProfile {
  const profile = loadShippedProfiles().find((p) => p.family === family);
  if (profile === undefined) throw new ShippedProfileError(`no shipped profile for family ${family}`);
  return profile;
}
