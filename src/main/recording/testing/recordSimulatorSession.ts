import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { concatFrameBatches, type FrameBatch } from '../../../shared/domain/frameBatch';
import { DeviceManager } from '../../devices/deviceManager';
import { waitFor } from '../../devices/serial/testing/waitFor';
import { openDatabase } from '../../storage/database';
import { migrations } from '../../storage/migrations';
import { LiveRecorder } from '../liveRecorder';
import { RecordingService } from '../recordingService';
import { RecordingStore } from '../recordingStore';

/** A session recorded from a live simulator with the real recorder, and the index that lists it. */
export interface RecordedSimulatorSession {
  readonly db: DatabaseSync;
  readonly store: RecordingStore;
  readonly recorder: LiveRecorder;
  readonly sessionId: string;
  /** The simulator's id in the console, and so in the recording. */
  readonly deviceId: string;
  readonly path: string;
  /** Frames the device delivered while recording, as a subscriber saw them (a subset of what was recorded). */
  readonly seenLive: FrameBatch;
}

/** Records `profileId`'s simulator for `durationMs` into `dataDir`; close `db` when done. */
export async function recordSimulatorSession(dataDir: string, profileId: string, durationMs: number): Promise<RecordedSimulatorSession> {
  const { db } = openDatabase(join(dataDir, 'console.db'), migrations);
  const store = new RecordingStore(() => db);
  const service = new RecordingService({ dataDir, store, appVersion: 'test' });
  await service.start();
  const devices = new DeviceManager({ onChanged: () => undefined, log: () => undefined });
  const recorder = new LiveRecorder({ service, devices, subscribePredictions: () => () => undefined, log: () => undefined });
  const device = await devices.connect({ kind: 'simulator', profileId, seed: 7 });
  await waitFor(() => devices.source(device.id).info().health.framesTotal > 0, 'the simulator streaming');
  const status = await recorder.start({ name: `${profileId} take`, tags: ['bench'] });
  const seen: FrameBatch[] = [];
  const stopWatching = devices.subscribeRaw(device.id, (batch) => seen.push(batch));
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  stopWatching();
  const result = await recorder.stop();
  await devices.stop();
  if (!('path' in result)) throw new Error(result.error);
  if (status.sessionId === null) throw new Error('the recorder gave no session id');
  return { db, store, recorder, sessionId: status.sessionId, deviceId: device.id, path: result.path, seenLive: concatFrameBatches(seen) };
}
