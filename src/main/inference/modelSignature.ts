import type { ModelManifest } from '../../shared/domain/modelManifest';
import { dtypeOf, elementCount } from './hostTensor';
import { type HostFeedMap, isWindowedFeed, windowedFeedProblem } from './windowedFeed';
import type { GraphValueInfo } from './inferenceProtocol';

type DeclaredShape = readonly (number | string)[];

/**
 * Compares what the ONNX graph declares with what the manifest promises: every manifest input
 * and output exists under that name with that dtype and a compatible shape, and the graph needs
 * no input the manifest does not describe. Returns one line per problem, naming the tensors.
 */
export function checkGraphAgainstManifest(
  manifest: ModelManifest,
  graph: { readonly inputs: readonly GraphValueInfo[]; readonly outputs: readonly GraphValueInfo[] },
): string[] {
  const issues: string[] = [];
  const compare = (kind: 'input' | 'output', declared: ModelManifest['inputs'] | ModelManifest['outputs'], actual: readonly GraphValueInfo[]): void => {
    const byName = new Map(actual.map((v) => [v.name, v]));
    for (const value of declared) {
      const found = byName.get(value.name);
      if (!found) {
        issues.push(`manifest.json names ${kind} "${value.name}", but the model's ${kind}s are: ${actual.map((v) => v.name).join(', ')}`);
        continue;
      }
      if (found.dtype !== value.dtype) {
        issues.push(`${kind} "${value.name}" is ${found.dtype} in the model but ${value.dtype} in manifest.json`);
        continue;
      }
      // ONNX Runtime reports an empty shape when the graph leaves the rank unknown.
      if (found.shape.length > 0) issues.push(...shapeProblems(`${kind} "${value.name}"`, value.shape, found.shape, 'model'));
    }
  };
  compare('input', manifest.inputs, graph.inputs);
  compare('output', manifest.outputs, graph.outputs);
  const described = new Set(manifest.inputs.map((i) => i.name));
  for (const input of graph.inputs) {
    if (!described.has(input.name)) issues.push(`the model needs input "${input.name}", which manifest.json does not describe`);
  }
  return issues;
}

/** Checks feeds against the manifest's inputs before they cross to the host, so mistakes get words instead of an ONNX Runtime dump. */
export function checkFeeds(manifest: ModelManifest, feeds: HostFeedMap): string[] {
  const issues: string[] = [];
  const declared = new Map(manifest.inputs.map((i) => [i.name, i]));
  for (const name of Object.keys(feeds)) {
    if (!declared.has(name)) issues.push(`"${name}" is not an input of ${manifest.name}; its inputs are: ${[...declared.keys()].join(', ')}`);
  }
  const symbols = new Map<string, { size: number; input: string }>();
  for (const input of manifest.inputs) {
    const feed = feeds[input.name];
    if (!feed) {
      issues.push(`input "${input.name}" is missing`);
      continue;
    }
    const dtype = isWindowedFeed(feed) ? 'float32' : dtypeOf(feed.data);
    if (dtype !== input.dtype) {
      issues.push(`input "${input.name}" must be ${input.dtype}, got ${dtype}`);
      continue;
    }
    if (!feed.dims.every((d) => Number.isInteger(d) && d >= 0)) {
      issues.push(`input "${input.name}" has dims [${feed.dims.join(', ')}]; each must be a whole number ≥ 0`);
      continue;
    }
    const problems = shapeProblems(`input "${input.name}"`, input.shape, feed.dims, 'feed');
    issues.push(...problems);
    if (problems.length > 0) continue;
    input.shape.forEach((axis, i) => {
      if (typeof axis !== 'string') return;
      const seen = symbols.get(axis);
      if (!seen) symbols.set(axis, { size: feed.dims[i], input: input.name });
      else if (seen.size !== feed.dims[i]) {
        issues.push(`input "${input.name}" axis ${i} ("${axis}") is ${feed.dims[i]} but ${seen.size} in input "${seen.input}"`);
      }
    });
    if (isWindowedFeed(feed)) {
      const problem = windowedFeedProblem(feed);
      if (problem) issues.push(`input "${input.name}": ${problem}`);
    } else if (feed.data.length !== elementCount(feed.dims)) {
      issues.push(`input "${input.name}" has ${feed.data.length} values but dims [${feed.dims.join(', ')}] need ${elementCount(feed.dims)}`);
    }
  }
  return issues;
}

/**
 * Compares a manifest shape with an actual one: the graph's declaration (`source: 'model'`) or
 * a feed's dims (`source: 'feed'`). A fixed manifest axis must match; a named one accepts any
 * size from a feed, but the model must not fix it (a batch axis pinned to 1 breaks batching).
 * Axes the graph leaves unknown (negative or unnamed) match anything.
 */
function shapeProblems(what: string, declared: DeclaredShape, actual: DeclaredShape, source: 'model' | 'feed'): string[] {
  if (actual.length !== declared.length) {
    return [`${what} has ${actual.length} axes [${actual.join(', ')}] but manifest.json declares ${declared.length} [${declared.join(', ')}]`];
  }
  const issues: string[] = [];
  declared.forEach((want, i) => {
    const got = actual[i];
    if (typeof got === 'string' || got < 0) return;
    if (typeof want === 'number' && got !== want) issues.push(`${what} axis ${i} is ${got} but manifest.json declares ${want}`);
    if (typeof want === 'string' && source === 'model') {
      issues.push(`${what} axis ${i} is fixed to ${got} in the model but manifest.json declares it variable ("${want}")`);
    }
  });
  return issues;
}
