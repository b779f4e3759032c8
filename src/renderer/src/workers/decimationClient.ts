import type { FrameBatch } from '../../../shared/domain/frameBatch';
import type { XAxisSource } from '../../../shared/ipc/domains/layouts';
import type { DecimationRequest, DecimationResult } from './decimationProtocol';

/** What a plot asks for: a range of one axis, decimated to `buckets` pixel columns. */
export interface DecimationQuery {
  readonly source: XAxisSource;
  readonly xMin: number;
  readonly xMax: number;
  readonly buckets: number;
  readonly columns: readonly number[];
}

/**
 * The main thread's side of the decimation worker: forwards every batch (copied, then
 * transferred) so the worker's ring mirrors the view's, and turns requests into promises.
 */
export class DecimationClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, (result: DecimationResult) => void>();
  #nextId = 1;

  constructor(capacity: number, channelCount: number) {
    this.#worker = new Worker(new URL('./decimation.worker.ts', import.meta.url), { type: 'module', name: 'decimation' });
    this.#worker.onmessage = (event: MessageEvent<DecimationResult>) => {
      const resolve = this.#pending.get(event.data.id);
      this.#pending.delete(event.data.id);
      resolve?.(event.data);
    };
    this.#post({ kind: 'reset', capacity, channelCount });
  }

  push(batch: FrameBatch): void {
    // Copies: the batch's arrays may be views into a larger message buffer other readers share.
    const message = {
      kind: 'push' as const,
      frameCount: batch.frameCount,
      channelCount: batch.channelCount,
      seq: batch.seq.slice(),
      deviceTimeS: batch.deviceTimeS.slice(),
      hostTimeMs: batch.hostTimeMs.slice(),
      values: batch.values.slice(),
    };
    this.#worker.postMessage(message, [message.seq.buffer, message.deviceTimeS.buffer, message.hostTimeMs.buffer, message.values.buffer]);
  }

  freeze(frozen: boolean): void {
    this.#post({ kind: 'freeze', frozen });
  }

  decimate(query: DecimationQuery): Promise<DecimationResult> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#post({ kind: 'decimate', id, ...query });
    });
  }

  dispose(): void {
    this.#worker.terminate();
    this.#pending.clear();
  }

  #post(message: DecimationRequest): void {
    this.#worker.postMessage(message);
  }
}
