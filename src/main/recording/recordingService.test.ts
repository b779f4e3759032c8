import { copyFileSync, existsSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openDatabase } from '../storage/database';
import { migrations } from '../storage/migrations';
import { recordingPaths, recordingsDir } from './recordingLayout';
import { RecordingService } from './recordingService';
import { RecordingStore } from './recordingStore';
import { simulatedBatches, simulatedDevice, tempDir } from './testing/recordingFixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

test('sessions are indexed from start to end, and a recording cut short is repaired and re-indexed at the next start', async () => {
  const t = tempDir('recording-service');
  const { db } = openDatabase(join(t.dir, 'console.db'), migrations);
  cleanups.push(() => {
    db.close();
    t.remove();
  });
  const store = new RecordingStore(() => db);
  const service = new RecordingService({ dataDir: t.dir, store, appVersion: '0.1.0', session: { chunkSizeBytes: 4096 } });
  await service.start();
  expect(service.health()).toEqual({ state: 'running', detail: 'idle' });

  const session = await service.startSession({ name: 'Walk', tags: ['imu'], devices: [simulatedDevice('imu', 'imu-1')] });
  expect(store.get(session.sessionId)).toMatchObject({ name: 'Walk', state: 'recording', devices: [{ id: 'imu-1', profileId: 'imu-6axis' }] });
  for (const batch of simulatedBatches('imu', 'imu-1', 1, 10, 100, 1_750_000_000_000)) session.writeFrames('imu-1', 'raw', batch);
  const result = await service.stopSession(session);
  if (!result.ok) throw new Error(result.message);
  expect(store.get(session.sessionId)).toMatchObject({ state: 'complete', frameCount: 1000, sizeBytes: result.sizeBytes, filePath: result.path });

  // As if the console had stopped mid-recording: the index says "recording", the file is a cut-short partial.
  const crashed = await service.startSession({ name: 'Crashed', devices: [simulatedDevice('imu', 'imu-1')] });
  const paths = recordingPaths(recordingsDir(t.dir), crashed.sessionId);
  const closed = await crashed.close();
  if (!closed.ok) throw new Error(closed.message);
  rmSync(closed.path);
  copyFileSync(result.path, paths.partial);
  truncateSync(paths.partial, Math.floor(readFileSync(result.path).byteLength * 0.6));

  const restarted = new RecordingService({ dataDir: t.dir, store, appVersion: '0.1.0' });
  await restarted.start();
  expect(restarted.repairs).toHaveLength(1);
  const entry = store.get(crashed.sessionId);
  expect(entry).toMatchObject({ state: 'repaired', filePath: paths.final });
  expect(entry?.frameCount).toBeGreaterThan(0);
  expect(entry?.frameCount).toBeLessThan(1000);
  expect(entry?.stateDetail).toMatch(/frames recovered/);
  expect(existsSync(paths.partial)).toBe(false);
});
