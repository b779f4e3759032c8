import { readFileSync, statSync } from 'node:fs';
import { McapIndexedReader } from '@mcap/core';
import { afterEach, describe, expect, test } from 'vitest';
import { concatFrameBatches, FrameBatchBuilder, type FrameBatch } from '../../shared/domain/frameBatch';
import { decompressHandlers } from './chunkCompression';
import { decodeFrame } from './frameMessage';
import { streamMcapRecords } from './mcapStream';
import { openRecording, type Recording } from './recordingReader';
import { frameTopic, recordingPaths } from './recordingLayout';
import { RecordingSession } from './recordingSession';
import { expectFramesEqual } from './testing/frameAssertions';
import { fakeCalibrated, simulatedBatches, simulatedDevice, tempDir } from './testing/recordingFixtures';

const HOST_START_MS = 1_750_000_000_000.25;
const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((remove) => remove()));

function recordingsFolder(): string {
  const t = tempDir('recording');
  temps.push(t.remove);
  return t.dir;
}

async function open(path: string): Promise<Recording> {
  const opened = await openRecording(path);
  if (!opened.ok) throw new Error(opened.message);
  return opened.recording;
}

async function readAll(recording: Recording, deviceId: string, kind: 'raw' | 'calibrated'): Promise<FrameBatch> {
  const batches: FrameBatch[] = [];
  for await (const batch of recording.frames(deviceId, kind)) batches.push(batch);
  return concatFrameBatches(batches);
}

/** Every frame of one topic as the stream reader (no index) sees it. */
async function streamFrames(path: string, topic: string, deviceId: string, channelCount: number): Promise<FrameBatch> {
  const builder = new FrameBatchBuilder(deviceId, channelCount);
  const channels = new Map<number, string>();
  const outcome = await streamMcapRecords(path, (records) => {
    for (const record of records) {
      if (record.type === 'Channel') channels.set(record.id, record.topic);
      if (record.type === 'Message' && channels.get(record.channelId) === topic) {
        const frame = decodeFrame(record.data);
        builder.push(frame.seq, frame.deviceTimeS, frame.hostTimeMs, frame.values);
      }
    }
  });
  expect(outcome).toMatchObject({ complete: true, error: null });
  return builder.take();
}

