import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { TensorDtype } from '../../shared/domain/modelManifest';
import type { HostTensor, TensorData } from './hostTensor';
import { compactTensorData } from './hostTensor';
import type { GraphValueInfo, HostLoadOptions } from './inferenceProtocol';

/**
 * ONNX Runtime session settings for the inference host. Exported so that benchmarks and tests
 * measure an in-process session built exactly like the host's.
 */
export function sessionOptions(options: HostLoadOptions): InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    enableCpuMemArena: true,
    intraOpNumThreads: options.intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    // Spinning threads burn a core between calls; on a shared 2-core station that starves the
    // serial readers and the UI for a few microseconds saved per call. ORT config key
    // `session.intra_op.allow_spinning` (onnxruntime_session_options_config_keys.h).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

/** Opens a session on an ONNX file with the host's settings. */
export function createSession(modelPath: string, options: HostLoadOptions): Promise<InferenceSession> {
  return InferenceSession.create(modelPath, sessionOptions(options));
}

/** The graph's inputs and outputs as ONNX Runtime reports them. */
export function graphSignature(session: InferenceSession): { inputs: GraphValueInfo[]; outputs: GraphValueInfo[] } {
  const describe = (values: readonly InferenceSession.ValueMetadata[]): GraphValueInfo[] =>
    values.map((v) => (v.isTensor ? { name: v.name, dtype: v.type, shape: [...v.shape] } : { name: v.name, dtype: 'non-tensor', shape: [] }));
  return { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
}

/** Wraps a host tensor for `session.run` without copying its data. */
export function toOrtTensor(tensor: HostTensor, dtype: TensorDtype): Tensor {
  return new Tensor(dtype, tensor.data, tensor.dims);
}

/** Unwraps a session output; only the dtypes the console exchanges are accepted. */
export function fromOrtTensor(name: string, value: Tensor): HostTensor {
  const data = value.data;
  if (!(data instanceof Float32Array || data instanceof BigInt64Array || data instanceof Uint8Array)) {
    throw new Error(`output "${name}" is ${value.type}; the console reads only float32, int64 and bool outputs`);
  }
  return { dims: [...value.dims], data: compactTensorData<TensorData>(data) };
}
