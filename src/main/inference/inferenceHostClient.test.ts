import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InferenceSession } from 'onnxruntime-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../shared/domain/modelManifest';
import { ContractError } from '../../shared/ipc/contractError';
import { forkInferenceChannel } from './forkInferenceChannel';
import type { HostTensorMap } from './hostTensor';
import type { ChannelExit, IInferenceChannel } from './IInferenceChannel';
import type { HostReply, HostRequest } from './inferenceProtocol';
import { readModelPackage } from './modelPackage';
import { InferenceHostClient, type HostCrash, type InferenceHostClientOptions } from './inferenceHostClient';
import { createSession, fromOrtTensor, toOrtTensor } from './onnxSession';
import { buildInferenceHost } from './testing/buildInferenceHost';
import { fixturePackageDir } from './testing/fixturePackages';
import { expandWindowedFeed, type WindowedFeed } from './windowedFeed';

const MLP = fixturePackageDir('augmenter-mlp');
/** A shipped model with a time axis: [batch, 6, 128] IMU windows. */
const STEP_DETECTOR = fileURLToPath(new URL('../../../models/imu/step-detection', import.meta.url));

let host: Awaited<ReturnType<typeof buildInferenceHost>>;
const clients: InferenceHostClient[] = [];

beforeAll(async () => {
  host = await buildInferenceHost();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(async () => {
  await host.remove();
});

function newClient(options: Partial<InferenceHostClientOptions> = {}): InferenceHostClient {
  const client = new InferenceHostClient({
    createChannel: forkInferenceChannel(host.script),
    restartDelayMs: { initial: 10, max: 100 },
    ...options,
  });
  clients.push(client);
  return client;
}

/** Deterministic pseudo-random sensor batch [batch, 32]. */
function sensorBatch(batch: number, seed = 1): HostTensorMap {
  const data = new Float32Array(batch * 32);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    data[i] = (s / 2 ** 31) * 4 - 2;
  }
  return { sensor_input: { dims: [batch, 32], data } };
}

async function rejectionOf(promise: Promise<unknown>): Promise<ContractError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ContractError)) throw new Error(`expected a ContractError, got ${String(error)}`);
  return error;
}

