import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../storage/database';
import { migrations } from '../storage/migrations';
import { RecordingStore } from './recordingStore';
import { tempDir } from './testing/recordingFixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function store(): { store: RecordingStore; reopen: () => RecordingStore } {
  const t = tempDir('recording-store');
  const path = join(t.dir, 'console.db');
  // After whatever precedes it in migrations.ts (which may already include it), numbered to fit.
  const all = migrations;
  let { db } = openDatabase(path, all);
  cleanups.push(() => {
    db.close();
    t.remove();
  });
  return {
    store: new RecordingStore(() => db),
    reopen: () => {
      db.close();
      db = openDatabase(path, all).db;
      return new RecordingStore(() => db);
    },
  };
}

const started = {
  id: 'rec-1',
  name: 'IMU walk test',
  tags: ['imu', 'field'],
  notes: 'left ankle, 100% battery',
  startedAt: '2026-03-01T10:00:00.000Z',
  devices: [{ id: 'imu-1', name: 'IMU', profileId: 'imu-6axis' }],
  filePath: '/data/recordings/rec-1.mcap.partial',
};

describe('RecordingStore', () => {
  test('keeps a session from start to end, across a reopen of the database', () => {
    const { store: s, reopen } = store();
    s.insertStarted(started);
    expect(s.unfinished().map((e) => e.id)).toEqual(['rec-1']);
    s.markEnded('rec-1', {
      endedAt: '2026-03-01T10:05:00.000Z',
      frameCount: 30000,
      sizeBytes: 1234567,
      filePath: '/data/recordings/rec-1.mcap',
      state: 'complete',
      stateDetail: '',
    });
    const entry = reopen().get('rec-1');
    expect(entry).toEqual({
      ...started,
      endedAt: '2026-03-01T10:05:00.000Z',
      frameCount: 30000,
      sizeBytes: 1234567,
      filePath: '/data/recordings/rec-1.mcap',
      state: 'complete',
      stateDetail: '',
    });
  });

  test('lists newest first, filters by tag and by text in name or notes, and edits', () => {
    const { store: s } = store();
    s.insertStarted(started);
    s.insertStarted({ ...started, id: 'rec-2', name: 'Augmenter 50%_load', tags: ['bench'], notes: '', startedAt: '2026-03-02T09:00:00.000Z' });
    s.insertStarted({ ...started, id: 'rec-3', name: 'e-nose coffee', tags: ['enose', 'field'], notes: 'ambient 21 °C', startedAt: '2026-03-03T09:00:00.000Z' });
    expect(s.list().map((e) => e.id)).toEqual(['rec-3', 'rec-2', 'rec-1']);
    expect(s.list({ tag: 'field' }).map((e) => e.id)).toEqual(['rec-3', 'rec-1']);
    expect(s.list({ text: 'ANKLE' }).map((e) => e.id)).toEqual(['rec-1']);
    // LIKE wildcards in the search text are literal.
    expect(s.list({ text: '50%_' }).map((e) => e.id)).toEqual(['rec-2']);
    expect(s.list({ text: '% b' }).map((e) => e.id)).toEqual(['rec-1']);
    expect(s.list({ limit: 1 }).map((e) => e.id)).toEqual(['rec-3']);
    s.update('rec-2', { tags: ['bench', 'field'], notes: 'repeat' });
    expect(s.list({ tag: 'field' }).map((e) => e.id)).toEqual(['rec-3', 'rec-2', 'rec-1']);
    s.delete('rec-1');
    expect(s.get('rec-1')).toBeUndefined();
    expect(() => s.update('rec-1', { name: 'x' })).toThrow('no recording "rec-1"');
  });

  test('the database refuses an unknown state and a duplicate id', () => {
    const { store: s } = store();
    s.insertStarted(started);
    expect(() => s.insertStarted(started)).toThrow(/UNIQUE/);
    expect(() =>
      s.markEnded('rec-1', { endedAt: null, frameCount: 0, sizeBytes: 0, filePath: 'x', state: 'lost' as never, stateDetail: '' }),
    ).toThrow(/CHECK/);
  });
});
