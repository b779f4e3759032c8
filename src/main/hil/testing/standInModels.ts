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
