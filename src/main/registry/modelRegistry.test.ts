import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTO_ROLLBACK_POLICY, type ModelVersion } from '../../shared/domain/registry';
import { waitFor } from '../devices/serial/testing/waitFor';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { LiveDeployments } from './liveDeployments';
import { SwappableModelRunner } from './swappableModelRunner';
import { MODELS_DIR, openTestRegistry, testRuntime } from './testing/registryTestKit';
import { writeSyntheticPackage } from './testing/syntheticPackages';

const PROFILE = 'sensor-augmenter-32';
let host: Awaited<ReturnType<typeof buildInferenceHost>>;
let work: string;

beforeAll(async () => {
  host = await buildInferenceHost();
  work = await mkdtemp(join(tmpdir(), 'registry-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await host.remove();
});

async function importSynthetic(kit: ReturnType<typeof openTestRegistry>, version: string, scale = 1): Promise<ModelVersion> {
  const dir = await writeSyntheticPackage(join(work, 'sources', `${version}-${Math.random().toString(36).slice(2)}`), { version, scale });
  const outcome = await kit.registry.import(dir, 'tester');
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.version;
}

const who = { actor: 'tester', reason: 'test step' };
const override = { reason: 'synthetic test model without golden data' };

describe('validation gate', () => {
  it('passes the shipped SensorAugmentor on its golden dataset and fails a model that misses its thresholds', async () => {
    const kit = openTestRegistry(join(work, 'gate'), host.script);
    await kit.registry.start();
    const outcome = await kit.registry.import(join(MODELS_DIR, 'augmenter', 'sensor-augmentor'), 'tester');
    if (!outcome.ok) throw new Error(outcome.message);
    const gate = await kit.registry.runGate(outcome.version.id, 'tester');
    console.info('augmenter gate', gate.metrics, gate.samples);
    expect(gate.passed).toBe(true);
    expect(gate.samples).toBe(3000);
    expect(gate.metrics.map((m) => m.name).sort()).toEqual(['actuator_command_rmse', 'reconstructed_hq_rmse', 'reconstructed_hq_rmse_ratio']);
    await kit.registry.activate({ profileId: PROFILE, versionId: outcome.version.id }, who);
    expect(kit.registry.activeFor(PROFILE)?.versionId).toBe(outcome.version.id);

    // The synthetic model feeds channels the golden data does not have: the gate fails, activation needs an override.
    const synthetic = await importSynthetic(kit, '1.0.0');
    await expect(kit.registry.activate({ profileId: PROFILE, versionId: synthetic.id }, who)).rejects.toThrow(/did not pass the validation gate \(.*no channel "lq0"/);
    await expect(kit.registry.activate({ profileId: PROFILE, versionId: synthetic.id, override: { reason: 'short' } }, who)).rejects.toThrow(/at least 10 characters/);
    expect(kit.registry.activeFor(PROFILE)?.versionId).toBe(outcome.version.id);
    await kit.registry.activate({ profileId: PROFILE, versionId: synthetic.id, override }, who);
    const overrideRow = kit.registry.history({ actions: ['gate-override'] });
    expect(overrideRow).toHaveLength(1);
    expect(overrideRow[0]).toMatchObject({ actor: 'tester', reason: override.reason, versionId: synthetic.id, profileId: PROFILE });
    kit.close();
  });

  it.each([
    ['echoloc', 'echoloc-nn'],
    ['sits', 'sits-former'],
    ['enose', 'olfactory-transformer'],
  ])('passes the shipped %s model on its golden dataset', async (family, folder) => {
    const kit = openTestRegistry(join(work, `gate-${family}`), host.script);
    await kit.registry.start();
    const outcome = await kit.registry.import(join(MODELS_DIR, family, folder), 'tester');
    if (!outcome.ok) throw new Error(outcome.message);
    const gate = await kit.registry.runGate(outcome.version.id, 'tester');
    console.info(`${family} gate`, Object.fromEntries(gate.metrics.map((m) => [m.name, m.value])), gate.samples, `${gate.durationMs.toFixed(0)} ms`);
    expect(gate.problem).toBeNull();
    expect(gate.passed).toBe(true);
    kit.close();
  });
});

describe('aliases, rollback, retention and history', () => {
  it('rolls back to the previous version in one call, or to any version', async () => {
    const kit = openTestRegistry(join(work, 'rollback'), host.script);
    await kit.registry.start();
    const [v1, v2, v3] = [await importSynthetic(kit, '1.0.0'), await importSynthetic(kit, '2.0.0'), await importSynthetic(kit, '3.0.0')];
    for (const v of [v1, v2, v3]) await kit.registry.activate({ profileId: PROFILE, versionId: v.id, override }, who);
    const back = await kit.registry.rollback({ family: 'augmenter', alias: 'active', profileId: PROFILE }, who);
    expect(back.versionId).toBe(v2.id);
    const any = await kit.registry.rollback({ family: 'augmenter', alias: 'active', profileId: PROFILE, toVersionId: v1.id }, who);
    expect(any.versionId).toBe(v1.id);
    await kit.registry.setAlias({ alias: 'champion', versionId: v3.id }, who);
    await kit.registry.setAlias({ alias: 'champion', versionId: v2.id }, who);
    expect((await kit.registry.rollback({ family: 'augmenter', alias: 'champion', profileId: null }, who)).versionId).toBe(v3.id);
    await expect(kit.registry.delete(v3.id, who)).rejects.toThrow(/is the champion version/);
    expect(kit.registry.diff(v1.id, v2.id)).toEqual([{ path: 'version', change: 'changed', a: '1.0.0', b: '2.0.0' }]);
    const policy = { ...DEFAULT_AUTO_ROLLBACK_POLICY, latency: { enabled: false, sustainedS: 120 } };
    kit.registry.setAutoRollbackPolicy(policy, who);
    kit.close();
    const reopened = openTestRegistry(join(work, 'rollback'), host.script);
    expect(reopened.registry.autoRollbackPolicy()).toEqual(policy);
    reopened.close();
  });

  it('keeps the last 10 of 15 imports plus pinned and aliased versions', async () => {
    const kit = openTestRegistry(join(work, 'retention'), host.script);
    await kit.registry.start();
    const imported: ModelVersion[] = [];
    for (let i = 0; i < 15; i++) {
      imported.push(await importSynthetic(kit, `1.${i}.0`));
      if (i === 0) kit.registry.setPinned(imported[0].id, true, who);
      if (i === 1) await kit.registry.setAlias({ alias: 'candidate', versionId: imported[1].id }, who);
    }
    const kept = new Set(kit.registry.versions('augmenter').map((v) => v.id));
    const expected = new Set([imported[0].id, imported[1].id, ...imported.slice(5).map((v) => v.id)]);
    expect(kept).toEqual(expected);
    expect(kept.size).toBe(12);
    expect((await readdir(join(work, 'retention', 'models'))).filter((n) => n !== '.staging').sort()).toEqual([...expected].sort());
    expect(kit.registry.history({ actions: ['retention-delete'] })).toHaveLength(3);
    kit.close();
  }, 30_000);
});

describe('live activation and automatic rollback', () => {
  it('hot-swaps the live device on activation, answers "what was live at T", and rolls back by itself on a crash loop', async () => {
    const kitRef: { current?: ReturnType<typeof openTestRegistry> } = {};
    const live = new LiveDeployments({
      policy: () => ({ ...DEFAULT_AUTO_ROLLBACK_POLICY, crashLoop: { enabled: true, restarts: 3, withinS: 60 } }),
      onTrigger: (device, trigger) => void kitRef.current?.registry.autoRollback(device, trigger),
      onLive: (event) => kitRef.current?.registry.recordLive(event),
    });
    const changes: string[] = [];
    const kit = openTestRegistry(join(work, 'live'), host.script, { target: live, onChange: (c) => changes.push(`${c.kind}: ${c.message}`) });
    kitRef.current = kit;
    await kit.registry.start();
    const good = await importSynthetic(kit, '1.0.0', 1);
    const bad = await importSynthetic(kit, '2.0.0', 2);
    await kit.registry.activate({ profileId: PROFILE, versionId: good.id, override }, who);

    const runner = new SwappableModelRunner({ createClient: (label) => testRuntime(host.script, label) });
    const active = kit.registry.activeFor(PROFILE);
    if (!active) throw new Error('no active version');
    await runner.start(active);
    const detach = live.attach('aug-1', PROFILE, runner);
    const beforeSwap = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));

    await kit.registry.activate({ profileId: PROFILE, versionId: bad.id, override }, who);
    expect(runner.serving?.versionId).toBe(bad.id);
    expect(kit.registry.liveAt('aug-1', beforeSwap)?.versionId).toBe(good.id);
    expect(kit.registry.liveAt('aug-1', new Date().toISOString())?.versionId).toBe(bad.id);

    // The new version's runtime keeps dying: three crashes within the window trigger the rollback.
    for (let crash = 0; crash < 3; crash++) {
      await waitFor(() => runner.state === 'ready' && runner.serving?.versionId === bad.id, 'the bad version to be running');
      process.kill(findRuntimePid(runner), 'SIGKILL');
      await waitFor(() => runner.state !== 'ready' || runner.serving?.versionId !== bad.id, 'the crash to be noticed');
    }
    await waitFor(() => runner.serving?.versionId === good.id && kit.registry.activeFor(PROFILE)?.versionId === good.id, 'the automatic rollback', 10_000);
    const rollback = kit.registry.history({ actions: ['auto-rollback'] });
    expect(rollback).toHaveLength(1);
    expect(rollback[0]).toMatchObject({ actor: 'auto-rollback', versionId: good.id, previousVersionId: bad.id, deviceId: 'aug-1', profileId: PROFILE });
    expect(rollback[0].reason).toMatch(/stopped 3 times within 60 s/);
    expect(changes.some((c) => c.startsWith('auto-rollback: Automatic rollback on aug-1'))).toBe(true);

    const csv = kit.registry.exportHistory({ deviceId: 'aug-1' }, 'csv');
    expect(csv.split('\r\n')[0]).toBe('id,time,actor,action,family,versionId,versionLabel,previousVersionId,alias,profileId,deviceId,reason,metrics,detail');
    expect(csv).toMatch(/auto-rollback,augmenter/);
    const json = JSON.parse(kit.registry.exportHistory({ actions: ['activate'] }, 'json')) as { versionId: string }[];
    expect(json.map((e) => e.versionId)).toEqual([good.id, bad.id]);

    detach();
    await runner.dispose();
    kit.close();
  });
});

/** The pid of the runner's serving runtime process (tests kill it to simulate native crashes). */
function findRuntimePid(runner: SwappableModelRunner): number {
  const pid = runner.runtimePid;
  if (pid === undefined) throw new Error('no runtime process');
  return pid;
}
