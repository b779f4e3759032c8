import type { TensorDtype } from '../../shared/domain/modelManifest';

/** The element storage of each dtype the console exchanges with a model (bool is one byte per element, as ONNX Runtime takes it). */
export type TensorData = Float32Array | BigInt64Array | Uint8Array;

/** A tensor as it crosses the process boundary: row-major data plus its dimensions. */
export interface HostTensor {
  readonly dims: readonly number[];
  readonly data: TensorData;
}

/** Named tensors: model feeds or model outputs. */
export type HostTensorMap = Readonly<Record<string, HostTensor>>;

/** The dtype a typed array carries. */
export function dtypeOf(data: TensorData): TensorDtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'bool';
}

/** Number of elements a tensor of these dimensions holds. */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((n, d) => n * d, 1);
}

/** A zero-filled array of `count` elements of `dtype`. */
export function allocateTensorData(dtype: TensorDtype, count: number): TensorData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(count);
    case 'int64':
      return new BigInt64Array(count);
    case 'bool':
      return new Uint8Array(count);
    default: {
      const unreachable: never = dtype;
      return unreachable;
    }
  }
}

/**
 * The array itself when it spans its whole buffer, else a copy that does. Structured clone sends
 * a view's entire underlying buffer, so a window cut from a large ring buffer would otherwise
 * ship the whole ring to the inference host on every call.
 */
export function compactTensorData<T extends TensorData | Int32Array>(data: T): T {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : (data.slice() as T);
}
