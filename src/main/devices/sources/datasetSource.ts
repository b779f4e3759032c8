import { basename } from 'node:path';
import { type DeviceProfile, deviceFamilySchema } from '../../../shared/domain/deviceProfile';
import { ContractError } from '../../../shared/ipc/contractError';
import type { DeviceSourceSpec } from '../../../shared/ipc/domains/devices';
import { PlaybackSource } from '../../recording/playbackSource';
import { openDataset } from '../../validation/datasets/openDataset';
import type { LabelledDataset } from '../../validation/datasets/labelledDataset';
import { defaultProfileOf } from '../profiles/shippedProfiles';
import { datasetFrames, memoryTape } from './datasetTape';
import { ensureDemoDataset } from './demoDataset';

/** What opening a dataset needs from the rest of the core. */
export interface DatasetSourceContext {
  readonly resolveProfile: (profileId: string) => Promise<DeviceProfile | undefined>;
  /** Where built-in demo datasets are generated; undefined: only datasets given by path. */
  readonly demoDatasetsDir?: string;
}

function refuse(message: string): ContractError {
  return new ContractError({ code: 'invalid-input', message });
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A dataset file streamed as a device: its samples played at the profile's pace (× speed), looping
 * by default, with the playback transport (pause, seek, speed). Every problem with the path or the
 * files is refused with a sentence naming it; nothing here throws anything else at the caller.
 */
export async function openDatasetSource(id: string, spec: Extract<DeviceSourceSpec, { kind: 'dataset' }>, context: DatasetSourceContext): Promise<PlaybackSource> {
  const requested = spec.profileId === undefined ? undefined : await context.resolveProfile(spec.profileId);
  if (spec.profileId !== undefined && !requested) throw refuse(`No device profile "${spec.profileId}".`);
  const path = spec.path ?? (await demoPath(requested, context.demoDatasetsDir));
  let dataset: LabelledDataset;
  try {
    dataset = await openDataset(path, { rateHz: requested?.nominalRateHz });
  } catch (error) {
    throw refuse(`Cannot stream ${path}: ${messageOf(error)}`);
  }
  const profile = requested ?? profileOf(dataset);
  if (!profile) throw refuse(`${path} does not say which device it comes from; choose a profile to stream it with.`);
  if (dataset.ref.family !== null && dataset.ref.family !== profile.family) {
    throw refuse(`${path} is a ${dataset.ref.family} dataset; ${profile.displayName} is a ${profile.family} device.`);
  }
  let frames;
  try {
    frames = datasetFrames(dataset, profile);
  } catch (error) {
    throw refuse(`Cannot stream ${path} as ${profile.displayName}: ${messageOf(error)}.`);
  }
  return new PlaybackSource({
    id,
    name: `${profile.displayName} (dataset ${basename(path)})`,
    spec,
    profile,
    tape: memoryTape(frames),
    speed: spec.speed,
    // A dataset is a demo or a soak feed: it keeps streaming unless told otherwise.
    loop: spec.loop ?? true,
  });
}

async function demoPath(profile: DeviceProfile | undefined, dir: string | undefined): Promise<string> {
  if (!profile) throw refuse('Give a dataset path, or a profile to open its demo dataset.');
  if (dir === undefined) throw refuse('This console has no data folder for demo datasets; give a dataset path.');
  try {
    return await ensureDemoDataset(profile, dir);
  } catch (error) {
    throw refuse(`Cannot generate the demo dataset of ${profile.displayName}: ${messageOf(error)}`);
  }
}

/** The profile a dataset folder names (stream datasets), else its family's default. */
function profileOf(dataset: LabelledDataset): DeviceProfile | undefined {
  if (dataset.data.kind === 'stream' && dataset.data.profile) return dataset.data.profile;
  const family = deviceFamilySchema.safeParse(dataset.ref.family);
  return family.success ? defaultProfileOf(family.data) : undefined;
}
