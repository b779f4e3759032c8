import type { ModelManifest } from '../../shared/domain/modelManifest';
import type { HostTensor, HostTensorMap } from './hostTensor';
import { readReferenceCases } from './referenceData';

/** One output of one reference case. */
export interface ParityResult {
  readonly caseIndex: number;
  readonly output: string;
  /** Largest |runtime − reference| over the tensor; Infinity when shapes differ or only one side is NaN. */
  readonly maxAbsDiff: number;
  readonly passed: boolean;
  /** Why it failed, in words, when it did. */
  readonly problem: string | undefined;
}

/** The outcome of running a package's reference inputs through a runtime. */
export interface ParityReport {
  readonly passed: boolean;
  readonly tolerance: number;
  /** Worst difference over every case and output. */
  readonly maxAbsDiff: number;
  readonly results: readonly ParityResult[];
}

/** Anything that runs the model: the out-of-process client, or a test double. */
export interface IModelRunner {
  run(feeds: HostTensorMap): Promise<{ readonly outputs: HostTensorMap }>;
}

/**
 * Runs the package's reference inputs and compares every reference output with what the
 * runtime produced (max absolute difference ≤ `manifest.parity.tolerance`). Proves the exported
 * graph, this ONNX Runtime build and the console's tensor plumbing agree with the training code.
 */
export async function checkParity(runner: IModelRunner, packageDir: string, manifest: ModelManifest): Promise<ParityReport> {
  const tolerance = manifest.parity.tolerance;
  const cases = await readReferenceCases(packageDir, manifest);
  const results: ParityResult[] = [];
  for (const [caseIndex, reference] of cases.entries()) {
    const { outputs } = await runner.run(reference.inputs);
    for (const [output, expected] of Object.entries(reference.outputs)) {
      const actual = outputs[output];
      const { maxAbsDiff, problem } = actual ? compareTensors(actual, expected) : { maxAbsDiff: Infinity, problem: `the runtime produced no output "${output}"` };
      const passed = maxAbsDiff <= tolerance;
      results.push({
        caseIndex,
        output,
        maxAbsDiff,
        passed,
        problem: passed ? undefined : (problem ?? `differs by up to ${maxAbsDiff.toExponential(2)}, over the tolerance of ${tolerance.toExponential(2)}`),
      });
    }
  }
  const maxAbsDiff = results.reduce((worst, r) => Math.max(worst, r.maxAbsDiff), 0);
  return { passed: results.every((r) => r.passed), tolerance, maxAbsDiff, results };
}

function compareTensors(actual: HostTensor, expected: HostTensor): { maxAbsDiff: number; problem: string | undefined } {
  if (actual.dims.length !== expected.dims.length || actual.dims.some((d, i) => d !== expected.dims[i])) {
    return { maxAbsDiff: Infinity, problem: `has dims [${actual.dims.join(', ')}] but the reference has [${expected.dims.join(', ')}]` };
  }
  if (actual.data.constructor !== expected.data.constructor) {
    return { maxAbsDiff: Infinity, problem: 'has a different dtype from the reference' };
  }
  let worst = 0;
  for (let i = 0; i < actual.data.length; i++) {
    const a = Number(actual.data[i]);
    const b = Number(expected.data[i]);
    const diff = Number.isNaN(a) || Number.isNaN(b) ? (Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity) : Math.abs(a - b);
    if (diff > worst) worst = diff;
  }
  return { maxAbsDiff: worst, problem: undefined };
}
