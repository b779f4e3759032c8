import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import type { ModelManifest } from '../../shared/domain/modelManifest';
import { findShippedProfile } from '../devices/profiles/shippedProfiles';
import { SitsSimulator } from '../devices/simulators/sitsSimulator';
import { readModelPackage } from '../inference/modelPackage';
import type { HostTensor } from '../inference/hostTensor';
import { type HostFeed, isWindowedFeed } from '../inference/windowedFeed';
import { liveInputOf } from './liveModel';

let manifest: ModelManifest;
let profile: DeviceProfile;
const SERIES_VALUES = 24 * 13 * 8 * 8;

beforeAll(async () => {
  manifest = (await readModelPackage(join(import.meta.dirname, '../../../models/sits/sits-former'))).manifest;
  const shipped = findShippedProfile('sits-sentinel2');
  if (!shipped) throw new Error('sits profile missing');
  profile = shipped;
});

/** Frames as the SITS simulator (and a SITS dataset device) sends them: one series + mask per frame. */
function seriesFrames(count: number, seed = 3): { batch: FrameBatch; masks: Uint8Array[] } {
  const simulator = new SitsSimulator({ seed });
  const steps = Array.from({ length: count }, () => simulator.step());
  const n = steps[0].values.length;
  const values = new Float32Array(count * n);
  steps.forEach((s, i) => values.set(s.values, i * n));
  const seq = Float64Array.from(steps, (_, i) => i);
  return { batch: { deviceId: 'sits', channelCount: n, frameCount: count, seq, deviceTimeS: seq, hostTimeMs: seq, values }, masks: steps.map((s) => s.truth.cloudMask) };
}

describe('live input of a tensor device', () => {
  it('feeds each frame as one sample: the normalised series to "sequences", the cloud mask to "masks"', () => {
    const input = liveInputOf(profile, manifest);
    const { batch, masks } = seriesFrames(3);
    const checked = input.push(batch);
    expect(checked.map((c) => c.check.ok)).toEqual([true, true, true]);
    const fed = input.feeds(manifest, checked.map((c) => c.window));
    const tensor = (feed: HostFeed): HostTensor => {
      if (isWindowedFeed(feed)) throw new Error('a tensor device feeds whole samples, not windows of a stream');
      return feed;
    };
    const feeds = { sequences: tensor(fed['sequences']), masks: tensor(fed['masks']) };
    expect(feeds['sequences'].dims).toEqual([3, 24, 13, 8, 8]);
    expect(feeds['masks'].dims).toEqual([3, 24]);
    expect(feeds['masks'].data.slice(24, 48)).toEqual(masks[1]);
    const norm = manifest.inputs[0].normalisation;
    if (!norm) throw new Error('the SITS model normalises its bands');
    // Entry (t = 0, band 2, pixel 5) of the second series.
    const e = 2 * 64 + 5;
    expect(feeds['sequences'].data[SERIES_VALUES + e]).toBeCloseTo((batch.values[batch.channelCount + e] - norm.mean[2]) / norm.std[2], 5);
  });

  it('rejects a series holding a NaN', () => {
    const { batch } = seriesFrames(1);
    batch.values[100] = Number.NaN;
    expect(liveInputOf(profile, manifest).push(batch)[0].check).toEqual({ ok: false, reason: 'non-finite' });
  });

  it('refuses a profile whose frames have no part for an input', () => {
    const layout = profile.frameLayout;
    if (layout?.kind !== 'tensor') throw new Error('tensor layout expected');
    const noMask: DeviceProfile = { ...profile, frameLayout: { ...layout, parts: [layout.parts[0]] } };
    expect(() => liveInputOf(noMask, manifest)).toThrow(/input "masks" \[batch, 24, bool\] matches no array of the device's frames/);
    expect(() => liveInputOf(findShippedProfile('imu-6axis') as DeviceProfile, manifest)).toThrow(/sits model and this is a imu device/);
  });
});
