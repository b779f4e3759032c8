import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import { DeviceManager } from '../devices/deviceManager';
import { waitFor } from '../devices/serial/testing/waitFor';
import { openDatabase } from '../storage/database';
import { migrations } from '../storage/migrations';
import { LiveRecorder } from './liveRecorder';
import { openRecording } from './recordingReader';
import { RecordingService } from './recordingService';
import { RecordingStore } from './recordingStore';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-liverec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('LiveRecorder', () => {
  it('records every frame the device delivered, including a device opened mid-session', async () => {
    const { db } = openDatabase(join(dir, 'console.db'), migrations);
    const store = new RecordingStore(() => db);
    const service = new RecordingService({ dataDir: dir, store, appVersion: 'test' });
    await service.start();
    const recorderRef: { current?: LiveRecorder } = {};
    const devices = new DeviceManager({ onChanged: (list) => recorderRef.current?.onDevicesChanged(list), log: () => undefined });
    const recorder = new LiveRecorder({ service, devices, subscribePredictions: () => () => undefined, log: () => undefined });
    recorderRef.current = recorder;
    const imu = await devices.connect({ kind: 'simulator', profileId: 'imu-6axis', seed: 1 });
    const seen: number[] = [];
    await recorder.start({ name: 'bench test', tags: ['t'] });
    const stopWatching = devices.subscribe(imu.id, (b: FrameBatch) => seen.push(...b.seq));
    await new Promise((r) => setTimeout(r, 300));
    const aug = await devices.connect({ kind: 'simulator', profileId: 'sensor-augmenter-32', seed: 1 });
    await waitFor(() => recorder.status().devices === 2, 'the second device followed', 3000);
    recorder.note('operator note');
    await new Promise((r) => setTimeout(r, 500));
    stopWatching();
    const result = await recorder.stop();
    await devices.stop();
    if (!('path' in result)) throw new Error(result.error);

    const opened = await openRecording(result.path);
    if (!opened.ok) throw new Error(opened.message);
    const recording = opened.recording;
    const recorded: number[] = [];
    for await (const batch of recording.frames(imu.id, 'raw')) recorded.push(...batch.seq);
    // The recorder subscribed before the test's own listener: it holds at least every frame the test saw.
    expect(recorded.length).toBeGreaterThanOrEqual(seen.length);
    expect(recorded).toEqual(Array.from({ length: recorded.length }, (_, i) => recorded[0] + i));
    expect(recording.summary.devices.map((d) => d.id).sort()).toEqual([aug.id, imu.id].sort());
    const events = [];
    for await (const e of recording.events()) events.push(e.text);
    expect(events).toContain('operator note');
    await recording.close();
    expect(store.list()[0]).toMatchObject({ name: 'bench test', state: 'complete' });
    db.close();
  });

  it('notes which calibration was in force on each device, and when it changed', async () => {
    const { db } = openDatabase(join(dir, 'console.db'), migrations);
    const service = new RecordingService({ dataDir: dir, store: new RecordingStore(() => db), appVersion: 'test' });
    await service.start();
    // A stand-in calibration stage (the real one needs stored calibrations): version cal-1, then cal-2.
    let version = 'cal-1';
    const devices = new DeviceManager({ calibrate: (_id, batch) => ({ batch, version }), onChanged: () => undefined, log: () => undefined });
    const recorder = new LiveRecorder({ service, devices, subscribePredictions: () => () => undefined, log: () => undefined });
    const imu = await devices.connect({ kind: 'simulator', profileId: 'imu-6axis', seed: 1 });
    await recorder.start({ name: 'calibrated', tags: [] });
    await new Promise((r) => setTimeout(r, 200));
    version = 'cal-2';
    await new Promise((r) => setTimeout(r, 200));
    const result = await recorder.stop();
    await devices.stop();
    if (!('path' in result)) throw new Error(result.error);
    const opened = await openRecording(result.path);
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.recording.summary.devices.find((d) => d.id === imu.id)?.calibrationVersions).toEqual(['cal-1', 'cal-2']);
    const events: string[] = [];
    for await (const e of opened.recording.events()) if (e.kind === 'calibration-change') events.push(e.text);
    expect(events).toEqual([expect.stringContaining('calibration cal-2 in force')]);
    await opened.recording.close();
    db.close();
  });
});
