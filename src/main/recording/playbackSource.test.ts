import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatFrameBatches, type FrameBatch } from '../../shared/domain/frameBatch';
import type { DeviceSourceSpec } from '../../shared/ipc/domains/devices';
import { DeviceManager } from '../devices/deviceManager';
import { waitFor } from '../devices/serial/testing/waitFor';
import { playbackMethodHandlers } from './playbackHandlers';
import { PlaybackSource } from './playbackSource';
import { openRecording } from './recordingReader';
import { expectFramesEqual } from './testing/frameAssertions';
import { recordSimulatorSession, type RecordedSimulatorSession } from './testing/recordSimulatorSession';
import { tempDir } from './testing/recordingFixtures';

const RECORD_MS = 1500;
const temp = tempDir('sc-playback');
let session: RecordedSimulatorSession;
/** Every raw frame in the file, in order, with the recorded host times. */
let recorded: FrameBatch;
let firstTimeMs: number;

beforeAll(async () => {
  session = await recordSimulatorSession(temp.dir, 'imu-6axis', RECORD_MS);
  const opened = await openRecording(session.path);
  if (!opened.ok) throw new Error(opened.message);
  const batches: FrameBatch[] = [];
  for await (const batch of opened.recording.frames(session.deviceId, 'raw')) batches.push(batch);
  recorded = concatFrameBatches(batches);
  firstTimeMs = opened.recording.summary.firstTimeMs ?? Number.NaN;
  await opened.recording.close();
}, 20_000);

afterAll(() => {
  session.db.close();
  temp.remove();
});

interface Played {
  readonly manager: DeviceManager;
  readonly source: PlaybackSource;
  readonly batches: FrameBatch[];
  /** performance.now() at each batch's arrival. */
  readonly arrivals: number[];
  readonly frames: () => FrameBatch;
}

/** Opens a playback device of the recorded session in a fresh DeviceManager and collects what it plays. */
async function playBack(options: Partial<Extract<DeviceSourceSpec, { kind: 'playback' }>> = {}): Promise<Played> {
  const manager = new DeviceManager({ onChanged: () => undefined, log: () => undefined, resolveRecording: (id) => session.store.get(id)?.filePath });
  const info = await manager.connect({ kind: 'playback', sessionId: session.sessionId, deviceId: session.deviceId, ...options });
  const source = manager.source(info.id);
  if (!(source instanceof PlaybackSource)) throw new Error('not a playback source');
  const batches: FrameBatch[] = [];
  const arrivals: number[] = [];
  // What plots and models see: the calibrated subscription, after the manager's pipeline.
  manager.subscribe(info.id, (batch) => {
    batches.push(batch);
    arrivals.push(performance.now());
  });
  return { manager, source, batches, arrivals, frames: () => concatFrameBatches(batches) };
}

const framesOf = (played: Played): number => played.batches.reduce((n, b) => n + b.frameCount, 0);
/** The index in the recording of the frame with this seq. */
const indexOfSeq = (seq: number): number => recorded.seq.indexOf(seq);

