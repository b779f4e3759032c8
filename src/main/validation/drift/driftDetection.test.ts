import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcholocSimulator } from '../../devices/simulators/echolocSimulator';
import { simulateBatch } from '../../devices/simulators/simulateBatch';
import { openDatabase } from '../../storage/database';
import { openDataset } from '../datasets/openDataset';
import { renderDriftHtml } from '../reports/driftReport';
import { editArray, freshDataset, tempRoot } from '../testing/datasetFixtures';
import { validationRunsMigration } from '../validationMigration';
import { ValidationStore } from '../validationStore';
import { LiveDriftDetector } from './liveDriftDetector';
import { compareDatasets } from './offlineDrift';

const SAMPLES = 256;

/** Per-receiver mean envelope of each ping: the detector's per-frame summary of a waveform channel. */
function baselineOf(sim: EcholocSimulator, pings: number): Float32Array[] {
  const { batch } = simulateBatch(sim, 'sim', pings);
  return [0, 1, 2, 3].map((c) =>
    Float32Array.from({ length: pings }, (_, f) => {
      let sum = 0;
      for (let i = 0; i < SAMPLES; i++) sum += batch.values[f * batch.channelCount + c * SAMPLES + i];
      return sum / SAMPLES;
    }),
  );
}

describe('live drift detector', () => {
  it('stays quiet on an unchanged device and names the channel once a bias drift is injected', () => {
    const sim = new EcholocSimulator({ seed: 21, motion: 'random' });
    const detector = new LiveDriftDetector({ deviceId: 'sim', channels: sim.channelNames, baseline: baselineOf(sim, 1500), valuesPerChannel: SAMPLES, windowFrames: 300, falseAlarmRate: 0.01 });
    const quiet = detector.push(simulateBatch(sim, 'sim', 4500).batch);
    expect(detector.checks).toBeGreaterThanOrEqual(28);
    expect(quiet).toEqual([]);
    // FAULT DRIFT: receiver 2's envelope gains 0.01 V per second from now on.
    expect(sim.handleCommand('FAULT DRIFT 2 0.01')).toBe('OK');
    const alerts = detector.push(simulateBatch(sim, 'sim', 1500).batch);
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts.map((a) => a.channel))).toEqual(new Set(['rx2']));
    expect(alerts[0].message).toContain('rx2 drifted');
    // A lasting drift is one alert per severity step, not one per check.
    expect(alerts.length).toBeLessThanOrEqual(2);
  });
});

describe('offline drift between datasets', () => {
  it('says "inconclusive", not "no drift", when a slow process was recorded too briefly for the test to reach its level', async () => {
    // 6 s of the augmenter's slowly wandering process: a few independent samples after thinning.
    const a = await freshDataset(tmp.root, 'short-a', 'augmenter', 41, 600);
    const b = await freshDataset(tmp.root, 'short-b', 'augmenter', 42, 600);
    const run = compareDatasets(await openDataset(a), await openDataset(b));
    expect(run.drifted).toBe(false);
    expect(run.inconclusive).toMatch(/^Too few independent samples to detect drift: \d+ baseline and \d+ current after keeping every \d+\. sample/);
    expect(renderDriftHtml(run)).toContain('inconclusive');
  });

  let tmp: Awaited<ReturnType<typeof tempRoot>>;
  beforeAll(async () => {
    tmp = await tempRoot();
  });
  afterAll(() => tmp.remove());

  it('finds no drift between two sessions of the same set-up and the shifted channel when one is biased', async () => {
    const a = await freshDataset(tmp.root, 'a', 'echoloc', 31, 500);
    const b = await freshDataset(tmp.root, 'b', 'echoloc', 32, 500);
    const calm = compareDatasets(await openDataset(a), await openDataset(b));
    expect(calm.drifted, JSON.stringify(calm.channels.map((c) => [c.channel, c.ks.pValue]))).toBe(false);
    // 500 pings are enough independent samples for the verdict to mean something.
    expect(calm.inconclusive).toBeNull();
    expect(calm.channels.map((c) => c.ks.method)).toEqual(['exact', 'exact', 'exact', 'exact']);

    // A receiver with a +20 mV offset: values are [ping, receiver, sample], receiver 1 gets the bias.
    await editArray(b, 'values.npy', (v) => {
      const per = v.shape[1] * v.shape[2];
      for (let p = 0; p < v.shape[0]; p++) for (let i = 0; i < v.shape[2]; i++) (v.data as Float32Array)[p * per + v.shape[2] + i] += 0.02;
    });
    const shifted = compareDatasets(await openDataset(a), await openDataset(b), { alpha: 0.01 });
    expect(shifted.channels.filter((c) => c.drifted).map((c) => c.channel)).toEqual(['rx1']);
    expect(shifted.drifted).toBe(true);

    const html = renderDriftHtml(shifted);
    expect(html).toContain('rx1');
    expect(html).toContain('Distributions');
    expect(html).not.toMatch(/<script/i);

    const { db } = openDatabase(join(tmp.root, 'drift.db'), [validationRunsMigration(1)]);
    try {
      const store = new ValidationStore(() => db);
      store.saveDrift(shifted, 'test');
      const back = store.get(shifted.id);
      expect(back?.kind).toBe('drift');
      expect(back?.kind === 'drift' && back.run.channels[1].drifted).toBe(true);
      expect(store.list()[0]).toMatchObject({ kind: 'drift', passed: false });
    } finally {
      db.close();
    }
  });
});
