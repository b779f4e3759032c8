/**
 * Child process for the crash tests (built by vite inside the test, run with `fork`): records a
 * seeded simulator into a session, as fast as it can in small batches, until it is killed. It
 * tells its parent how many frames are durable (in complete chunks in the file) after every batch,
 * so the parent knows a lower bound of what repair must recover.
 */
import { RecordingSession } from '../recordingSession';
import { CRASH_DEVICE_ID, type RecordUntilKilledArgs, type RecordUntilKilledMessage } from './crashTrialProtocol';
import { fakeCalibrated, simulatedBatches, simulatedDevice } from './recordingFixtures';

const BATCHES_BEFORE_GIVING_UP = 2000;

async function main(args: RecordUntilKilledArgs): Promise<void> {
  const session = await RecordingSession.start({
    dir: args.dir,
    sessionId: args.sessionId,
    name: 'crash trial',
    appVersion: 'test',
    chunkSizeBytes: args.chunkSizeBytes,
    flushIntervalMs: args.flushIntervalMs,
    syncEachChunk: false,
  });
  session.addDevice(simulatedDevice('imu', CRASH_DEVICE_ID));
  // Never killed? Stop on our own so a broken test cannot leave a process running.
  for (const batch of simulatedBatches('imu', CRASH_DEVICE_ID, args.seed, BATCHES_BEFORE_GIVING_UP, args.framesPerBatch, args.hostStartMs)) {
    session.writeFrames(CRASH_DEVICE_ID, 'raw', batch);
    session.writeFrames(CRASH_DEVICE_ID, 'calibrated', fakeCalibrated(batch));
    await new Promise((resolve) => setTimeout(resolve, 1));
    const { framesDurable, framesWritten } = session.stats();
    process.send?.({ framesDurable, framesWritten } satisfies RecordUntilKilledMessage);
  }
  process.exit(0);
}

void main(JSON.parse(process.argv[2] ?? '{}') as RecordUntilKilledArgs);
