import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HilRunRecord } from '../../shared/domain/hilRecord';
import { openDatabase } from '../storage/database';
import { migrations } from '../storage/migrations';
import { HilRunStore } from './hilRunStore';
import { tempDataDir } from './testing/hilTestSupport';
import { sampleRunRecord } from './testing/sampleRun';

let data: { dir: string; remove: () => Promise<void> };
let sample: HilRunRecord;
beforeAll(async () => {
  data = await tempDataDir();
  sample = await sampleRunRecord(data.dir);
});
afterAll(() => data.remove());

/** A copy of the sample as another run: other id, time, device, suite or outcome. */
function variant(id: string, startedAt: string, changes: { serial?: string; suite?: string; outcome?: HilRunRecord['outcome'] } = {}): HilRunRecord {
  return {
    ...sample,
    id,
    startedAt,
    endedAt: startedAt,
    outcome: changes.outcome ?? sample.outcome,
    suite: { ...sample.suite, name: changes.suite ?? sample.suite.name },
    device: { ...sample.device, serialNumber: changes.serial ?? sample.device.serialNumber },
  };
}

describe('HIL run store', () => {
  test('finds the runs made with a calibration version in force, with their model versions', () => {
    const { db } = openDatabase(join(data.dir, 'calibration-trace.db'), migrations);
    try {
      const store = new HilRunStore(db);
      store.save({ ...variant('run-cal-1', '2030-02-01T10:00:00.000Z'), calibrationProfileVersion: 'cal-1', modelVersion: 'step-detection@1.0.0' });
      store.save({ ...variant('run-cal-2', '2030-02-02T10:00:00.000Z'), calibrationProfileVersion: 'cal-2', modelVersion: null });
      store.save({ ...variant('run-cal-1b', '2030-02-03T10:00:00.000Z'), calibrationProfileVersion: 'cal-1', modelVersion: 'step-detection@1.1.0' });
      const runs = store.history({ calibrationVersion: 'cal-1' });
      expect(runs.map((r) => [r.id, r.calibrationVersion, r.modelVersion])).toEqual([
        ['run-cal-1b', 'cal-1', 'step-detection@1.1.0'],
        ['run-cal-1', 'cal-1', 'step-detection@1.0.0'],
      ]);
      expect(store.history({ calibrationVersion: 'cal-3' })).toEqual([]);
    } finally {
      db.close();
    }
  });

  test('stores records whole and answers history by device, suite, outcome and date', () => {
    const { db } = openDatabase(join(data.dir, 'console.db'), migrations);
    try {
      const store = new HilRunStore(db);
      store.save(sample);
      expect(store.get(sample.id)).toEqual(sample);
      expect(store.get('no-such-run')).toBeUndefined();

      store.save(variant('run-a', '2030-01-01T10:00:00.000Z', { serial: 'SN-A', outcome: 'pass' }));
      store.save(variant('run-b', '2030-01-02T10:00:00.000Z', { serial: 'SN-B', outcome: 'fail' }));
      store.save(variant('run-c', '2030-01-03T10:00:00.000Z', { serial: 'SN-A', suite: 'Other suite', outcome: 'fail' }));
      const ids = (filter: Parameters<HilRunStore['history']>[0]): string[] => store.history(filter).map((r) => r.id);

      expect(ids({ device: 'SN-A' })).toEqual(['run-c', 'run-a']);
      expect(ids({ device: sample.device.identity ?? '' })).toHaveLength(4);
      expect(ids({ suite: 'Other suite' })).toEqual(['run-c']);
      expect(ids({ outcome: 'fail' })).toEqual(['run-c', 'run-b']);
      expect(ids({ from: '2030-01-02T00:00:00.000Z', to: '2030-01-03T00:00:00.000Z' })).toEqual(['run-b']);
      expect(ids({ device: 'SN-A', outcome: 'fail' })).toEqual(['run-c']);
      expect(ids({ limit: 2 })).toEqual(['run-c', 'run-b']);
      expect(store.history({ device: 'SN-B' })[0]).toMatchObject({ suite: sample.suite.name, suiteVersion: '2.1.0', station: 'test-bench-1', outcome: 'fail', serialNumber: 'SN-B' });

      // Oldest first: the sample ran today, the variants in 2030.
      const trend = store.trend(sample.suite.name, 'supply-voltage', 'entered');
      expect(trend.map((p) => [p.runId, p.value, p.outcome])).toEqual([
        [sample.id, 5.22, 'marginal'],
        ['run-a', 5.22, 'marginal'],
        ['run-b', 5.22, 'marginal'],
      ]);
      expect(store.trend(sample.suite.name, 'supply-voltage', 'entered', 'SN-B').map((p) => p.runId)).toEqual(['run-b']);
      // A record is written once: saving the same run again is refused and leaves nothing half-written.
      expect(() => store.save(sample)).toThrow(/UNIQUE/);
      expect(store.history()).toHaveLength(4);
    } finally {
      db.close();
    }
  });
});
