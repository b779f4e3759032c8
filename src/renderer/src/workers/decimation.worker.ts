import { decimateMinMax } from '../../../shared/domain/minMaxDecimation';
import { SeriesRing } from '../features/live/seriesRing';
import type { DecimationRequest, DecimationResult } from './decimationProtocol';

/**
 * Min/max decimation off the main thread. The worker mirrors the view's ring buffer (every batch
 * is forwarded once), so a request costs the main thread only its small answer — about 2 points
 * per pixel column per series — however many samples a long window holds.
 */
/** The part of the worker's global scope used here (the renderer's tsconfig has DOM, not WebWorker, types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<DecimationRequest>) => void) | null;
  postMessage(message: DecimationResult, options: { transfer: Transferable[] }): void;
}
const scope = self as unknown as WorkerScope;
let live = new SeriesRing(1, 1);
let frozen: SeriesRing | null = null;

scope.onmessage = (event: MessageEvent<DecimationRequest>) => {
  const message = event.data;
  switch (message.kind) {
    case 'reset':
      live = new SeriesRing(message.capacity, message.channelCount);
      frozen = null;
      return;
    case 'push':
      live.push({ deviceId: '', ...message });
      return;
    case 'freeze':
      frozen = message.frozen ? live.clone() : null;
      return;
    case 'decimate': {
      const ring = frozen ?? live;
      const { source, xMin, xMax } = message;
      const [start, end] = ring.indexRange(source, xMin, xMax);
      // One sample either side, so the traces reach the plot's edges.
      const from = Math.max(0, start - 1);
      const to = Math.min(ring.size, end + 1);
      const out = decimateMinMax({ x: (k) => ring.x(k, source), value: (k, c) => ring.value(k, c) }, from, to, message.columns, xMin, xMax, message.buckets);
      const result: DecimationResult = { kind: 'decimated', id: message.id, x: out.x, columns: out.columns, inputSamples: end - start };
      scope.postMessage(result, { transfer: [out.x.buffer, ...out.columns.map((c) => c.buffer)] });
      return;
    }
  }
};
