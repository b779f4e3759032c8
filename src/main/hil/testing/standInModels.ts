import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeNpy } from '../../devices/simulators/npy';
import type { IModelUnderTest, ModelOutput, ModelWindow } from '../hilContext';
import { percentile } from '../signalStats';

/**
 * Stand-ins for the model runtime in engine tests: small models written in JavaScript for what no
 * shipped ONNX model does (a broken export, a slow one). Suites' own model steps run the shipped
 * models on the real runtime (`shippedModelUnderTest`).
 */
abstract class StandInModel implements IModelUnderTest {
  abstract readonly version: string;
  abstract readonly input: IModelUnderTest['input'];
  readonly #latencies: number[] = [];
  readonly #delayMs: number;

  constructor(delayMs = 0) {
    this.#delayMs = delayMs;
  }

  async predict(windows: readonly ModelWindow[], signal: AbortSignal): Promise<readonly ModelOutput[]> {
    const started = performance.now();
    if (this.#delayMs > 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.#delayMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
    }
    const outputs = windows.map((w) => this.classify(w));
    this.#latencies.push(performance.now() - started);
    return outputs;
  }

  latencyP95Ms(): number | undefined {
    return this.#latencies.length === 0 ? undefined : percentile(this.#latencies, 95);
  }

  protected abstract classify(window: ModelWindow): ModelOutput;
}

/** A model that always says the same thing, slowly if asked: what a broken export looks like. */
export class ConstantStandIn extends StandInModel {
  readonly version = 'constant-stand-in@0.0.1';
  readonly input: IModelUnderTest['input'];
  readonly #output: ModelOutput;

  /** `input`: the channels it reads, windowed as given (default 100 frames, no overlap). */
  constructor(output: ModelOutput, input: Pick<IModelUnderTest['input'], 'channels'> & Partial<IModelUnderTest['input']>, delayMs = 0) {
    super(delayMs);
    this.#output = output;
    this.input = { windowFrames: 100, hopFrames: 100, ...input };
  }

  protected classify(): ModelOutput {
    return this.#output;
  }
}

/**
 * Stand-in for the SITS classifier: nearest centroid of the per-band mean reflectance, fitted on
 * a dataset's own labelled series (`fit`).
 */
export class SitsCentroidStandIn extends StandInModel {
  readonly version = 'sits-centroid-stand-in@0.0.1';
  readonly input = { channels: [], windowFrames: 1, hopFrames: 1 };
  readonly #centroids: { label: string; bands: Float64Array }[];

  private constructor(centroids: { label: string; bands: Float64Array }[]) {
    super();
    this.#centroids = centroids;
  }

  static async fit(datasetDir: string): Promise<SitsCentroidStandIn> {
    const meta = JSON.parse(await readFile(join(datasetDir, 'meta.json'), 'utf8')) as { labels: { classes: string[] } };
    const sequences = decodeNpy(new Uint8Array(await readFile(join(datasetDir, 'sequences.npy'))));
    const labels = decodeNpy(new Uint8Array(await readFile(join(datasetDir, 'labels.npy'))));
    const size = sequences.shape.slice(1).reduce((a, b) => a * b, 1);
    const sums = new Map<number, { n: number; bands: Float64Array }>();
    for (let n = 0; n < sequences.shape[0]; n++) {
      const bands = bandMeans(Float32Array.from(sequences.data.subarray(n * size, (n + 1) * size), Number), sequences.shape.slice(1));
      const k = Number(labels.data[n]);
      const entry = sums.get(k) ?? { n: 0, bands: new Float64Array(bands.length) };
      entry.n += 1;
      bands.forEach((b, i) => (entry.bands[i] += b));
      sums.set(k, entry);
    }
    return new SitsCentroidStandIn([...sums].map(([k, e]) => ({ label: meta.labels.classes[k], bands: e.bands.map((b) => b / e.n) })));
  }

  protected classify(window: ModelWindow): ModelOutput {
    const bands = bandMeans(window.values, window.shape);
    let best = this.#centroids[0];
    let bestDistance = Infinity;
    for (const c of this.#centroids) {
      const d = c.bands.reduce((sum, b, i) => sum + (b - bands[i]) ** 2, 0);
      if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    return { label: best.label };
  }
}

/** Mean of each (time, band) pair over the pixels of a [T, C, H, W] series. */
function bandMeans(values: Float32Array, shape: readonly number[]): Float64Array {
  const [t, c, h, w] = shape;
  const out = new Float64Array(t * c);
  for (let i = 0; i < t * c; i++) {
    let sum = 0;
    for (let p = 0; p < h * w; p++) sum += values[i * h * w + p];
    out[i] = sum / (h * w);
  }
  return out;
}
