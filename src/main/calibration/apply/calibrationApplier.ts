import type { FrameBatch } from '../../../shared/domain/frameBatch';
import { applyCalibration, type CompiledCalibration } from './applyCalibration';

export type ResolveCalibration = (deviceId: string) => { readonly versionId: string; readonly compiled: CompiledCalibration } | null;

/** How long a device's resolved calibration is reused before the store is asked again. */
const RECHECK_MS = 1000;

/**
 * The pipeline's calibration stage: applies each device's active calibration to its batches.
 * What is active is looked up at most once a second per device (a device that identifies itself
 * late, or a calibration accepted meanwhile, takes effect within a second) and at once after
 * `invalidate()`; a calibration that does not fit the frames is dropped with its reason logged.
 */
export class CalibrationApplier {
  readonly #resolve: ResolveCalibration;
  readonly #onError: (deviceId: string, message: string) => void;
  readonly #now: () => number;
  readonly #cache = new Map<string, { readonly at: number; readonly active: ReturnType<ResolveCalibration> }>();

  constructor(resolve: ResolveCalibration, onError: (deviceId: string, message: string) => void, now: () => number = () => performance.now()) {
    this.#resolve = resolve;
    this.#onError = onError;
    this.#now = now;
  }

  apply(deviceId: string, batch: FrameBatch): { batch: FrameBatch; version: string } | undefined {
    const now = this.#now();
    let entry = this.#cache.get(deviceId);
    if (!entry || now - entry.at > RECHECK_MS) {
      let active: ReturnType<ResolveCalibration> = null;
      try {
        active = this.#resolve(deviceId);
      } catch (error) {
        this.#onError(deviceId, error instanceof Error ? error.message : String(error));
      }
      entry = { at: now, active };
      this.#cache.set(deviceId, entry);
    }
    if (!entry.active) return undefined;
    try {
      return { batch: applyCalibration(batch, entry.active.compiled), version: entry.active.versionId };
    } catch (error) {
      this.#onError(deviceId, error instanceof Error ? error.message : String(error));
      this.#cache.set(deviceId, { at: now, active: null });
      return undefined;
    }
  }

  invalidate(): void {
    this.#cache.clear();
  }
}
