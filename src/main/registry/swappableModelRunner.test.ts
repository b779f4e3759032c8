import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../devices/serial/testing/waitFor';
import type { HostTensorMap } from '../inference/hostTensor';
import { readModelPackage } from '../inference/modelPackage';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { SwappableModelRunner, type RunnableVersion, type TaggedRunResult } from './swappableModelRunner';
import { testRuntime } from './testing/registryTestKit';
import { writeSyntheticPackage } from './testing/syntheticPackages';

const CHANNELS = 32;
let host: Awaited<ReturnType<typeof buildInferenceHost>>;
let work: string;
let a: RunnableVersion;
let b: RunnableVersion;
let hanging: RunnableVersion;
const scaleOf: Record<string, number> = { a: 1, b: 2 };

async function version(versionId: string, spec: Parameters<typeof writeSyntheticPackage>[1]): Promise<RunnableVersion> {
  const dir = await writeSyntheticPackage(join(work, versionId), spec);
  return { versionId, dir, manifest: (await readModelPackage(dir)).manifest };
}

beforeAll(async () => {
  host = await buildInferenceHost();
  work = await mkdtemp(join(tmpdir(), 'swap-runner-'));
  a = await version('a', { version: '1.0.0', scale: 1 });
  b = await version('b', { version: '2.0.0', scale: 2 });
  hanging = await version('hang', { version: '3.0.0', hang: true });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await host.remove();
});

function newRunner(loadTimeoutMs = 5_000): SwappableModelRunner {
  return new SwappableModelRunner({ createClient: (label) => testRuntime(host.script, label, loadTimeoutMs) });
}

/** Window `seq`'s value on channel c: distinct per window so each output reveals its window and scale. */
const value = (seq: number, c: number): number => ((seq % 997) / 500 - 1) * (1 + c / 64);

/**
 * A live stream in miniature: windows arrive every few milliseconds into an unbounded queue and
 * two workers batch them into the runner (so batches are in flight while swaps happen), the way
 * LiveModel pumps its queue. Records every window's prediction and its version tag.
 */
function stream(runner: SwappableModelRunner) {
  const queue: number[] = [];
  const predicted = new Map<number, string[]>();
  const wrongValue: string[] = [];
  const errors: string[] = [];
  let produced = 0;
  let producing = true;
  const producer = setInterval(() => {
    for (let i = 0; i < 4; i++) queue.push(produced++);
  }, 4);
  const worker = async (): Promise<void> => {
    while (producing || queue.length > 0) {
      const batch = queue.splice(0, 8);
      if (batch.length === 0) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      const data = new Float32Array(batch.length * CHANNELS);
      batch.forEach((seq, row) => {
        for (let c = 0; c < CHANNELS; c++) data[row * CHANNELS + c] = value(seq, c);
      });
      const feeds: HostTensorMap = { sensor_input: { dims: [batch.length, CHANNELS], data } };
      let result: TaggedRunResult;
      try {
        result = await runner.run(feeds);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
        continue;
      }
      const recon = result.outputs.reconstructed_hq.data as Float32Array;
      batch.forEach((seq, row) => {
        predicted.set(seq, [...(predicted.get(seq) ?? []), result.versionId]);
        const expected = Math.fround(value(seq, 5)) * scaleOf[result.versionId];
        if (Math.abs(recon[row * CHANNELS + 5] - expected) > 1e-5) wrongValue.push(`${seq}@${result.versionId}`);
      });
    }
  };
  const workers = [worker(), worker()];
  return {
    predicted,
    wrongValue,
    errors,
    get produced() {
      return produced;
    },
    async finish(): Promise<void> {
      clearInterval(producer);
      producing = false;
      await Promise.all(workers);
    },
  };
}

