import { packagePathSchema } from '../../../shared/domain/modelManifest';
import { ProtobufFormatError, readFields, type WireField } from './protobufWire';

/**
 * Finds every external-data file an ONNX model refers to, so the registry can refuse paths that
 * leave the package before ONNX Runtime opens them (onnx.proto: `TensorProto.external_data`
 * entries keyed `location`, relative to the model file). Walks the main graph, subgraphs in node
 * attributes (Loop, If, Scan bodies), sparse initializers and model-local functions.
 */

/** Field numbers from onnx.proto (ONNX 1.16). */
const MODEL = { graph: 7, functions: 25 } as const;
const FUNCTION = { node: 7 } as const;
const GRAPH = { node: 1, initializer: 5, sparseInitializer: 15 } as const;
const NODE = { attribute: 5 } as const;
const ATTRIBUTE = { t: 5, g: 6, tensors: 10, graphs: 11, sparseTensor: 22, sparseTensors: 23 } as const;
const SPARSE_TENSOR = { values: 1, indices: 2 } as const;
const TENSOR = { name: 8, externalData: 13 } as const;
const ENTRY = { key: 1, value: 2 } as const;

/** Nesting deeper than this is refused: no real model nests subgraphs this far, and recursion must stay bounded. */
const MAX_DEPTH = 32;

/** One external-data reference: the tensor that uses it and the file it names. */
export interface ExternalDataRef {
  readonly tensor: string;
  readonly location: string;
}

const decoder = new TextDecoder();

/** Every external-data location in the model; throws `ProtobufFormatError` when the bytes are not a readable ModelProto. */
export function externalDataRefs(model: Uint8Array): ExternalDataRef[] {
  const refs: ExternalDataRef[] = [];
  const bytesOf = (f: WireField): Uint8Array | undefined => (f.wire === 'bytes' ? f.value : undefined);
  const each = (message: Uint8Array, field: number, visit: (payload: Uint8Array) => void): void => {
    for (const f of readFields(message)) {
      const payload = f.field === field ? bytesOf(f) : undefined;
      if (payload) visit(payload);
    }
  };
  const depthGuard = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new ProtobufFormatError(`subgraphs are nested more than ${MAX_DEPTH} deep`);
  };
  const tensor = (message: Uint8Array): void => {
    let name = '';
    const locations: string[] = [];
    for (const f of readFields(message)) {
      const payload = bytesOf(f);
      if (!payload) continue;
      if (f.field === TENSOR.name) name = decoder.decode(payload);
      if (f.field !== TENSOR.externalData) continue;
      let key = '';
      let value = '';
      for (const e of readFields(payload)) {
        const text = bytesOf(e);
        if (text && e.field === ENTRY.key) key = decoder.decode(text);
        if (text && e.field === ENTRY.value) value = decoder.decode(text);
      }
      if (key === 'location') locations.push(value);
    }
    for (const location of locations) refs.push({ tensor: name || '(unnamed)', location });
  };
  const sparse = (message: Uint8Array): void => {
    each(message, SPARSE_TENSOR.values, tensor);
    each(message, SPARSE_TENSOR.indices, tensor);
  };
  const node = (message: Uint8Array, depth: number): void => {
    each(message, NODE.attribute, (attribute) => {
      for (const f of readFields(attribute)) {
        const payload = bytesOf(f);
        if (!payload) continue;
        if (f.field === ATTRIBUTE.t || f.field === ATTRIBUTE.tensors) tensor(payload);
        if (f.field === ATTRIBUTE.sparseTensor || f.field === ATTRIBUTE.sparseTensors) sparse(payload);
        if (f.field === ATTRIBUTE.g || f.field === ATTRIBUTE.graphs) graph(payload, depth + 1);
      }
    });
  };
  const graph = (message: Uint8Array, depth: number): void => {
    depthGuard(depth);
    each(message, GRAPH.initializer, tensor);
    each(message, GRAPH.sparseInitializer, sparse);
    each(message, GRAPH.node, (n) => node(n, depth));
  };
  each(model, MODEL.graph, (g) => graph(g, 0));
  each(model, MODEL.functions, (fn) => each(fn, FUNCTION.node, (n) => node(n, 1)));
  return refs;
}

/**
 * Problems with a model's external data: a location that is not a plain path inside the package
 * (absolute, `..`, backslashes), or one that names a file the manifest does not list.
 */
export function externalDataProblems(refs: readonly ExternalDataRef[], listed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const ref of refs) {
    const path = packagePathSchema.safeParse(ref.location);
    if (!path.success) {
      problems.push(
        `model.onnx tensor "${ref.tensor}" reads external data from "${ref.location}", which ${path.error.issues[0]?.message ?? 'is not a path inside the package'}`,
      );
    } else if (!listed.has(ref.location)) {
      problems.push(`model.onnx tensor "${ref.tensor}" reads external data from "${ref.location}", which manifest.json does not list`);
    }
  }
  return problems;
}
