import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { concatFrameBatches, type FrameBatch } from '../../shared/domain/frameBatch';
import { openRecording } from './recordingReader';
import { recordingPaths } from './recordingLayout';
import { findUnfinishedRecordings, repairRecording, repairUnfinishedRecordings } from './recordingRepair';
import { RecordingSession } from './recordingSession';
import { expectFramesEqual, prefixOf } from './testing/frameAssertions';
import { simulatedBatches, simulatedDevice, tempDir } from './testing/recordingFixtures';

const HOST_START_MS = 1_750_000_000_000;
const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((remove) => remove()));

/** A finished recording of 2000 IMU frames in small chunks, and the frames it holds. */
async function finishedRecording(dir: string): Promise<{ path: string; frames: FrameBatch }> {
  const session = await RecordingSession.start({ dir, sessionId: 'source', name: 'source', appVersion: '0.1.0', chunkSizeBytes: 4096 });
  session.addDevice(simulatedDevice('imu', 'imu-1'));
  const batches = [...simulatedBatches('imu', 'imu-1', 11, 40, 50, HOST_START_MS)];
  for (const batch of batches) session.writeFrames('imu-1', 'raw', batch);
  const result = await session.close();
  if (!result.ok) throw new Error(result.message);
  return { path: result.path, frames: concatFrameBatches(batches) };
}

async function recoveredFrames(path: string): Promise<FrameBatch | undefined> {
  const opened = await openRecording(path);
  if (!opened.ok) throw new Error(opened.message);
  const batches: FrameBatch[] = [];
  if (opened.recording.summary.devices.length > 0) for await (const b of opened.recording.frames('imu-1', 'raw')) batches.push(b);
  await opened.recording.close();
  return batches.length > 0 ? concatFrameBatches(batches) : undefined;
}

function folder(): string {
  const t = tempDir('repair');
  temps.push(t.remove);
  return t.dir;
}

describe('repair', () => {
  test('a file cut at any point gives back a prefix of its frames, growing with the cut, with nothing invented', async () => {
    const source = folder();
    const { path, frames } = await finishedRecording(source);
    const size = readFileSync(path).byteLength;
    let previous = -1;
    for (let i = 0; i <= 24; i++) {
      const cut = Math.round((size * i) / 24);
      const dir = folder();
      const partial = recordingPaths(dir, 'cut').partial;
      copyFileSync(path, partial);
      truncateSync(partial, cut);
      expect(await findUnfinishedRecordings(dir)).toEqual(['cut']);
      const outcome = await repairRecording(dir, 'cut');
      if (!outcome.ok) throw new Error(outcome.message);
      const got = await recoveredFrames(outcome.report.path);
      const count = got?.frameCount ?? 0;
      if (got) expectFramesEqual(got, prefixOf(frames, count));
      expect(count).toBeGreaterThanOrEqual(previous);
      expect(outcome.report.framesRecovered).toBe(count);
      previous = count;
    }
    // Cut just before its footer, every frame is there.
    expect(previous).toBe(frames.frameCount);
  });

  test('damage inside the file stops recovery at the damage, reported, keeping what came before', async () => {
    const dir = folder();
    const { path, frames } = await finishedRecording(dir);
    const bytes = readFileSync(path);
    const damaged = Math.floor(bytes.byteLength / 2);
    bytes.fill(0xee, damaged, damaged + 64);
    writeFileSync(recordingPaths(dir, 'damaged').partial, bytes);
    const outcome = await repairRecording(dir, 'damaged');
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.report.damage).not.toBeNull();
    const got = await recoveredFrames(outcome.report.path);
    expect(got?.frameCount).toBeGreaterThan(frames.frameCount / 4);
    expect(got?.frameCount).toBeLessThan(frames.frameCount);
    if (got) expectFramesEqual(got, prefixOf(frames, got.frameCount));
  });

  test('an interrupted repair resumes from the kept original; finished files and leftovers are handled', async () => {
    const dir = folder();
    const { path, frames } = await finishedRecording(dir);
    // A repair that stopped after moving the original aside and writing part of its temp file.
    const ids = recordingPaths(dir, 'source');
    truncateSync(path, readFileSync(path).byteLength - 100);
    renameSync(path, ids.corrupt);
    writeFileSync(ids.repairTemp, 'half a rewrite');
    // A `.mcap` with no footer (copied from a crashed machine) is unfinished too.
    const copied = recordingPaths(dir, 'copied');
    copyFileSync(ids.corrupt, copied.final);
    truncateSync(copied.final, 5000);

    expect(await findUnfinishedRecordings(dir)).toEqual(['copied', 'source']);
    const outcomes = await repairUnfinishedRecordings(dir);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(readdirSync(dir).sort()).toEqual(['copied.mcap', 'source.mcap']);
    const got = await recoveredFrames(ids.final);
    expect(got?.frameCount).toBe(frames.frameCount);
    expect(await findUnfinishedRecordings(dir)).toEqual([]);

    // A finished rewrite whose original was not yet deleted: the original goes, the file stays.
    copyFileSync(ids.final, ids.corrupt);
    expect(await findUnfinishedRecordings(dir)).toEqual([]);
    expect(existsSync(ids.corrupt)).toBe(false);
  });

  test('a file with nothing recoverable becomes a valid empty recording, not an error', async () => {
    const dir = folder();
    writeFileSync(recordingPaths(dir, 'empty').partial, new Uint8Array(0));
    const [outcome] = await repairUnfinishedRecordings(dir);
    if (!outcome?.ok) throw new Error('repair failed');
    expect(outcome.report.framesRecovered).toBe(0);
    const opened = await openRecording(join(dir, 'empty.mcap'));
    expect(opened.ok && opened.recording.summary.repaired).toBe(true);
    if (opened.ok) await opened.recording.close();
  });
});
