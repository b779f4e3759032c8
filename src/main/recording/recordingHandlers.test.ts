import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingMethodHandlers } from './recordingHandlers';
import { openRecording } from './recordingReader';
import { recordSimulatorSession, type RecordedSimulatorSession } from './testing/recordSimulatorSession';
import { tempDir } from './testing/recordingFixtures';

const temp = tempDir('sc-rechandlers');
let session: RecordedSimulatorSession;
let handlers: ReturnType<typeof recordingMethodHandlers>;

beforeAll(async () => {
  session = await recordSimulatorSession(temp.dir, 'imu-6axis', 600);
  handlers = recordingMethodHandlers(session.recorder, session.store);
}, 20_000);

afterAll(() => {
  session.db.close();
  temp.remove();
});

describe('recording.* session actions', () => {
  it('renames and retags a session in the index', async () => {
    const updated = await handlers['recording.update']({ id: session.sessionId, name: 'walk test', tags: ['walk', 'bench'] });
    expect(updated).toMatchObject({ id: session.sessionId, name: 'walk test', tags: ['walk', 'bench'] });
    expect(await handlers['recording.list']({ tag: 'walk' })).toHaveLength(1);
    await expect(async () => handlers['recording.update']({ id: 'nope', name: 'x' })).rejects.toThrow(/No recorded session "nope"/);
  });

  it('exports one device as CSV text, all of it or a time range', async () => {
    const opened = await openRecording(session.path);
    if (!opened.ok) throw new Error(opened.message);
    const { summary } = opened.recording;
    await opened.recording.close();
    const total = summary.devices[0].frames.raw;
    const all = await handlers['recording.exportCsv']({ id: session.sessionId, deviceId: session.deviceId });
    const lines = all.csv.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^host_time_ms,device_time_s,seq,accel_x \[/);
    expect(all.frames).toBe(total);
    expect(lines).toHaveLength(total + 1);
    expect(all.fileName).toBe(`walk_test-${session.deviceId}-raw.csv`);
    const part = await handlers['recording.exportCsv']({ id: session.sessionId, deviceId: session.deviceId, startS: 0.2, endS: 0.4 });
    expect(part.frames).toBeGreaterThan(0);
    expect(part.frames).toBeLessThan(total);
    const first = Number(part.csv.split('\n')[1].split(',')[0]);
    expect(first).toBeGreaterThanOrEqual((summary.firstTimeMs ?? 0) + 200);
    await expect(async () => handlers['recording.exportCsv']({ id: session.sessionId, deviceId: 'x' })).rejects.toThrow(/has no device "x"/);
  });

  it('deletes a session and its file', async () => {
    expect(existsSync(session.path)).toBe(true);
    await handlers['recording.delete']({ id: session.sessionId });
    expect(existsSync(session.path)).toBe(false);
    expect(await handlers['recording.list']({})).toEqual([]);
    await expect(async () => handlers['recording.delete']({ id: session.sessionId })).rejects.toThrow(/No recorded session/);
  });
});