function nextEvent<T>(subscribe: (listener: (payload: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((payload) => {
      off();
      resolve(payload);
    });
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('InferenceHostClient with a forked host', () => {
  let inProcess: InferenceSession;
  beforeAll(async () => {
    inProcess = await createSession(`${MLP}/model.onnx`, { intraOpThreads: 1, warmupRuns: 0 });
  });
  afterAll(async () => {
    await inProcess.release();
  });

  async function runInProcess(feeds: HostTensorMap): Promise<Record<string, Float32Array>> {
    const results = await inProcess.run({ sensor_input: toOrtTensor(feeds.sensor_input, 'float32') });
    return {
      reconstructed_hq: fromOrtTensor('reconstructed_hq', results.reconstructed_hq).data as Float32Array,
      actuator_command: fromOrtTensor('actuator_command', results.actuator_command).data as Float32Array,
    };
  }

  it('loads the fixture package, reports its graph and warm-up, and matches an in-process session within 1e-6', async () => {
    const client = newClient();
    const model = await client.load(MLP);
    expect(model.manifest.name).toBe('augmenter-mlp');
    expect(model.inputs).toEqual([{ name: 'sensor_input', dtype: 'float32', shape: ['batch', 32] }]);
    expect(model.outputs.map((o) => o.name)).toEqual(['reconstructed_hq', 'actuator_command']);
    expect(model.warmupMs).toBeGreaterThan(0);
    expect(client.state).toBe('ready');
    expect(client.health().state).toBe('running');

    const feeds = sensorBatch(8);
    const result = await client.run(feeds);
    const expected = await runInProcess(feeds);
    expect(result.outputs.reconstructed_hq.dims).toEqual([8, 32]);
    expect(result.outputs.actuator_command.dims).toEqual([8, 1]);
    expect(maxAbsDiff(result.outputs.reconstructed_hq.data as Float32Array, expected.reconstructed_hq)).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(result.outputs.actuator_command.data as Float32Array, expected.actuator_command)).toBeLessThanOrEqual(1e-6);
    expect(result.latencyUs).toBeGreaterThan(0);
    expect(result.roundTripUs).toBeGreaterThan(result.latencyUs);
  });

  it('runs a window cut from a larger buffer (a view with an offset)', async () => {
    const client = newClient();
    await client.load(MLP);
    const ring = sensorBatch(64).sensor_input.data as Float32Array;
    const window = ring.subarray(32 * 10, 32 * 12);
    const result = await client.run({ sensor_input: { dims: [2, 32], data: window } });
    const expected = await runInProcess({ sensor_input: { dims: [2, 32], data: window.slice() } });
    expect(maxAbsDiff(result.outputs.reconstructed_hq.data as Float32Array, expected.reconstructed_hq)).toBe(0);
  });

  it('refuses a package whose manifest names I/O the graph lacks, naming them, and stays usable', async () => {
    const client = newClient();
    const error = await rejectionOf(client.load(fixturePackageDir('augmenter-wrong-io')));
    expect(error.code).toBe('invalid-input');
    expect(error.issues).toEqual([
      'manifest.json names input "sensor_in", but the model\'s inputs are: sensor_input',
      'manifest.json names output "reconstructed", but the model\'s outputs are: reconstructed_hq, actuator_command',
      'the model needs input "sensor_input", which manifest.json does not describe',
    ]);
    expect(error.message).toMatch(/^model\.onnx of augmenter-wrong-io 0\.1\.0 does not match its manifest: manifest\.json names input "sensor_in"/);
    expect(client.state).toBe('idle');
    await client.load(MLP);
    expect((await client.run(sensorBatch(1))).outputs.actuator_command.dims).toEqual([1, 1]);
  });

  it('reports a truncated model as damaged; the core carries on', async () => {
    const client = newClient();
    const error = await rejectionOf(client.load(fixturePackageDir('augmenter-truncated')));
    expect(error.code).toBe('failed');
    expect(error.message).toMatch(
      /^ONNX Runtime could not load model\.onnx of augmenter-truncated 0\.1\.0 — the file is damaged or not an ONNX model \(.*Protobuf parsing failed/,
    );
    expect(client.state).toBe('idle');
    expect(client.pid).toBeUndefined();
  });

  it('refuses a package with a hash mismatch before ONNX Runtime sees it', async () => {
    const client = newClient();
    const error = await rejectionOf(client.load(fixturePackageDir('augmenter-hash-mismatch')));
    expect(error.code).toBe('invalid-input');
    expect(error.issues).toEqual(['model.onnx does not match its SHA-256 in manifest.json (the file was altered or corrupted)']);
  });

  it('checks feeds in the core and names the offending tensor', async () => {
    const client = newClient();
    await client.load(MLP);
    const error = await rejectionOf(client.run({ sensor_input: { dims: [1, 31], data: new Float32Array(31) } }));
    expect(error.code).toBe('invalid-input');
    expect(error.issues).toEqual(['input "sensor_input" axis 1 is 31 but manifest.json declares 32']);
    const wrongType = await rejectionOf(client.run({ sensor_input: { dims: [1, 32], data: new BigInt64Array(32) } }));
    expect(wrongType.issues).toEqual(['input "sensor_input" must be float32, got int64']);
    const extra = await rejectionOf(client.run({ ...sensorBatch(1), mask: { dims: [1], data: new Uint8Array(1) } }));
    expect(extra.issues).toEqual(['"mask" is not an input of augmenter-mlp; its inputs are: sensor_input']);
  });

  it('survives SIGKILL during a run: the call rejects with unavailable, crashed fires, the host restarts and reloads', async () => {
    const client = newClient();
    await client.load(MLP);
    const pid = client.pid;
    if (pid === undefined) throw new Error('no host pid');
    const crashed = nextEvent<HostCrash>((l) => client.on('crashed', l));
    const restarted = nextEvent<{ restartCount: number }>((l) => client.on('restarted', l));

    // Stopped first, so the host cannot answer between the send and the kill.
    process.kill(pid, 'SIGSTOP');
    const call = client.run(sensorBatch(1));
    process.kill(pid, 'SIGKILL');

    const error = await rejectionOf(call);
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('The model runtime stopped (signal SIGKILL) — restarting');
    expect(await crashed).toEqual({
      reason: 'The model runtime stopped (signal SIGKILL)',
      exit: { code: null, signal: 'SIGKILL' },
      restartCount: 0,
      restartInMs: 10,
    });
    expect(client.state).toBe('restarting');
    expect((await rejectionOf(client.run(sensorBatch(1)))).message).toMatch(/^The model runtime is restarting/);

    expect((await restarted).restartCount).toBe(1);
    expect(client.restartCount).toBe(1);
    expect(client.pid).not.toBe(pid);
    const feeds = sensorBatch(3);
    const result = await client.run(feeds);
    expect(maxAbsDiff(result.outputs.reconstructed_hq.data as Float32Array, (await runInProcess(feeds)).reconstructed_hq)).toBeLessThanOrEqual(1e-6);
  });

  it('rejects a call that exceeds its timeout and recycles the host', async () => {
    const client = newClient();
    await client.load(MLP);
    const pid = client.pid;
    if (pid === undefined) throw new Error('no host pid');
    const crashed = nextEvent<HostCrash>((l) => client.on('crashed', l));
    const restarted = nextEvent<unknown>((l) => client.on('restarted', l));
    process.kill(pid, 'SIGSTOP'); // a hung host: alive, never answers

    const error = await rejectionOf(client.run(sensorBatch(1), { timeoutMs: 150 }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('The model runtime did not answer within 150 ms — restarting');
    expect((await crashed).exit).toBeUndefined();
    await restarted;
    expect(client.pid).not.toBe(pid);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect((await client.run(sensorBatch(1))).outputs.reconstructed_hq.dims).toEqual([1, 32]);
  });

  it('bounds calls in flight: the one over the limit is refused at once', async () => {
    const client = newClient({ maxInFlight: 2 });
    await client.load(MLP);
    const pid = client.pid;
    if (pid === undefined) throw new Error('no host pid');
    process.kill(pid, 'SIGSTOP');
    const first = client.run(sensorBatch(1));
    const second = client.run(sensorBatch(2));
    const third = await rejectionOf(client.run(sensorBatch(3)));
    expect(third.code).toBe('unavailable');
    expect(third.message).toBe('The model runtime is busy (2 calls in flight)');
    process.kill(pid, 'SIGCONT');
    expect((await first).outputs.reconstructed_hq.dims).toEqual([1, 32]);
    expect((await second).outputs.reconstructed_hq.dims).toEqual([2, 32]);
  });

  it('lays out windowed feeds in the host: the same outputs, bit for bit, as the whole tensor (step detector, windows of 128 every 16)', async () => {
    const client = newClient();
    await client.load(STEP_DETECTOR);
    // 6 channels × 1136 samples: 64 windows of 128 samples starting every 16.
    const span = 128 + 63 * 16;
    const samples = Float32Array.from({ length: 6 * span }, (_, i) => Math.sin(i * 0.37) * 1.5);
    const windowed: WindowedFeed = { dims: [64, 6, 128], timeAxis: 2, samples, starts: Int32Array.from({ length: 64 }, (_, b) => b * 16) };
    const whole = await client.run({ imu_window: { dims: [64, 6, 128], data: expandWindowedFeed(windowed) } });
    const fromWindows = await client.run({ imu_window: windowed });
    // A smaller batch next reuses the host's buffer: nothing of the larger call may leak into it.
    const firstFour = await client.run({ imu_window: { ...windowed, dims: [4, 6, 128], starts: windowed.starts.subarray(0, 4) } });
    for (const name of Object.keys(whole.outputs)) {
      expect(maxAbsDiff(fromWindows.outputs[name].data as Float32Array, whole.outputs[name].data as Float32Array)).toBe(0);
      const per = whole.outputs[name].data.length / 64;
      expect(maxAbsDiff(firstFour.outputs[name].data as Float32Array, (whole.outputs[name].data as Float32Array).subarray(0, 4 * per))).toBe(0);
    }
  });

  it('refuses a windowed feed that would read past its samples, in the core and in the host, and keeps serving', async () => {
    const client = newClient();
    await client.load(STEP_DETECTOR);
    const hostile: WindowedFeed = { dims: [2, 6, 128], timeAxis: 2, samples: new Float32Array(6 * 130), starts: Int32Array.of(0, 1_000_000) };
    const inCore = await rejectionOf(client.run({ imu_window: hostile }));
    expect(inCore.issues).toEqual(['input "imu_window": a window starts at sample 1000000, but 128-sample windows must start within 0…2']);
    // Straight to a host, as a buggy or compromised core would send it.
    const channel = forkInferenceChannel(host.script)();
    const replies: HostReply[] = [];
    channel.onMessage((reply) => replies.push(reply));
    channel.send({ type: 'load', id: 1, packageDir: STEP_DETECTOR, options: { intraOpThreads: 1, warmupRuns: 0 } });
    channel.send({ type: 'run', id: 2, feeds: { imu_window: hostile } });
    channel.send({ type: 'run', id: 3, feeds: { imu_window: { ...hostile, starts: Int32Array.of(0, 2) } } });
    await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(3);
    await channel.close(1000);
    expect(replies[1]).toMatchObject({ type: 'error', id: 2, error: { code: 'invalid-input', message: expect.stringMatching(/starts at sample 1000000/) } });
    expect(replies[2]).toMatchObject({ type: 'result', id: 3 });
  });

  it("opens the session with the station's runtime threads: ONNX Runtime starts a pool of that many threads in the host", async () => {
    const threadsOf = (pid: number | undefined): number => Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    const one = newClient({ runtimeThreads: () => 1 });
    await one.load(STEP_DETECTOR);
    const four = newClient({ runtimeThreads: () => 4 });
    await four.load(STEP_DETECTOR);
    // An intra-op pool of n threads is the calling thread plus n − 1 workers.
    expect(threadsOf(four.pid) - threadsOf(one.pid)).toBe(3);
    const named = newClient({ runtimeThreads: () => 4 });
    await named.load(STEP_DETECTOR, { intraOpThreads: 1 });
    expect(threadsOf(named.pid)).toBe(threadsOf(one.pid));
  });

  it('rejects pending calls on dispose and refuses calls afterwards', async () => {
    const client = newClient({ closeGraceMs: 100 });
    await client.load(MLP);
    const pid = client.pid;
    if (pid === undefined) throw new Error('no host pid');
    process.kill(pid, 'SIGSTOP'); // cannot exit politely: dispose must kill it after the grace period
    const call = rejectionOf(client.run(sensorBatch(1)));
    await client.dispose();
    expect((await call).message).toBe('The model runtime was shut down');
    expect((await rejectionOf(client.run(sensorBatch(1)))).code).toBe('unavailable');
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});

/** A host that follows a script instead of running a model, for recovery paths no real model can trigger on demand. */
class ScriptedChannel implements IInferenceChannel {
  static nextPid = 1000;
  readonly pid = ScriptedChannel.nextPid++;
  #onMessage: (reply: HostReply) => void = () => undefined;
  #onExit: (exit: ChannelExit) => void = () => undefined;
  #alive = true;

  constructor(
    readonly manifest: ModelManifest,
    readonly onLoad: 'answer' | 'refuse' | 'exit-134',
  ) {}

  send(request: HostRequest): void {
    queueMicrotask(() => {
      if (!this.#alive) return;
      if (request.type === 'run') {
        this.#onMessage({ type: 'result', id: request.id, outputs: {}, latencyUs: 1 });
      } else if (this.onLoad === 'answer') {
        this.#onMessage({ type: 'loaded', id: request.id, model: { manifest: this.manifest, inputs: [], outputs: [], warmupMs: 1 } });
      } else if (this.onLoad === 'refuse') {
        this.#onMessage({ type: 'error', id: request.id, error: { code: 'invalid-input', message: 'model.onnx does not match its SHA-256' } });
      } else {
        this.exit(134);
      }
    });
  }
  onMessage(listener: (reply: HostReply) => void): void {
    this.#onMessage = listener;
  }
  onExit(listener: (exit: ChannelExit) => void): void {
    this.#onExit = listener;
  }
  exit(code: number): void {
    if (!this.#alive) return;
    this.#alive = false;
    queueMicrotask(() => this.#onExit({ code, signal: null }));
  }
  kill(): void {
    this.exit(137);
  }
  close(): Promise<void> {
    this.exit(0);
    return Promise.resolve();
  }
}

describe('InferenceHostClient recovery (scripted host)', () => {
  let manifest: ModelManifest;
  beforeAll(async () => {
    manifest = (await readModelPackage(MLP)).manifest;
  });

  /** A client whose nth host (0-based) loads as `script[n]` says (the last entry repeats). */
  function scripted(script: ScriptedChannel['onLoad'][], options: Partial<InferenceHostClientOptions> = {}) {
    const channels: ScriptedChannel[] = [];
    const client = new InferenceHostClient({
      createChannel: () => {
        const channel = new ScriptedChannel(manifest, script[Math.min(channels.length, script.length - 1)]);
        channels.push(channel);
        return channel;
      },
      restartDelayMs: { initial: 1, max: 4 },
      ...options,
    });
    clients.push(client);
    return { client, channels };
  }

  it('words an exit code the way a technician reads it', async () => {
    const { client, channels } = scripted(['answer']);
    await client.load(MLP);
    const crashed = nextEvent<HostCrash>((l) => client.on('crashed', l));
    const call = rejectionOf(client.run(sensorBatch(1), { timeoutMs: 60_000 }));
    channels[0].exit(134);
    expect((await call).message).toBe('The model runtime stopped (exit code 134) — restarting');
    expect((await crashed).reason).toBe('The model runtime stopped (exit code 134)');
  });

  it('backs off between restarts and gives up after too many crashes in a row', async () => {
    const { client, channels } = scripted(['answer', 'exit-134'], { maxConsecutiveCrashes: 3 });
    await client.load(MLP);
    const delays: (number | undefined)[] = [];
    client.on('crashed', (c) => delays.push(c.restartInMs));
    const failed = nextEvent<{ message: string }>((l) => client.on('failed', l));
    channels[0].exit(1);
    expect((await failed).message).toBe(
      'The model runtime stopped (exit code 134) — gave up after 3 restarts in a row; load the model again to retry',
    );
    expect(delays).toEqual([1, 2, 4, undefined]);
    expect(client.restartCount).toBe(3);
    expect(client.state).toBe('failed');
    expect(client.health()).toEqual({ state: 'failed', detail: expect.stringMatching(/gave up/) as unknown });
    expect((await rejectionOf(client.run(sensorBatch(1)))).message).toMatch(/gave up after 3 restarts/);
  });

  it('fails, without looping, when the package no longer loads after a crash', async () => {
    const { client, channels } = scripted(['answer', 'refuse']);
    await client.load(MLP);
    const failed = nextEvent<{ message: string }>((l) => client.on('failed', l));
    channels[0].exit(1);
    expect((await failed).message).toBe('The model could not be reloaded after a crash: model.onnx does not match its SHA-256');
    expect(channels).toHaveLength(2);
  });

  it('keeps recovering when a listener throws', async () => {
    const { client, channels } = scripted(['answer']);
    await client.load(MLP);
    client.on('crashed', () => {
      throw new Error('listener bug');
    });
    const restarted = nextEvent<unknown>((l) => client.on('restarted', l));
    channels[0].exit(1);
    await restarted;
    expect(client.state).toBe('ready');
  });
});
