import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { valuesPerFrame } from '../src/shared/domain/deviceProfile';
import { allocateFrameBatch, sliceFrameBatch } from '../src/shared/domain/frameBatch';
import type { ModelManifest } from '../src/shared/domain/modelManifest';
import { defaultProfileOf } from '../src/main/devices/profiles/shippedProfiles';
import { forkInferenceChannel } from '../src/main/inference/forkInferenceChannel';
import { InferenceHostClient } from '../src/main/inference/inferenceHostClient';
import { readModelPackage } from '../src/main/inference/modelPackage';
import { createSession } from '../src/main/inference/onnxSession';
import { buildInferenceHost } from '../src/main/inference/testing/buildInferenceHost';
import { LiveModel } from '../src/main/pipeline/liveModel';
import { SwappableModelRunner } from '../src/main/registry/swappableModelRunner';
import { ModelCatalogue } from '../src/main/pipeline/modelCatalogue';
import { LatencyStats } from '../src/main/pipeline/latencyStats';
import { report } from './report';

/**
 * Per demo model: latency at batch 1 and throughput at batch 64, raw `session.run` in process
 * against the console's path (model runtime process, and the whole live pipeline from frames to
 * decoded predictions), measured in the same run; and the core's event-loop lag while a model
 * runs 100 windows a second.
 *
 * Where the pipeline's time goes, per window: raw `session.run`; the runtime process called with
 * whole tensors one call at a time (raw plus the IPC round trip and tensor copies); and the core's
 * own CPU (cutting, checking, packing, decoding). The pipeline keeps two batches in flight and
 * sends overlapping windows as their distinct samples, so it can beat the one-at-a-time runtime
 * column; it cannot beat raw ÷ core CPU per window, which is why models that take a few microseconds per
 * window (the augmenter, the echo array) stay far below raw: the per-window bookkeeping and the
 * copy across the process boundary cost more than the model.
 */
const MODELS_DIR = fileURLToPath(new URL('../models', import.meta.url));
/** Measured passes of the whole pipeline per model (after one warm-up pass); the median is reported. */
const PIPELINE_PASSES = 5;
const BATCHES_PER_PASS = 50;
let host: Awaited<ReturnType<typeof buildInferenceHost>>;

beforeAll(async () => {
  host = await buildInferenceHost();
});
afterAll(async () => {
  await host.remove();
});

function randomInput(manifest: ModelManifest, batch: number): { name: string; dims: number[]; data: Float32Array } {
  const input = manifest.inputs[0];
  const dims = input.shape.map((d, i) => (i === 0 ? batch : typeof d === 'number' ? d : 1));
  const data = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => Math.random() * 2 - 1);
  return { name: input.name, dims, data };
}

async function timeRuns(run: () => Promise<unknown>, count: number): Promise<LatencyStats> {
  const stats = new LatencyStats(count);
  for (let i = 0; i < 20; i++) await run();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await run();
    stats.add(performance.now() - t);
  }
  return stats;
}

