import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { concatFrameBatches } from '../../shared/domain/frameBatch';
import { csvField, formatFloat32 } from '../../shared/csv';
import { exportCsv } from './csvExport';
import { openRecording, type Recording } from './recordingReader';
import { RecordingSession } from './recordingSession';
import { simulatedBatches, simulatedDevice, tempDir } from './testing/recordingFixtures';

const HOST_START_MS = 1_750_000_000_000;
const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((remove) => remove()));

async function recordImu(frames: number): Promise<{ dir: string; recording: Recording; all: ReturnType<typeof concatFrameBatches> }> {
  const t = tempDir('csv');
  temps.push(t.remove);
  const session = await RecordingSession.start({ dir: t.dir, sessionId: 'csv', name: 'csv', appVersion: '0.1.0' });
  session.addDevice(simulatedDevice('imu', 'imu-1'));
  const batches = [...simulatedBatches('imu', 'imu-1', 21, frames / 100, 100, HOST_START_MS)];
  batches[0].values[2] = Number.NaN;
  for (const batch of batches) session.writeFrames('imu-1', 'raw', batch);
  const result = await session.close();
  if (!result.ok) throw new Error(result.message);
  const opened = await openRecording(result.path);
  if (!opened.ok) throw new Error(opened.message);
  return { dir: t.dir, recording: opened.recording, all: concatFrameBatches(batches) };
}

describe('CSV export', () => {
  test('a range holds exactly the frames in [start, end), with names and units in the header', async () => {
    const { dir, recording, all } = await recordImu(1000);
    const startMs = all.hostTimeMs[250];
    const endMs = all.hostTimeMs[750];
    const out = join(dir, 'range.csv');
    const result = await exportCsv(recording, { deviceId: 'imu-1', kind: 'raw', startMs, endMs, columns: ['gyro_z', 'accel_x'] }, out);
    await recording.close();
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('host_time_ms,device_time_s,seq,gyro_z [rad/s],accel_x [m/s²]');
    expect(result).toMatchObject({ frames: 500, bytes: statSync(out).size });
    expect(lines.length - 1).toBe(500);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => Number(r[2]))).toEqual(Array.from(all.seq.subarray(250, 750)));
    // Every value reads back as the recorded float32.
    rows.forEach((r, i) => {
      expect(Number(r[0])).toBe(all.hostTimeMs[250 + i]);
      expect(Math.fround(Number(r[3]))).toBe(all.values[(250 + i) * 6 + 5]);
      expect(Math.fround(Number(r[4]))).toBe(all.values[(250 + i) * 6]);
    });
  });

  test('a missing sample is an empty cell; the MCAP file is much smaller than the same data as CSV', async () => {
    const { dir, recording, all } = await recordImu(3000);
    const out = join(dir, 'all.csv');
    await exportCsv(recording, { deviceId: 'imu-1', kind: 'raw' }, out);
    const mcapBytes = recording.summary.sizeBytes;
    await recording.close();
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[1].split(',')[5]).toBe('');
    expect(lines.length - 2).toBe(all.frameCount);
    const csvBytes = statSync(out).size;
    console.log(`size: ${all.frameCount} IMU frames (6 ch): MCAP ${mcapBytes} B, CSV ${csvBytes} B, MCAP/CSV = ${(mcapBytes / csvBytes).toFixed(2)}`);
    expect(mcapBytes).toBeLessThan(csvBytes);
  });

  test('an unknown column is refused by name', async () => {
    const { dir, recording } = await recordImu(100);
    await expect(exportCsv(recording, { deviceId: 'imu-1', kind: 'raw', columns: ['accel_q'] }, join(dir, 'x.csv'))).rejects.toThrow('no column "accel_q"');
    await recording.close();
  });

  test('float32 values print as the shortest decimal that reads back the same', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const text = formatFloat32(v);
        expect(Math.fround(Number(text))).toBe(v);
        const significantDigits = text.replace(/^-|e.*$|\./g, '').replace(/^0+|0+$/g, '');
        expect(significantDigits.length).toBeLessThanOrEqual(9);
      }),
    );
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(csvField('image[0,1]')).toBe('"image[0,1]"');
  });
});
