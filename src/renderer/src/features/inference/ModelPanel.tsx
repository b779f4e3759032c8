import { useCallback, useState, type ReactNode } from 'react';
import type { Prediction } from '../../../../shared/domain/prediction';
import type { DeviceInfo } from '../../../../shared/ipc/domains/devices';
import type { LiveModelStatus, ModelSummary } from '../../../../shared/ipc/domains/inference';
import { api } from '../../bridge/api';
import { useThrottledStream } from '../../hooks/useThrottledStream';
import { modelChoices } from './modelChoices';
import { PredictionViews } from './PredictionViews';
import type { ReferenceFrames } from './ReconstructionOverlay';
import { useRegistryVersions } from './useRegistryVersions';
import { messageOf } from '../../bridge/messageOf';
import { ErrorAlert } from '../../components/ActionMessage';

const ms = (v: number | null): string => (v === null ? '–' : `${v < 1 ? v.toFixed(3) : v.toFixed(1)} ms`);

/**
 * The model running on one device: choose, start, stop, watch its predictions and counters, arm
 * its actuator. `frames` is the device's live stream, for outputs drawn over their reference channels.
 */
export function ModelPanel({ device, models, status, frames }: { device: DeviceInfo; models: ModelSummary[]; status: LiveModelStatus | undefined; frames?: ReferenceFrames }): ReactNode {
  const usable = modelChoices(device.profile.family, device.profile.id, useRegistryVersions(), models);
  const [choice, setChoice] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const selected = choice || usable.find((m) => m.problem === null)?.id || '';
  const report = (e: unknown): void => setError(messageOf(e));

  // Re-subscribe when a model starts or changes (the status object itself changes every poll).
  const modelKey = status ? `${status.modelId}@${status.version}` : '';
  const subscribe = useCallback(
    (push: (items: Prediction[]) => void) => (modelKey !== '' ? api.stream('inference.predictions', { deviceId: device.id }, push) : () => undefined),
    [device.id, modelKey],
  );
  const predictions = useThrottledStream(subscribe, 300);

  const run = (action: () => Promise<unknown>): void => {
    setBusy(true);
    setError(undefined);
    action()
      .catch(report)
      .finally(() => setBusy(false));
  };

  return (
    <section className="model-panel" aria-label={`Model on ${device.name}`} data-testid={`model-panel-${device.id}`}>
      <div className="form-row">
        <strong>Model</strong>
        {usable.length === 0 ? (
          <span className="muted">No {device.profile.family} model in the registry or the catalogue.</span>
        ) : (
          <select value={selected} onChange={(e) => setChoice(e.target.value)} aria-label="Model to run" data-testid="model-select">
            {usable.map((m) => (
              <option key={m.id} value={m.id} disabled={m.problem !== null}>
                {m.label}
                {m.problem ? ` — unusable: ${m.problem.slice(0, 80)}` : ''}
              </option>
            ))}
          </select>
        )}
        <button type="button" disabled={busy || selected === ''} onClick={() => run(() => api.call('inference.start', { deviceId: device.id, modelId: selected }))} data-testid="model-start">
          {status ? 'Switch' : 'Run'}
        </button>
        {status ? (
          <button type="button" disabled={busy} onClick={() => run(() => api.call('inference.stop', { deviceId: device.id }))} data-testid="model-stop">
            Stop
          </button>
        ) : null}
        {status ? (
          <span className={`status-pill state-${status.state === 'running' ? 'running' : status.state === 'failed' ? 'failed' : 'degraded'}`} data-testid="model-state">
            {status.name} {status.version}: {status.state}
          </span>
        ) : null}
      </div>
      <ErrorAlert message={error} />
      {status ? (
        <>
          <dl className="health-grid" data-testid="model-counters">
            <div className={`reading ${status.latencyP95Ms !== null && status.latencyP95Ms > status.latencyBudgetMs ? 'level-warn' : ''}`}>
              <dt>Latency p50 / p95 / p99</dt>
              <dd data-testid="model-latency">
                {ms(status.latencyP50Ms)} / {ms(status.latencyP95Ms)} / {ms(status.latencyP99Ms)}
              </dd>
            </div>
            <div className="reading">
              <dt>Budget p95</dt>
              <dd>{ms(status.latencyBudgetMs)}</dd>
            </div>
            <div className="reading">
              <dt>Windows run</dt>
              <dd data-testid="model-windows-run">{status.windowsRun.toLocaleString()}</dd>
            </div>
            <div className={`reading ${status.windowsDropped > 0 ? 'level-warn' : ''}`}>
              <dt>Dropped</dt>
              <dd>{status.windowsDropped}</dd>
            </div>
            <div className={`reading ${status.windowsRejected > 0 ? 'level-warn' : ''}`}>
              <dt>Rejected (NaN)</dt>
              <dd>{status.windowsRejected}</dd>
            </div>
            <div className={`reading ${status.flaggedOutOfRange > 0 ? 'level-warn' : ''}`}>
              <dt>Out of range</dt>
              <dd>{status.flaggedOutOfRange}</dd>
            </div>
            <div className={`reading ${status.runtimeRestarts > 0 ? 'level-warn' : ''}`}>
              <dt>Runtime restarts</dt>
              <dd data-testid="model-restarts">{status.runtimeRestarts}</dd>
            </div>
            <div className="reading" title="ONNX Runtime intra-op threads of this model (Settings → Model runtime)">
              <dt>Runtime threads</dt>
              <dd data-testid="model-threads">{status.runtimeThreads ?? '–'}</dd>
            </div>
          </dl>
          {status.actuator ? (
            <div className={`actuator-bar ${status.actuator.armed ? 'is-armed' : ''}`} data-testid="actuator">
              <strong>Actuator</strong>
              <span data-testid="actuator-state">{status.actuator.armed ? 'ARMED' : `disarmed${status.actuator.disarmReason ? ` — ${status.actuator.disarmReason}` : ''}`}</span>
              <span className="muted">
                last command {status.actuator.lastCommand === null ? '–' : status.actuator.lastCommand.toFixed(3)} {status.actuator.units} · limits [{status.actuator.min}, {status.actuator.max}] · {status.actuator.commandsSent} sent, {status.actuator.clamped} clamped, {status.actuator.rateLimited} rate-limited
              </span>
              {status.actuator.armed ? (
                <button type="button" onClick={() => run(() => api.call('actuator.disarm', { deviceId: device.id }))} data-testid="actuator-disarm">
                  Disarm
                </button>
              ) : (
                <button type="button" onClick={() => run(() => api.call('actuator.arm', { deviceId: device.id }))} data-testid="actuator-arm">
                  Arm
                </button>
              )}
            </div>
          ) : null}
          {status.firstWindow && predictions.length === 0 ? (
            <FirstWindowFill fill={status.firstWindow} rateHz={device.health.measuredRateHz || device.profile.nominalRateHz} />
          ) : (
            <PredictionViews predictions={predictions} frames={frames} channels={device.profile.channels} />
          )}
        </>
      ) : (
        <p className="muted">No model running on this device. Choose one and press Run; predictions appear here. Registry versions follow activations and rollbacks from the Models page.</p>
      )}
    </section>
  );
}

/** Until the model's first window is complete: how far it has filled and about how long is left at the device's rate. */
function FirstWindowFill({ fill, rateHz }: { fill: { held: number; needed: number }; rateHz: number }): ReactNode {
  const leftS = rateHz > 0 ? Math.ceil((fill.needed - fill.held) / rateHz) : Number.NaN;
  const left = Number.isFinite(leftS) ? (leftS >= 90 ? `about ${Math.round(leftS / 60)} min` : `about ${leftS} s`) : 'unknown time';
  return (
    <div className="first-window" data-testid="first-window">
      <progress max={fill.needed} value={fill.held} aria-label="First window filled" />{' '}
      <span className="muted">
        Filling the model's first window: {fill.held} of {fill.needed} frames, {left} left; predictions start then.
      </span>
    </div>
  );
}