it('inference: console paths vs raw session.run', async () => {
  const models = (await new ModelCatalogue(MODELS_DIR).list()).filter((m) => m.problem === null && m.id.includes(process.env['BENCH_MODEL'] ?? ''));
  expect(models.length).toBeGreaterThan(0);
  const rows: Record<string, string | number>[] = [];
  for (const summary of models) {
    const pkg = await readModelPackage(`${MODELS_DIR}/${summary.id}`);
    const { manifest } = pkg;
    if (manifest.inputs.length !== 1) continue;
    // Built exactly like the runtime's session (one intra-op thread, no spinning), so only the path differs.
    const session = await createSession(pkg.modelPath, { intraOpThreads: 1, warmupRuns: 0 });
    const client = new InferenceHostClient({ createChannel: forkInferenceChannel(host.script) });
    await client.load(pkg.dir);
    const one = randomInput(manifest, 1);
    const big = randomInput(manifest, 64);
    const rawFeed = (x: typeof one) => ({ [x.name]: new ort.Tensor('float32', x.data, x.dims) });
    const hostFeed = (x: typeof one) => ({ [x.name]: { dims: x.dims, data: x.data } });

    const raw1 = await timeRuns(() => session.run(rawFeed(one)), 500);
    const host1 = await timeRuns(() => client.run(hostFeed(one)), 500);
    const raw64 = await timeRuns(() => session.run(rawFeed(big)), 60);
    const host64 = await timeRuns(() => client.run(hostFeed(big)), 60);
    const rawThroughput = 64 / (raw64.percentile(50) / 1000);

    // The whole live path: frames → windows → validation → batches in the runtime → decoded predictions.
    const profile = defaultProfileOf(manifest.family);
    let predictions = 0;
    // Resolved by the prediction that completes a pass (no polling: a spinning wait would steal the runtime's core).
    let passDone: { at: number; resolve: () => void } | undefined;
    let feed: ((b: ReturnType<typeof allocateFrameBatch>) => void) | undefined;
    const runner = new SwappableModelRunner({ createClient: (name) => new InferenceHostClient({ createChannel: forkInferenceChannel(host.script), name }) });
    await runner.start({ versionId: summary.id, dir: pkg.dir, manifest });
    const live = new LiveModel({
      deviceId: 'bench',
      profile,
      manifest,
      client: runner,
      maxQueuedWindows: 100_000,
      maxBatch: Number(process.env["BENCH_MAX_BATCH"] ?? 64),
      subscribe: (l) => {
        feed = l;
        return () => (feed = undefined);
      },
      onPrediction: () => {
        predictions += 1;
        if (passDone && predictions >= passDone.at) passDone.resolve();
      },
    });
    live.start();
    const width = valuesPerFrame(profile);
    // Steady state: BATCHES_PER_PASS batches of 64 per pass, so filling the first batch and decoding the last weigh little.
    const windowsPerPass = 64 * BATCHES_PER_PASS;
    const frames = manifest.inputs[0].window ? windowsPerPass * manifest.inputs[0].window.hop + manifest.inputs[0].window.length : windowsPerPass;
    const batch = allocateFrameBatch('bench', width, frames);
    const framesPerDelivery = 16 * (manifest.inputs[0].window?.hop ?? 1);
    profile.channels.forEach((c, ci) => {
      for (let f = 0; f < frames; f++) for (let k = ci; k < width; k += profile.channels.length) batch.values[f * width + k] = (c.range[0] + c.range[1]) / 2;
    });
    // One pass to warm the core's code paths (JIT) and the runtime, then the measured pass.
    const pass = async (firstSeq: number): Promise<{ windows: number; ms: number; cpuUs: number }> => {
      batch.seq.set(Array.from({ length: frames }, (_, i) => firstSeq + i));
      const before = predictions;
      const done = new Promise<void>((resolve) => (passDone = { at: Number.POSITIVE_INFINITY, resolve }));
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const windowsBefore = live.counters.windowsIn;
      // Frames arrive as a device's ingest delivers them, 16 windows' worth per batch, as fast as
      // the core takes them: between two batches the core answers the runtime (one giant batch would
      // instead cut every window before sending the third runtime call, and measure that backlog).
      for (let from = 0; from < frames; from += framesPerDelivery) {
        feed?.(sliceFrameBatch(batch, from, Math.min(frames, from + framesPerDelivery)));
        await new Promise((r) => setImmediate(r));
      }
      const windows = live.counters.windowsIn - windowsBefore;
      if (passDone) passDone.at = before + windows;
      if (predictions - before < windows) await done;
      const cpu = process.cpuUsage(cpu0);
      return { windows, ms: performance.now() - t0, cpuUs: cpu.user + cpu.system };
    };
    await pass(0);
    const passes: Awaited<ReturnType<typeof pass>>[] = [];
    for (let i = 1; i <= PIPELINE_PASSES; i++) passes.push(await pass(i * frames));
    const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1];
    const pipelineThroughput = median(passes.map((m) => m.windows / (m.ms / 1000)));
    // The core's CPU per window (cutting, checking, packing, sending, decoding): with two batches in
    // flight it overlaps the runtime, so throughput is bounded by the slower of the two processes.
    const coreUsPerWindow = median(passes.map((m) => m.cpuUs / m.windows));
    const rawUsPerWindow = (raw64.percentile(50) * 1000) / 64;
    const runtimeUsPerWindow = (host64.percentile(50) * 1000) / 64;

    // Event-loop lag of the core while the model runs 100 windows a second.
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const perTick = manifest.inputs[0].window ? manifest.inputs[0].window.hop : 1;
    let seq = (PIPELINE_PASSES + 1) * frames;
    for (let i = 0; i < 200; i++) {
      const b = allocateFrameBatch('bench', width, perTick);
      for (let f = 0; f < perTick; f++) b.seq[f] = seq++;
      b.values.fill(0.1);
      feed?.(b);
      await new Promise((r) => setTimeout(r, 10));
    }
    lag.disable();
    live.stop();
    await runner.dispose();
    await client.dispose();

    rows.push({
      model: `${manifest.name} ${manifest.version}`,
      'raw b1 p50/p99 (ms)': `${raw1.percentile(50).toFixed(3)} / ${raw1.percentile(99).toFixed(3)}`,
      'console b1 p50/p99 (ms)': `${host1.percentile(50).toFixed(3)} / ${host1.percentile(99).toFixed(3)}`,
      'raw b64 (windows/s)': rawThroughput.toFixed(0),
      'runtime b64 (windows/s)': (64 / (host64.percentile(50) / 1000)).toFixed(0),
      'pipeline (windows/s)': pipelineThroughput.toFixed(0),
      'pipeline/raw b64': (pipelineThroughput / rawThroughput).toFixed(2),
      // What an operator needs: how many such devices (at the profile's nominal rate) the pipeline keeps up with.
      'pipeline ÷ device window rate': (pipelineThroughput / (profile.nominalRateHz / perTick)).toFixed(0),
      'µs/window raw / runtime / core CPU': `${rawUsPerWindow.toFixed(1)} / ${runtimeUsPerWindow.toFixed(1)} / ${coreUsPerWindow.toFixed(1)}`,
      'raw ÷ core CPU per window': (rawUsPerWindow / coreUsPerWindow).toFixed(2),
      'loop lag p99 @100/s (ms)': (lag.percentile(99) / 1e6).toFixed(2),
    });
  }
  report('Inference, per model (same run, same machine)', rows);
});
