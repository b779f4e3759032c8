import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { concatFrameBatches, type FrameBatch } from '../../shared/domain/frameBatch';
import { openRecording } from './recordingReader';
import { recordingPaths } from './recordingLayout';
import { findUnfinishedRecordings, repairUnfinishedRecordings } from './recordingRepair';
import { fakeCalibrated, simulatedBatches, tempDir } from './testing/recordingFixtures';
import { CRASH_DEVICE_ID, type RecordUntilKilledArgs, type RecordUntilKilledMessage } from './testing/crashTrialProtocol';
import { expectFramesEqual, prefixOf } from './testing/frameAssertions';

const TRIALS = 60;
const LANES = 3;
const FRAMES_PER_BATCH = 20;
const HOST_START_MS = 1_750_000_000_000;

const work = tempDir('recording-crash');
let childScript = '';

beforeAll(async () => {
  // The child runs the real recorder, so it is built from the TypeScript sources into one file.
  const outDir = join(work.dir, 'child');
  await build({
    configFile: false,
    logLevel: 'silent',
    ssr: { noExternal: true },
    build: {
      ssr: join(import.meta.dirname, 'testing', 'recordUntilKilled.ts'),
      outDir,
      target: 'node22',
      minify: false,
      rollupOptions: { output: { entryFileNames: 'recordUntilKilled.mjs', format: 'es' } },
    },
  });
  childScript = join(outDir, 'recordUntilKilled.mjs');
}, 60_000);

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  work.remove();
});

interface Trial {
  readonly seed: number;
  readonly dir: string;
  readonly framesDurable: number;
  readonly framesWritten: number;
}

/**
 * Starts a recording child and SIGKILLs it `killAfterMs` after it starts, or after its first report
 * when `afterFirstReport` (so that trial certainly has data, however slow start-up is on a busy machine).
 */
async function runTrial(index: number, killAfterMs: number, afterFirstReport: boolean, chunkSizeBytes: number): Promise<Trial> {
  const dir = join(work.dir, `trial-${index}`);
  const seed = 100 + index;
  const args: RecordUntilKilledArgs = { dir, sessionId: `trial-${index}`, seed, framesPerBatch: FRAMES_PER_BATCH, chunkSizeBytes, flushIntervalMs: 25, hostStartMs: HOST_START_MS };
  const child = fork(childScript, [JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  let last: RecordUntilKilledMessage = { framesDurable: 0, framesWritten: 0 };
  let timer: NodeJS.Timeout | undefined;
  const armKill = (): void => {
    timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  };
  child.on('message', (message) => {
    last = message as RecordUntilKilledMessage;
    armKill();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (!afterFirstReport) armKill();
  await exited;
  clearTimeout(timer);
  children.delete(child);
  return { seed, dir, ...last };
}

test(`a recorder killed with SIGKILL at random moments (${TRIALS} trials) is repaired with every durable frame`, async () => {
  // A fixed generator seed: failures reproduce; the kill moments still spread from start-up to mid-stream.
  let state = 12345;
  const random = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const plans = Array.from({ length: TRIALS }, (_, i) => ({
    index: i,
    afterFirstReport: i % 2 === 0,
    killAfterMs: i % 2 === 0 ? random() * 300 : 40 + random() * 400,
    chunk: [4096, 16384, 65536][i % 3],
  }));
  const trials: Trial[] = [];
  const lanes = Array.from({ length: LANES }, async (_, lane) => {
    for (let i = lane; i < plans.length; i += LANES) trials.push(await runTrial(plans[i].index, plans[i].killAfterMs, plans[i].afterFirstReport, plans[i].chunk));
  });
  await Promise.all(lanes);

  let repaired = 0;
  let recoveredTotal = 0;
  let lostTotal = 0;
  for (const trial of trials) {
    const id = trial.dir.split('/').pop() ?? '';
    const unfinished = await findUnfinishedRecordings(trial.dir);
    if (!existsSync(trial.dir) || unfinished.length === 0) {
      // Killed before the file was created: nothing was durable either.
      expect(trial.framesDurable).toBe(0);
      continue;
    }
    expect(unfinished).toEqual([id]);
    const [outcome] = await repairUnfinishedRecordings(trial.dir);
    if (!outcome.ok) throw new Error(outcome.message);
    repaired++;
    const paths = recordingPaths(trial.dir, id);
    expect(existsSync(paths.corrupt)).toBe(false);
    expect(existsSync(paths.partial)).toBe(false);
    expect(await findUnfinishedRecordings(trial.dir)).toEqual([]);

    const opened = await openRecording(paths.final);
    if (!opened.ok) throw new Error(opened.message);
    const { recording } = opened;
    expect(recording.summary.repaired).toBe(true);
    const hasDevice = recording.summary.devices.some((d) => d.id === CRASH_DEVICE_ID);
    const read = async (kind: 'raw' | 'calibrated'): Promise<FrameBatch | undefined> => {
      // Killed before the first chunk: the device (declared in that same write) is not there either.
      if (!hasDevice) return undefined;
      const batches: FrameBatch[] = [];
      for await (const batch of recording.frames(CRASH_DEVICE_ID, kind)) batches.push(batch);
      return batches.length > 0 ? concatFrameBatches(batches) : undefined;
    };
    const raw = await read('raw');
    const calibrated = await read('calibrated');
    await recording.close();
    const rawCount = raw?.frameCount ?? 0;
    const calibratedCount = calibrated?.frameCount ?? 0;
    // Every frame in a complete chunk at the kill is back (the child's count lags, so it is a lower bound)…
    expect(rawCount + calibratedCount).toBeGreaterThanOrEqual(trial.framesDurable);
    expect(outcome.report.framesRecovered).toBe(rawCount + calibratedCount);
    // …and what is back is exactly the start of the recorded stream, bit for bit, nothing invented.
    const batchesNeeded = Math.ceil(Math.max(rawCount, calibratedCount) / FRAMES_PER_BATCH);
    const expected = [...simulatedBatches('imu', CRASH_DEVICE_ID, trial.seed, Math.max(1, batchesNeeded), FRAMES_PER_BATCH, HOST_START_MS)];
    const expectedRaw = concatFrameBatches(expected);
    if (raw) expectFramesEqual(raw, prefixOf(expectedRaw, rawCount));
    if (calibrated) expectFramesEqual(calibrated, prefixOf(concatFrameBatches(expected.map(fakeCalibrated)), calibratedCount));
    recoveredTotal += rawCount + calibratedCount;
    lostTotal += Math.max(0, trial.framesWritten - rawCount - calibratedCount);
  }
  console.log(
    `crash trials: ${trials.length} kills, ${repaired} files repaired, ${recoveredTotal} frames recovered, ` +
      `${lostTotal} frames encoded but not in a complete chunk at the kill (mean ${(lostTotal / Math.max(1, repaired)).toFixed(0)} per kill)`,
  );
  expect(trials.length).toBe(TRIALS);
  expect(repaired).toBeGreaterThanOrEqual(TRIALS / 2);
}, 120_000);
