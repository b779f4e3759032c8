import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceFamily, DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import { defaultProfileOf } from '../../devices/profiles/shippedProfiles';
import type { ISimulatorModel } from '../../devices/simulators/ISimulatorModel';
import { createSimulator } from '../../devices/simulators/simulatorFactory';
import { simulateBatch } from '../../devices/simulators/simulateBatch';
import type { RecordedDevice } from '../recordingSession';

/** A temp folder removed by the returned function (tests' data directory). */
export function tempDir(prefix: string): { readonly dir: string; readonly remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A simulated device of `family` as the recorder sees it. */
export function simulatedDevice(family: DeviceFamily, id: string, profile: DeviceProfile = defaultProfileOf(family)): RecordedDevice {
  return { id, name: `${family} simulator`, identity: `SIM-${family.toUpperCase()} fw1.0`, profile };
}

/**
 * `count` batches (generated as they are taken) of `framesPerBatch` frames from a seeded simulator: the same arguments always
 * give the same frames, so a test (or a killed child's parent) can regenerate what was recorded.
 */
export function* simulatedBatches(
  family: DeviceFamily,
  deviceId: string,
  seed: number,
  count: number,
  framesPerBatch: number,
  hostStartMs: number,
): Generator<FrameBatch> {
  // Widened to the interface: the truth type differs per family and is not recorded.
  const model: ISimulatorModel<unknown> = createSimulator(family, seed);
  for (let i = 0; i < count; i++) yield simulateBatch(model, deviceId, framesPerBatch, hostStartMs).batch;
}

/** A stand-in for calibration (which lands later): gain 2, offset 1, same frames and times. */
export function fakeCalibrated(batch: FrameBatch): FrameBatch {
  return { ...batch, values: batch.values.map((v) => v * 2 + 1) };
}
