import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import { allocateFrameBatch, type FrameBatch } from '../../shared/domain/frameBatch';
import type { Prediction } from '../../shared/domain/prediction';
import { findShippedProfile } from '../devices/profiles/shippedProfiles';
import { waitFor } from '../devices/serial/testing/waitFor';
import { forkInferenceChannel } from '../inference/forkInferenceChannel';
import { InferenceHostClient } from '../inference/inferenceHostClient';
import { SwappableModelRunner } from '../registry/swappableModelRunner';
import { readModelPackage, type ModelPackage } from '../inference/modelPackage';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { fixturePackageDir } from '../inference/testing/fixturePackages';
import { LiveModel, planLiveModel } from './liveModel';

let host: Awaited<ReturnType<typeof buildInferenceHost>>;
let pkg: ModelPackage;
let profile: DeviceProfile;

/**
 * The augmenter profile with its first 32 channels named as the fixture model's inputs
 * (`lq0`…`lq31`): the fixture predates the shipped profile's `lq_00` naming.
 */
function fixtureProfile(): DeviceProfile {
  const shipped = findShippedProfile('sensor-augmenter-32');
  if (!shipped) throw new Error('augmenter profile missing');
  return { ...shipped, channels: shipped.channels.map((c, i) => (i < 32 ? { ...c, name: `lq${i}` } : c)) };
}

function frames(first: number, count: number, value: (seq: number, c: number) => number): FrameBatch {
  const b = allocateFrameBatch('aug', 64, count);
  for (let i = 0; i < count; i++) {
    b.seq[i] = first + i;
    b.deviceTimeS[i] = (first + i) / 100;
    b.hostTimeMs[i] = Date.now();
    for (let c = 0; c < 64; c++) b.values[i * 64 + c] = value(first + i, c);
  }
  return b;
}

const signal = (seq: number, c: number): number => Math.sin(seq / 7 + c) * 2;

beforeAll(async () => {
  host = await buildInferenceHost();
  pkg = await readModelPackage(fixturePackageDir('augmenter-mlp'));
  profile = fixtureProfile();
});
afterAll(async () => {
  await host.remove();
});

function start(onPrediction: (p: Prediction) => void) {
  const client = new SwappableModelRunner({
    createClient: (name) => new InferenceHostClient({ createChannel: forkInferenceChannel(host.script), restartDelayMs: { initial: 50, max: 200 }, name }),
  });
  let feed: ((b: FrameBatch, calibrationVersion?: string | null) => void) | undefined;
  const live = new LiveModel({
    deviceId: 'aug',
    profile,
    manifest: pkg.manifest,
    client,
    subscribe: (listener) => {
      feed = listener;
      return () => (feed = undefined);
    },
    onPrediction,
  });
  return { client, live, push: (b: FrameBatch, calibrationVersion?: string | null) => feed?.(b, calibrationVersion) };
}

describe('LiveModel on the real model runtime', () => {
  it('refuses a model whose channels the device lacks, naming them', () => {
    const shipped = findShippedProfile('sensor-augmenter-32');
    if (!shipped) throw new Error('profile missing');
    expect(() => planLiveModel(shipped, pkg.manifest)).toThrow(/no channel "lq0", "lq1"/);
    const imu = findShippedProfile('imu-6axis');
    if (!imu) throw new Error('profile missing');
    expect(() => planLiveModel(imu, pkg.manifest)).toThrow(/augmenter model and this is a imu device/);
  });

  it('predicts every window with the normalisation applied, equal to an in-process run', async () => {
    const predictions: Prediction[] = [];
    const { client, live, push } = start((p) => predictions.push(p));
    await client.start({ versionId: 'fixture', dir: pkg.dir, manifest: pkg.manifest });
    live.start();
    push(frames(0, 150, signal));
    await waitFor(() => predictions.length === 150, '150 predictions', 10_000);
    expect(predictions.map((p) => p.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i));

    const input = pkg.manifest.inputs[0];
    const norm = input.normalisation;
    if (!norm) throw new Error('fixture has normalisation');
    const session = await ort.InferenceSession.create(pkg.modelPath);
    const x = new Float32Array(32).map((_, c) => (signal(42, c) - norm.mean[c]) / norm.std[c]);
    const reference = await session.run({ sensor_input: new ort.Tensor('float32', x, [1, 32]) });
    const out = pkg.manifest.outputs.find((o) => o.name === 'reconstructed_hq');
    const decoded = predictions[42].outputs.find((o) => o.name === 'reconstructed_hq');
    if (out?.kind !== 'regression' || decoded?.kind !== 'regression' || !out.denormalisation) throw new Error('fixture outputs changed');
    const den = out.denormalisation;
    const expected = Array.from(reference['reconstructed_hq'].data as Float32Array, (v, i) => v * den.std[i] + den.mean[i]);
    decoded.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    expect(live.counters).toMatchObject({ windowsIn: 150, windowsRun: 150, windowsRejected: 0, windowsDropped: 0 });
    live.stop();
    await client.dispose();
  });

  it('tags each prediction with the calibration applied to its frames', async () => {
    const predictions: Prediction[] = [];
    const { client, live, push } = start((p) => predictions.push(p));
    await client.start({ versionId: 'fixture', dir: pkg.dir, manifest: pkg.manifest });
    live.start();
    push(frames(0, 5, signal));
    push(frames(5, 5, signal), 'cal-7');
    await waitFor(() => predictions.length === 10, '10 predictions');
    expect(predictions.map((p) => p.calibrationVersion)).toEqual([...Array<null>(5).fill(null), ...Array<string>(5).fill('cal-7')]);
    live.stop();
    await client.dispose();
  });

  it('never feeds NaN: such windows are rejected and counted; out-of-range values are flagged', async () => {
    const predictions: Prediction[] = [];
    const { client, live, push } = start((p) => predictions.push(p));
    await client.start({ versionId: 'fixture', dir: pkg.dir, manifest: pkg.manifest });
    live.start();
    push(frames(0, 20, (seq, c) => (seq === 5 && c === 3 ? Number.NaN : seq === 9 && c === 0 ? 1e6 : signal(seq, c))));
    await waitFor(() => live.counters.windowsRun + live.counters.windowsRejected === 20, 'all windows accounted for');
    expect(live.counters.windowsRejected).toBe(1);
    expect(predictions.map((p) => p.seq)).not.toContain(5);
    expect(predictions.find((p) => p.seq === 9)?.flags).toContain('out-of-range');
    expect(live.counters.flaggedOutOfRange).toBe(1);
    live.stop();
    await client.dispose();
  });

  it('keeps going after the runtime is killed: lost windows are counted, predictions resume', async () => {
    const predictions: Prediction[] = [];
    const { client, live, push } = start((p) => predictions.push(p));
    await client.start({ versionId: 'fixture', dir: pkg.dir, manifest: pkg.manifest });
    live.start();
    push(frames(0, 10, signal));
    await waitFor(() => predictions.length === 10, 'first predictions');
    process.kill(client.runtimePid as number, 'SIGKILL');
    let seq = 10;
    await waitFor(
      () => {
        push(frames(seq, 5, signal));
        seq += 5;
        return client.state === 'ready' && predictions.length > 20;
      },
      'predictions after the restart',
      10_000,
      50,
    );
    expect(client.restartCount).toBeGreaterThanOrEqual(1);
    expect(live.counters.windowsIn).toBe(live.counters.windowsRun + live.counters.windowsFailed + live.counters.windowsDropped + live.counters.windowsRejected + live.queued);
    live.stop();
    await client.dispose();
  });
});
