import { afterEach, describe, expect, test } from 'vitest';
import { concatFrameBatches, type FrameBatch } from '../../shared/domain/frameBatch';
import { readHistory, type HistoryQuery } from './recordingHistory';
import { openRecording } from './recordingReader';
import { RecordingSession } from './recordingSession';
import { fakeCalibrated, simulatedBatches, simulatedDevice, tempDir } from './testing/recordingFixtures';

const HOST_START_MS = 1_750_000_000_000;
const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((remove) => remove()));

/** A session on a fresh folder whose chunks are cut only by flush() (and by size: 16 KiB). */
async function startSession(): Promise<RecordingSession> {
  const t = tempDir('history');
  temps.push(t.remove);
  const session = await RecordingSession.start({ dir: t.dir, sessionId: 'live-1', name: 'live', appVersion: '0.1.0', chunkSizeBytes: 16 * 1024, flushIntervalMs: 60_000, syncEachChunk: false });
  session.addDevice(simulatedDevice('imu', 'imu-1'));
  session.addDevice(simulatedDevice('augmenter', 'aug-1'));
  return session;
}

async function history(session: RecordingSession, query: Partial<HistoryQuery> = {}): ReturnType<typeof readHistory> {
  const source = session.historySource('imu-1');
  if (!source) throw new Error('imu-1 is not in the recording');
  // Buckets of 20 µs at the default: narrower than the frame spacing, so nothing is decimated.
  return readHistory(source, { axis: 'device', from: 0, to: 100, maxPointsPerSeries: 1e7, ...query });
}

/** Waits until queued writes are encoded (the drain runs on later turns of the event loop). */
const drained = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('readHistory on a recording still being written', () => {
  test('returns every frame of the chunks already on disk, bit for bit, and nothing of the open chunk', async () => {
    const session = await startSession();
    const imu = [...simulatedBatches('imu', 'imu-1', 3, 30, 50, HOST_START_MS)];
    const aug = [...simulatedBatches('augmenter', 'aug-1', 4, 30, 10, HOST_START_MS)];
    imu[2].values[4] = Number.NaN;
    for (let i = 0; i < 20; i++) {
      session.writeFrames('imu-1', 'raw', imu[i]);
      session.writeFrames('aug-1', 'raw', aug[i]);
    }
    await session.flush();
    // The file has no summary yet: the indexed reader cannot open it, the history read can.
    expect(await openRecording(session.partialPath)).toMatchObject({ ok: false });
    const written = concatFrameBatches(imu.slice(0, 20));
    const all = await history(session);
    expect(all.frames).toBe(1000);
    expect(Array.from(all.x)).toEqual(Array.from(written.deviceTimeS));
    for (let c = 0; c < written.channelCount; c++) {
      expect(Array.from(all.columns[c])).toEqual(Array.from({ length: 1000 }, (_, i) => written.values[i * written.channelCount + c]));
    }
    expect(all.recordedFrom).toBe(written.deviceTimeS[0]);

    // Encoded but still in the writer's open chunk (below its 16 KiB): not readable yet.
    for (let i = 20; i < 22; i++) session.writeFrames('imu-1', 'raw', imu[i]);
    await drained();
    expect((await history(session)).frames).toBe(1000);
    await session.flush();
    expect((await history(session)).frames).toBe(1100);
    await session.close();
  });

  test('limits to the range on either axis and decimates to the point budget, keeping every extreme', async () => {
    const session = await startSession();
    const imu = [...simulatedBatches('imu', 'imu-1', 5, 40, 50, HOST_START_MS)];
    for (const batch of imu) session.writeFrames('imu-1', 'raw', batch);
    await session.flush();
    const frames = concatFrameBatches(imu);
    const inRange = (i: number, from: number, to: number, x: (i: number) => number): boolean => x(i) >= from && x(i) < to;
    const device = (i: number): number => frames.deviceTimeS[i];
    const host = (i: number): number => frames.hostTimeMs[i] / 1000;
    const [from, to] = [device(300), device(1700)];

    const decimated = await history(session, { from, to, maxPointsPerSeries: 100 });
    expect(decimated.frames).toBe(1400);
    expect(decimated.x.length).toBeLessThanOrEqual(102);
    expect(decimated.x[0]).toBe(from);
    const picked = Array.from({ length: frames.frameCount }, (_, i) => i).filter((i) => inRange(i, from, to, device));
    for (let c = 0; c < frames.channelCount; c++) {
      const values = picked.map((i) => frames.values[i * frames.channelCount + c]);
      expect(Math.max(...decimated.columns[c])).toBe(Math.max(...values));
      expect(Math.min(...decimated.columns[c])).toBe(Math.min(...values));
    }

    const [hostFrom, hostTo] = [host(100), host(250)];
    const byHost = await history(session, { axis: 'host', from: hostFrom, to: hostTo });
    expect(byHost.frames).toBe(Array.from({ length: frames.frameCount }, (_, i) => i).filter((i) => inRange(i, hostFrom, hostTo, host)).length);
    expect(byHost.x[0]).toBeCloseTo(hostFrom, 6);

    expect((await history(session, { from: device(1999) + 10, to: device(1999) + 20 })).frames).toBe(0);
    await session.close();
  });

  test('reads the calibrated frames of a chunk that has them (what the live view showed), else the raw ones', async () => {
    const session = await startSession();
    const imu = [...simulatedBatches('imu', 'imu-1', 8, 4, 50, HOST_START_MS)];
    session.writeFrames('imu-1', 'raw', imu[0]);
    await session.flush();
    for (const batch of imu.slice(1)) {
      session.writeFrames('imu-1', 'raw', batch);
      session.writeFrames('imu-1', 'calibrated', fakeCalibrated(batch));
    }
    await session.flush();
    const read = await history(session);
    const expected: FrameBatch = concatFrameBatches([imu[0], ...imu.slice(1).map(fakeCalibrated)]);
    expect(read.frames).toBe(200);
    expect(Array.from(read.columns[0])).toEqual(Array.from({ length: 200 }, (_, i) => expected.values[i * expected.channelCount]));
    await session.close();
  });

  test('a device not in the recording has no history source', async () => {
    const session = await startSession();
    expect(session.historySource('nope')).toBeUndefined();
    expect((await history(session)).recordedFrom).toBeNull();
    await session.close();
  });
});
