import type { FrameBatch } from '../../../shared/domain/frameBatch';
import type { DriftAlert } from '../../../shared/domain/validationDrift';
import { ContractError } from '../../../shared/ipc/contractError';
import type { DriftWatchStatus } from '../../../shared/ipc/domains/validation';
import type { DeviceManager } from '../../devices/deviceManager';
import { frameChannelMean, LiveDriftDetector } from './liveDriftDetector';

export interface DriftWatchOptions {
  readonly devices: Pick<DeviceManager, 'source' | 'subscribe'>;
  readonly onAlert: (alert: DriftAlert) => void;
}

interface Watch {
  readonly baseline: number[][];
  readonly baselineFrames: number;
  readonly windowFrames: number;
  readonly channels: readonly string[];
  readonly valuesPerChannel: number;
  detector: LiveDriftDetector | undefined;
  alerts: number;
  readonly off: () => void;
}

/**
 * Live drift watches: the first `baselineFrames` frames a device sends after the operator asks
 * become its baseline (the state they just checked looks right), then every later window is
 * compared with it and an alert is raised when a channel's distribution moves.
 */
export class DriftWatch {
  readonly #options: DriftWatchOptions;
  readonly #watches = new Map<string, Watch>();

  constructor(options: DriftWatchOptions) {
    this.#options = options;
  }

  watch(deviceId: string, baselineFrames: number, windowFrames: number): DriftWatchStatus {
    const { profile } = this.#options.devices.source(deviceId);
    const layout = profile.frameLayout;
    if (layout?.kind === 'tensor') throw new ContractError({ code: 'invalid-input', message: `${profile.displayName} sends image tensors; drift is checked offline on its datasets.` });
    this.unwatch(deviceId);
    const channels = profile.channels.map((c) => c.name);
    const watch: Watch = {
      baseline: channels.map(() => []),
      baselineFrames,
      windowFrames,
      channels,
      valuesPerChannel: layout?.kind === 'waveform' ? layout.samplesPerChannel : 1,
      detector: undefined,
      alerts: 0,
      off: this.#options.devices.subscribe(deviceId, (batch) => this.#onBatch(deviceId, watch, batch)),
    };
    this.#watches.set(deviceId, watch);
    return this.#statusOf(deviceId, watch);
  }

  unwatch(deviceId: string): void {
    this.#watches.get(deviceId)?.off();
    this.#watches.delete(deviceId);
  }

  status(): DriftWatchStatus[] {
    return [...this.#watches].map(([id, w]) => this.#statusOf(id, w));
  }

  dispose(): void {
    for (const id of [...this.#watches.keys()]) this.unwatch(id);
  }

  #onBatch(deviceId: string, watch: Watch, batch: FrameBatch): void {
    if (watch.detector) {
      for (const alert of watch.detector.push(batch)) {
        watch.alerts += 1;
        this.#options.onAlert(alert);
      }
      return;
    }
    const per = watch.valuesPerChannel;
    for (let f = 0; f < batch.frameCount && watch.baseline[0].length < watch.baselineFrames; f++) {
      // A waveform channel enters as its mean over the frame, as the detector summarises it.
      watch.baseline.forEach((values, k) => values.push(frameChannelMean(batch, f, k, per)));
    }
    if (watch.baseline[0].length >= watch.baselineFrames) {
      watch.detector = new LiveDriftDetector({ deviceId, channels: watch.channels, baseline: watch.baseline, valuesPerChannel: per, windowFrames: watch.windowFrames });
    }
  }

  #statusOf(deviceId: string, w: Watch): DriftWatchStatus {
    return {
      deviceId,
      phase: w.detector ? 'watching' : 'baseline',
      baselineFrames: w.baselineFrames,
      baselineCollected: w.baseline[0]?.length ?? 0,
      windowFrames: w.windowFrames,
      checks: w.detector?.checks ?? 0,
      alerts: w.alerts,
    };
  }
}