describe('SwappableModelRunner', () => {
  it('swaps 100 times under load without dropping or repeating a window, each prediction tagged with its version', async () => {
    const runner = newRunner();
    await runner.start(a);
    const live = stream(runner);
    await waitFor(() => live.predicted.size > 50, 'the stream to flow');
    const reports = [];
    for (let i = 0; i < 100; i++) reports.push(await runner.swap(i % 2 === 0 ? b : a));
    await live.finish();
    await runner.dispose();

    const duplicated = [...live.predicted.values()].filter((tags) => tags.length > 1).length;
    const missing = live.produced - live.predicted.size;
    const byVersion = { a: 0, b: 0 };
    for (const [tag] of live.predicted.values()) byVersion[tag as 'a' | 'b'] += 1;
    const loads = reports.map((r) => r.loadMs).sort((x, y) => x - y);
    const drains = reports.map((r) => r.drainMs).sort((x, y) => x - y);
    console.info('swap under load', {
      swaps: reports.length,
      windows: live.produced,
      predicted: live.predicted.size,
      dropped: missing,
      duplicated,
      byVersion,
      runErrors: live.errors.length,
      loadMsP50: loads[50],
      loadMsMax: loads[99],
      drainMsMax: drains[99],
    });
    expect(live.errors).toEqual([]);
    expect(missing).toBe(0);
    expect(duplicated).toBe(0);
    expect(live.wrongValue).toEqual([]);
    expect(byVersion.a).toBeGreaterThan(0);
    expect(byVersion.b).toBeGreaterThan(0);
    expect(reports.every((r, i) => r.to === (i % 2 === 0 ? 'b' : 'a'))).toBe(true);
  }, 60_000);

  it('keeps serving the current version when the candidate fails to load', async () => {
    const runner = newRunner(800);
    await runner.start(a);
    const live = stream(runner);
    await expect(runner.swap(hanging)).rejects.toThrow(/could not be loaded, so synthetic-augmenter 1\.0\.0 keeps serving: The model runtime did not answer within 800 ms/);
    expect(runner.serving?.versionId).toBe('a');
    await live.finish();
    await runner.dispose();
    expect(live.errors).toEqual([]);
    expect(live.produced - live.predicted.size).toBe(0);
    expect([...live.predicted.values()].every((tags) => tags.length === 1 && tags[0] === 'a')).toBe(true);
  });

  it('refuses a candidate with a different input layout or actuator limits', async () => {
    const runner = newRunner();
    await runner.start(a);
    const other: RunnableVersion = { ...b, manifest: { ...b.manifest, inputs: [{ ...b.manifest.inputs[0], shape: ['batch', 33] }] } };
    await expect(runner.swap(other)).rejects.toThrow(/cannot replace .* on a live stream: input "sensor_input" differs/);
    const wider: RunnableVersion = { ...b, manifest: { ...b.manifest, outputs: b.manifest.outputs.map((o) => (o.kind === 'actuator' ? { ...o, max: 5 } : o)) } };
    await expect(runner.swap(wider)).rejects.toThrow(/its actuator output or limits differ/);
    expect(runner.serving?.versionId).toBe('a');
    await runner.dispose();
  });

  it('runs a shadow on the same windows and reports agreement, never returning its outputs', async () => {
    const runner = newRunner();
    await runner.start(a);
    await runner.startShadow(b);
    const live = stream(runner);
    await waitFor(() => (runner.shadowStatus('dev')?.windowsCompared ?? 0) >= 300, 'the shadow to compare 300 windows', 10_000);
    await live.finish();
    const status = runner.shadowStatus('dev');
    await runner.dispose();
    expect([...live.predicted.values()].every((tags) => tags[0] === 'a')).toBe(true);
    expect(live.wrongValue).toEqual([]);
    const recon = status?.outputs.find((o) => o.output === 'reconstructed_hq');
    const actuator = status?.outputs.find((o) => o.output === 'actuator_command');
    // Shadow = 2x active, so |active - shadow| = |x|: mean |x| over these windows is about 0.5-0.8.
    expect(recon?.mae).toBeGreaterThan(0.3);
    expect(recon?.mae).toBeLessThan(1.2);
    expect(actuator?.mae).toBeLessThan(1e-6);
    expect(recon?.series.length).toBeGreaterThan(0);
    expect(status?.shadowVersionId).toBe('b');
  });
});
