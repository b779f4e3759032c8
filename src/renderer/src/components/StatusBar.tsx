import type { ReactNode } from 'react';
import type { AppInfo } from '../../../shared/ipc/domains/app';
import { api } from '../bridge/api';
import { useConnectionState } from '../hooks/useConnectionState';
import { useDevices } from '../hooks/useDevices';
import { CalibrationSummary } from './CalibrationBadge';
import { usePolled } from '../hooks/usePolled';

// Module-level so its identity is stable for usePolled.
const loadHealth = () => api.call('app.health', {});

/** Always-visible state: connection, core health, host, data directory. */
export function StatusBar({ info }: { readonly info: AppInfo | undefined }): ReactNode {
  const connection = useConnectionState();
  const health = usePolled(loadHealth, 2000);
  const { devices } = useDevices();
  const healthText =
    health.status === 'ok'
      ? `core ${health.value.overall}`
      : health.status === 'error'
        ? `core unreachable: ${health.message}`
        : 'core …';
  const healthState = health.status === 'ok' ? health.value.overall : health.status === 'error' ? 'failed' : 'starting';
  return (
    <footer className="status-bar" role="status" aria-label="Console status">
      <span className={`status-pill state-${connection}`} data-testid="status-connection">
        link {connection}
      </span>
      <span
        className={`status-pill state-${healthState}`}
        data-testid="status-health"
        title={health.status === 'ok' ? health.value.services.map((s) => `${s.name}: ${s.state} — ${s.detail}`).join('\n') : undefined}
      >
        {healthText}
      </span>
      {health.status === 'ok' ? (
        <span className="status-item" title="Event-loop delay of the core, p99 over the last 2 s">
          loop lag {health.value.eventLoopLagP99Ms.toFixed(1)} ms
        </span>
      ) : null}
      <CalibrationSummary devices={devices} />
      <span className="status-item" data-testid="status-host">
        {info ? `${info.host} host · v${info.version}` : '…'}
      </span>
      <span className="status-item status-data-dir" data-testid="status-data-dir" title="Data directory">
        {info ? info.dataDir : ''}
      </span>
    </footer>
  );
}
