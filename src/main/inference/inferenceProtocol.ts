import type { ModelManifest } from '../../shared/domain/modelManifest';
import type { ContractErrorShape } from '../../shared/ipc/contractError';
import type { HostTensorMap } from './hostTensor';
import type { HostFeedMap } from './windowedFeed';

/**
 * Messages between the core and an inference host process.
 *
 * Each message is one structured-cloned value (Node's `serialization: 'advanced'` for
 * `child_process.fork`, Electron's `postMessage` for `utilityProcess`): a small plain-object
 * header whose tensors carry typed arrays, which the V8 serializer writes as raw bytes — no JSON
 * and no base64 for tensor data. Requests carry an id; the host answers each with the same id,
 * in order.
 *
 * Windows of a stream travel as a `WindowedFeed` (the distinct samples of a batch of overlapping
 * windows and where each starts): the host lays them out into a buffer it reuses, so a batch of
 * 64 e-nose windows crosses as 10 KB instead of 480 KB.
 */

/** How the host builds its ONNX Runtime session. */
export interface HostLoadOptions {
  /** ONNX Runtime intra-op threads; 1 suits small sensor models on a shared 2-core machine. */
  readonly intraOpThreads: number;
  /** Runs on zero-filled inputs before the model is reported loaded, so the first real call is not slow. */
  readonly warmupRuns: number;
}

/** An input or output as the ONNX graph declares it (symbolic axes as names; unknown rank as []). */
export interface GraphValueInfo {
  readonly name: string;
  /** ONNX Runtime's element type name (`float32`, `int64`, `bool`, `float16`, …); `non-tensor` for sequences and maps. */
  readonly dtype: string;
  readonly shape: readonly (number | string)[];
}

/** What the host reports once a package is verified, loaded and warmed up. */
export interface LoadedModel {
  readonly manifest: ModelManifest;
  readonly inputs: readonly GraphValueInfo[];
  readonly outputs: readonly GraphValueInfo[];
  readonly warmupMs: number;
}

/** Core → host. */
export type HostRequest =
  | { readonly type: 'load'; readonly id: number; readonly packageDir: string; readonly options: HostLoadOptions }
  | { readonly type: 'run'; readonly id: number; readonly feeds: HostFeedMap };

/** Host → core. `latencyUs` is the time inside `session.run`, measured in the host. */
export type HostReply =
  | { readonly type: 'loaded'; readonly id: number; readonly model: LoadedModel }
  | { readonly type: 'result'; readonly id: number; readonly outputs: HostTensorMap; readonly latencyUs: number }
  | { readonly type: 'error'; readonly id: number; readonly error: ContractErrorShape };