describe('PlaybackSource', () => {
  it('plays back every recorded frame bit for bit (seq, device time, values), in order, as fast as possible', async () => {
    expect(recorded.frameCount).toBeGreaterThan(RECORD_MS / 20);
    const started = performance.now();
    const played = await playBack({ speed: 'max' });
    await waitFor(() => played.source.status().mode === 'ended', 'the playback to end');
    const elapsedMs = performance.now() - started;
    const frames = played.frames();
    expect(frames.deviceId).toBe(played.source.id);
    expectFramesEqual({ ...frames, deviceId: recorded.deviceId, hostTimeMs: recorded.hostTimeMs }, recorded);
    // The file holds what the device delivered live: every frame a live subscriber saw plays back identically.
    const live = session.seenLive;
    const at = indexOfSeq(live.seq[0]);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(Array.from(frames.seq.subarray(at, at + live.frameCount))).toEqual(Array.from(live.seq));
    expect(new Uint32Array(frames.values.slice(at * live.channelCount, (at + live.frameCount) * live.channelCount).buffer)).toEqual(new Uint32Array(live.values.slice().buffer));
    const spanMs = (recorded.deviceTimeS[recorded.frameCount - 1] - recorded.deviceTimeS[0]) * 1000;
    expect(elapsedMs).toBeLessThan(spanMs / 4);
    expect(played.source.info().health).toMatchObject({ state: 'open', framesTotal: recorded.frameCount });
    expect(played.source.info().health.stateDetail).toMatch(/Played to the end/);
    await played.manager.stop();
  });

  it('paces at 1× by the recorded device clock', async () => {
    const played = await playBack();
    const started = performance.now();
    await waitFor(() => played.source.status().mode === 'ended', 'the playback to end', RECORD_MS * 3);
    const spanMs = (recorded.deviceTimeS[recorded.frameCount - 1] - recorded.deviceTimeS[0]) * 1000;
    const tookMs = played.arrivals[played.arrivals.length - 1] - started;
    expect(tookMs).toBeGreaterThan(spanMs * 0.9);
    expect(tookMs).toBeLessThan(spanMs + 400);
    // Played host times follow the recorded device clock exactly at 1×.
    const frames = played.frames();
    expect(frames.hostTimeMs[frames.frameCount - 1] - frames.hostTimeMs[0]).toBeCloseTo(spanMs, 3);
    expect(played.source.info().health.measuredRateHz).toBeGreaterThan(50);
    await played.manager.stop();
  });

  it('pauses, single-steps, seeks, changes speed and loops', async () => {
    const played = await playBack();
    await waitFor(() => framesOf(played) >= 10, '10 frames');
    played.source.pause();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const paused = framesOf(played);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(framesOf(played)).toBe(paused);
    expect(played.source.status().mode).toBe('paused');
    expect(played.source.info().health.stateDetail).toMatch(/^Playback paused at [\d.]+ s of [\d.]+ s\.$/);

    const lastSeq = played.frames().seq[paused - 1];
    await played.source.step();
    expect(framesOf(played)).toBe(paused + 1);
    expect(played.frames().seq[paused]).toBe(recorded.seq[indexOfSeq(lastSeq) + 1]);

    // Seek to 0.8 s: the next frame is the first recorded at or after that host time.
    await played.source.seek(0.8);
    await played.source.step();
    const expected = recorded.hostTimeMs.findIndex((t) => t >= firstTimeMs + 800);
    expect(played.frames().seq[paused + 1]).toBe(recorded.seq[expected]);
    expect(played.source.status().positionS).toBeCloseTo((recorded.hostTimeMs[expected] - firstTimeMs) / 1000, 6);

    // Loop as fast as possible: after the end it starts over from the first frame.
    played.source.setSpeed('max');
    played.source.setLoop(true);
    played.source.play();
    await waitFor(() => played.source.status().framesPlayed > recorded.frameCount * 2, 'two loops');
    played.source.setLoop(false);
    await waitFor(() => played.source.status().mode === 'ended', 'the end after loops stop');
    const seqs = Array.from(played.frames().seq.subarray(paused + 2));
    const restarts = seqs.filter((s, i) => i > 0 && s === recorded.seq[0] && seqs[i - 1] === recorded.seq[recorded.frameCount - 1]).length;
    expect(restarts).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < seqs.length; i++) if (seqs[i] !== recorded.seq[0]) expect(indexOfSeq(seqs[i])).toBe(indexOfSeq(seqs[i - 1]) + 1);
    await played.manager.stop();
  });

  it('answers transport control through playback.control and refuses what a recording cannot do', async () => {
    const played = await playBack({ speed: 0.5 });
    const handlers = playbackMethodHandlers(played.manager);
    const status = await handlers['playback.control']({ deviceId: played.source.id, action: 'pause' });
    expect(status).toMatchObject({ mode: 'paused', speed: 0.5, loop: false, durationS: expect.any(Number) });
    expect(await handlers['playback.control']({ deviceId: played.source.id, action: 'speed', value: 2 })).toMatchObject({ speed: 2 });
    await expect(played.source.sendTyped()).rejects.toThrow(/is a recording played back; it takes no commands/);
    expect(() => played.source.injectFault()).toThrow(/only into simulators/);
    const simulator = await played.manager.connect({ kind: 'simulator', profileId: 'imu-6axis' });
    await expect(async () => handlers['playback.control']({ deviceId: simulator.id, action: 'play' })).rejects.toThrow(/not a recording played back/);
    await expect(played.manager.connect({ kind: 'playback', sessionId: 'nope', deviceId: 'x' })).rejects.toThrow(/No recorded session "nope"/);
    await expect(played.manager.connect({ kind: 'playback', sessionId: session.sessionId, deviceId: 'x' })).rejects.toThrow(/has no device "x"/);
    await expect(played.manager.connect({ kind: 'playback', sessionId: session.sessionId, deviceId: session.deviceId, frames: 'calibrated' })).rejects.toThrow(/no calibrated frames/);
    await played.manager.stop();
    expect(() => played.source.play()).toThrow(/is closed/);
  });
});
