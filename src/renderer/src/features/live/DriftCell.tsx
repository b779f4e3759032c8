import { useEffect, useState, type ReactNode } from 'react';
import type { DeviceInfo } from '../../../../shared/ipc/domains/devices';
import type { DriftWatchStatus } from '../../../../shared/ipc/domains/validation';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';

/** A minute of baseline and half-minute windows: long enough for slowly varying sensors to give independent samples. */
const BASELINE_S = 60;
const WINDOW_S = 30;
const POLL_MS = 1000;

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(v)));

/** The live drift watches, refreshed once a second. */
export function useDriftWatches(): DriftWatchStatus[] {
  const [watches, setWatches] = useState<DriftWatchStatus[]>([]);
  useEffect(() => {
    const poll = (): void => void api.call('drift.status', {}).then(setWatches, () => undefined);
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => clearInterval(timer);
  }, []);
  return watches;
}

/**
 * One device's drift watch in the health table: start it (the next minute becomes the baseline),
 * follow the baseline's progress, then the checks and alerts (alerts also arrive as notifications).
 */
export function DriftCell({ device, watch }: { readonly device: DeviceInfo; readonly watch: DriftWatchStatus | undefined }): ReactNode {
  const [error, setError] = useState<string | undefined>();
  const act = (call: Promise<unknown>): void => void call.then(() => setError(undefined), (e: unknown) => setError(messageOf(e)));
  const rate = device.profile.nominalRateHz;
  const start = (): void =>
    act(api.call('drift.watch', { deviceId: device.id, baselineFrames: clamp(rate * BASELINE_S, 100, 1_000_000), windowFrames: clamp(rate * WINDOW_S, 50, 100_000) }));

  if (!watch) {
    return (
      <>
        <button type="button" onClick={start} title={`The next ${BASELINE_S} s become the baseline; then every ${WINDOW_S} s window is compared with it`} data-testid="drift-watch">
          Watch drift
        </button>
        {error ? <span className="error-text"> {error}</span> : null}
      </>
    );
  }
  const stop = (
    <button type="button" onClick={() => act(api.call('drift.unwatch', { deviceId: device.id }))} data-testid="drift-unwatch">
      Stop
    </button>
  );
  if (watch.phase === 'baseline') {
    return (
      <span data-testid="drift-state">
        baseline <progress value={watch.baselineCollected} max={watch.baselineFrames} aria-label="Drift baseline" />{' '}
        <span className="drift-seconds">
          {(watch.baselineCollected / rate).toFixed(0)} / {(watch.baselineFrames / rate).toFixed(0)} s
        </span>{' '}
        {stop}
      </span>
    );
  }
  return (
    <span className={watch.alerts > 0 ? 'level-warn reading-inline' : undefined} data-testid="drift-state">
      watching: {watch.checks} checks, {watch.alerts} alert{watch.alerts === 1 ? '' : 's'} {stop}
    </span>
  );
}