describe('RecordingSession', () => {
  test('everything written reads back bit for bit through the index and through a stream read', async () => {
    const dir = recordingsFolder();
    const session = await RecordingSession.start({ dir, sessionId: 'bench-1', name: 'Bench run', appVersion: '0.1.0', tags: ['bench', 'imu'], notes: 'first run', chunkSizeBytes: 32 * 1024 });
    const imu = simulatedDevice('imu', 'imu-1');
    const augmenter = simulatedDevice('augmenter', 'aug-1');
    session.addDevice(imu);
    session.addDevice(augmenter);
    session.addDevice(imu); // a reconnect declares the device again
    session.addMetadata('calibration:imu-1', { profileId: 'cal-7', version: '3' });
    session.addMetadata('models', { 'imu-steps': '1.2.0' });
    session.writeEvent({ time: HOST_START_MS, kind: 'connect', deviceId: 'imu-1', text: 'IMU connected', detail: { port: '/dev/ttyUSB0' } });
    const imuBatches = [...simulatedBatches('imu', 'imu-1', 7, 30, 50, HOST_START_MS)];
    const augBatches = [...simulatedBatches('augmenter', 'aug-1', 9, 15, 20, HOST_START_MS)];
    // Frames with NaN (a missing sample) and extreme values must survive too.
    imuBatches[3].values[5] = Number.NaN;
    imuBatches[3].values[6] = -3.4e38;
    for (let i = 0; i < 30; i++) {
      session.writeFrames('imu-1', 'raw', imuBatches[i]);
      session.writeFrames('imu-1', 'calibrated', fakeCalibrated(imuBatches[i]));
      if (i < 15) session.writeFrames('aug-1', 'raw', augBatches[i]);
    }
    const prediction = {
      deviceId: 'imu-1',
      modelId: 'imu-steps',
      modelVersion: '1.2.0',
      windowEndDeviceTimeS: 1.5,
      outputs: { step: [0.1, 0.9] },
      latencyMs: 0.4,
      hostTimeMs: HOST_START_MS + 1500,
    };
    session.writePrediction(prediction);
    session.writeEvent({ time: HOST_START_MS + 2000, kind: 'note', text: 'operator tapped the sensor', detail: {} });
    const result = await session.close();
    if (!result.ok) throw new Error(result.message);
    expect(result.frameCounts).toEqual({ 'imu-1': { raw: 1500, calibrated: 1500 }, 'aug-1': { raw: 300, calibrated: 0 } });
    expect(result.stats).toMatchObject({ state: 'closed', queuedFrames: 0, framesWritten: 3300, framesDurable: 3300, framesRefused: 0, error: null });
    expect(result.path).toBe(recordingPaths(dir, 'bench-1').final);
    expect(statSync(result.path).size).toBe(result.sizeBytes);

    const recording = await open(result.path);
    const { summary } = recording;
    expect(summary).toMatchObject({ sessionId: 'bench-1', name: 'Bench run', appVersion: '0.1.0', tags: ['bench', 'imu'], notes: 'first run', repaired: false, sizeBytes: result.sizeBytes });
    expect(summary.endedAt).not.toBeNull();
    expect(summary.devices.map((d) => [d.id, d.profileId, d.identity, d.frames])).toEqual([
      ['imu-1', 'imu-6axis', 'SIM-IMU fw1.0', { raw: 1500, calibrated: 1500 }],
      ['aug-1', augmenter.profile.id, augmenter.identity, { raw: 300, calibrated: 0 }],
    ]);
    expect(summary.devices[0].profile).toEqual(imu.profile);
    expect(summary.devices[0].columns[0]).toEqual({ name: 'accel_x', unit: 'm/s²' });
    expect(summary.firstTimeMs).toBeCloseTo(HOST_START_MS, 3);
    expect(summary.durationS).toBeCloseTo(14.99, 3); // 1500 IMU frames at 100 Hz
    expect(summary.metadata.find((m) => m.name === 'calibration:imu-1')?.entries).toEqual({ profileId: 'cal-7', version: '3' });
    expect(summary.channels.find((c) => c.topic === frameTopic('imu-1', 'raw'))).toMatchObject({ schema: 'sensor_console.Frame', messageEncoding: 'protobuf', messages: 1500 });

    const expectedImu = concatFrameBatches(imuBatches);
    expectFramesEqual(await readAll(recording, 'imu-1', 'raw'), expectedImu);
    expectFramesEqual(await readAll(recording, 'imu-1', 'calibrated'), fakeCalibrated(expectedImu));
    expectFramesEqual(await readAll(recording, 'aug-1', 'raw'), concatFrameBatches(augBatches));
    const predictions: unknown[] = [];
    for await (const p of recording.predictions('imu-1')) predictions.push(p);
    expect(predictions).toEqual([prediction]);
    const kinds: string[] = [];
    for await (const e of recording.events()) kinds.push(e.kind);
    expect(kinds).toEqual(['connect', 'note']);
    await recording.close();

    expectFramesEqual(await streamFrames(result.path, frameTopic('imu-1', 'raw'), 'imu-1', 6), expectedImu);
    expectFramesEqual(await streamFrames(result.path, frameTopic('aug-1', 'raw'), 'aug-1', augmenter.profile.channels.length), concatFrameBatches(augBatches));
  });

  test('a time-range read returns exactly the frames in [start, end)', async () => {
    const dir = recordingsFolder();
    const session = await RecordingSession.start({ dir, sessionId: 'range', name: 'range', appVersion: '0.1.0', chunkSizeBytes: 4096 });
    session.addDevice(simulatedDevice('imu', 'imu-1'));
    const batches = [...simulatedBatches('imu', 'imu-1', 3, 20, 50, HOST_START_MS)];
    for (const batch of batches) session.writeFrames('imu-1', 'raw', batch);
    const result = await session.close();
    if (!result.ok) throw new Error(result.message);
    const all = concatFrameBatches(batches);
    const recording = await open(result.path);
    const startMs = all.hostTimeMs[123];
    const endMs = all.hostTimeMs[456];
    const batchesInRange: FrameBatch[] = [];
    for await (const batch of recording.frames('imu-1', 'raw', { startMs, endMs }, 100)) batchesInRange.push(batch);
    await recording.close();
    expect(batchesInRange.every((b) => b.frameCount <= 100)).toBe(true);
    const got = concatFrameBatches(batchesInRange);
    expect(got.frameCount).toBe(456 - 123);
    expect(got.seq[0]).toBe(all.seq[123]);
    expect(got.seq[got.frameCount - 1]).toBe(all.seq[455]);
  });

  test('chunks are cut on size, and on time for a slow device, so frames reach the file while recording', async () => {
    const dir = recordingsFolder();
    const chunkSizeBytes = 8 * 1024;
    const session = await RecordingSession.start({ dir, sessionId: 'chunks', name: 'chunks', appVersion: '0.1.0', chunkSizeBytes, flushIntervalMs: 40 });
    session.addDevice(simulatedDevice('imu', 'imu-1'));
    const [slow, ...fast] = [...simulatedBatches('imu', 'imu-1', 5, 41, 25, HOST_START_MS)];

    // A slow device: one small batch, far below the chunk size, is in the file within the interval.
    session.writeFrames('imu-1', 'raw', slow);
    const deadline = performance.now() + 2000;
    while (session.stats().framesDurable < 25 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(session.stats().framesDurable).toBe(25);
    const whileRecording = await streamFrames2(recordingPaths(dir, 'chunks').partial);
    expect(whileRecording).toEqual({ frames: 25, complete: false });

    // A fast one: chunks are cut by size.
    for (const batch of fast) session.writeFrames('imu-1', 'raw', batch);
    expect(session.stats().queuedFrames).toBe(1000);
    await session.flush();
    expect(session.stats()).toMatchObject({ queuedFrames: 0, maxQueuedFrames: 1000, framesWritten: 1025, framesDurable: 1025, writeBacklogBytes: 0 });
    const result = await session.close();
    if (!result.ok) throw new Error(result.message);

    const bytes = readFileSync(result.path);
    const reader = await McapIndexedReader.Initialize({
      readable: { size: async () => BigInt(bytes.byteLength), read: async (offset, length) => bytes.subarray(Number(offset), Number(offset + length)) },
      decompressHandlers: decompressHandlers(),
    });
    const sizes = reader.chunkIndexes.map((c) => Number(c.uncompressedSize));
    const frameMessageBytes = 90; // one IMU frame message: record header + 3 doubles + 6 floats
    expect(sizes.length).toBeGreaterThanOrEqual(Math.floor((1025 * frameMessageBytes) / chunkSizeBytes));
    expect(Math.max(...sizes)).toBeLessThan(chunkSizeBytes + frameMessageBytes * 25);
    console.log(`chunking: ${sizes.length} chunks, uncompressed ${Math.min(...sizes)}–${Math.max(...sizes)} B, compressed ${reader.chunkIndexes.map((c) => Number(c.compressedSize)).join(', ')} B (${reader.chunkIndexes[0].compression || 'none'})`);
  });

  test('writes after close are refused and counted, never silently lost', async () => {
    const dir = recordingsFolder();
    const session = await RecordingSession.start({ dir, sessionId: 'late', name: 'late', appVersion: '0.1.0' });
    session.addDevice(simulatedDevice('imu', 'imu-1'));
    const [first, second] = [...simulatedBatches('imu', 'imu-1', 5, 2, 25, HOST_START_MS)];
    session.writeFrames('imu-1', 'raw', first);
    const result = await session.close();
    expect(result.ok).toBe(true);
    session.writeFrames('imu-1', 'raw', second);
    expect(session.stats()).toMatchObject({ state: 'closed', framesWritten: 25, framesRefused: 25 });
    expect(() => session.writeFrames('imu-9', 'raw', second)).toThrow('device "imu-9" was not added');
  });
});

async function streamFrames2(path: string): Promise<{ frames: number; complete: boolean }> {
  let frames = 0;
  const outcome = await streamMcapRecords(path, (records) => {
    frames += records.filter((r) => r.type === 'Message').length;
  });
  return { frames, complete: outcome.complete };
}
