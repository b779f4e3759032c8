import type { InferenceSession } from 'onnxruntime-node';
import type { ModelManifest } from '../../shared/domain/modelManifest';
import { ContractError } from '../../shared/ipc/contractError';
import { allocateTensorData, elementCount, type HostTensor, type HostTensorMap } from './hostTensor';
import type { HostLoadOptions, LoadedModel } from './inferenceProtocol';
import { readModelPackage } from './modelPackage';
import { checkGraphAgainstManifest } from './modelSignature';
import { createSession, fromOrtTensor, graphSignature, toOrtTensor } from './onnxSession';
import { expandWindowedFeed, type HostFeed, type HostFeedMap, isWindowedFeed, windowedFeedProblem } from './windowedFeed';

/**
 * The inference host's state: at most one verified package and its ONNX Runtime session. Runs
 * inside the host process only — `session.run` blocks the event loop and native code may crash
 * on a malformed model, which is why every step that touches the model happens here.
 */
export class InferenceHostRuntime {
  #session: InferenceSession | undefined;
  #manifest: ModelManifest | undefined;
  /** Per input, the buffer windowed feeds are laid out in: reused from call to call (runs never overlap). */
  readonly #windowBuffers = new Map<string, Float32Array>();

  /** Verifies the package, opens a session, checks the graph against the manifest and warms up. */
  async load(packageDir: string, options: HostLoadOptions): Promise<LoadedModel> {
    await this.release();
    const pkg = await readModelPackage(packageDir);
    const label = `${pkg.manifest.name} ${pkg.manifest.version}`;
    let session: InferenceSession;
    try {
      session = await createSession(pkg.modelPath, options);
    } catch (error) {
      throw new ContractError({
        code: 'failed',
        message: `ONNX Runtime could not load model.onnx of ${label} — the file is damaged or not an ONNX model (${errorText(error)})`,
      });
    }
    const signature = graphSignature(session);
    const issues = checkGraphAgainstManifest(pkg.manifest, signature);
    if (issues.length > 0) {
      await session.release();
      throw new ContractError({
        code: 'invalid-input',
        message: `model.onnx of ${label} does not match its manifest: ${issues[0]}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
        issues,
      });
    }
    this.#session = session;
    this.#manifest = pkg.manifest;
    const started = performance.now();
    const warmupFeeds = zeroFeeds(pkg.manifest);
    for (let i = 0; i < options.warmupRuns; i++) await this.run(warmupFeeds);
    return { manifest: pkg.manifest, ...signature, warmupMs: performance.now() - started };
  }

  /** Runs the loaded model; `latencyUs` covers `session.run` alone. Feeds are checked by the caller. */
  async run(feeds: HostFeedMap): Promise<{ outputs: HostTensorMap; latencyUs: number }> {
    const session = this.#session;
    const manifest = this.#manifest;
    if (!session || !manifest) throw new ContractError({ code: 'unavailable', message: 'No model is loaded in this runtime' });
    const ortFeeds: Record<string, ReturnType<typeof toOrtTensor>> = {};
    for (const input of manifest.inputs) {
      const feed = feeds[input.name];
      if (!feed) throw new ContractError({ code: 'invalid-input', message: `input "${input.name}" is missing` });
      ortFeeds[input.name] = toOrtTensor(this.#tensorOf(input.name, feed), input.dtype);
    }
    const fetches = manifest.outputs.map((o) => o.name);
    const started = process.hrtime.bigint();
    let results: InferenceSession.ReturnType;
    try {
      results = await session.run(ortFeeds, fetches);
    } catch (error) {
      throw new ContractError({ code: 'failed', message: `The model refused the inputs: ${errorText(error)}` });
    }
    const latencyUs = Number(process.hrtime.bigint() - started) / 1000;
    const outputs: Record<string, ReturnType<typeof fromOrtTensor>> = {};
    for (const name of fetches) outputs[name] = fromOrtTensor(name, results[name]);
    return { outputs, latencyUs };
  }

  /** A windowed feed laid out as the tensor it stands for (the core checked it; a bad one is refused here too, never read out of bounds). */
  #tensorOf(name: string, feed: HostFeed): HostTensor {
    if (!isWindowedFeed(feed)) return feed;
    const problem = windowedFeedProblem(feed);
    if (problem) throw new ContractError({ code: 'invalid-input', message: `input "${name}": ${problem}` });
    const reused = this.#windowBuffers.get(name);
    const data = expandWindowedFeed(feed, reused);
    if (data.buffer !== reused?.buffer) this.#windowBuffers.set(name, data);
    return { dims: feed.dims, data };
  }

  /** Releases the session (native memory) if one is open. */
  async release(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#manifest = undefined;
    this.#windowBuffers.clear();
    await session?.release();
  }
}

/** Zero-filled feeds with every named axis set to 1: the cheapest call that exercises the whole graph. */
function zeroFeeds(manifest: ModelManifest): HostTensorMap {
  const feeds: Record<string, { dims: number[]; data: ReturnType<typeof allocateTensorData> }> = {};
  for (const input of manifest.inputs) {
    const dims = input.shape.map((axis) => (typeof axis === 'number' ? axis : 1));
    feeds[input.name] = { dims, data: allocateTensorData(input.dtype, elementCount(dims)) };
  }
  return feeds;
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}
