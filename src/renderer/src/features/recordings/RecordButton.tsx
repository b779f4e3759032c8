import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { RecordingStatus } from '../../../../shared/ipc/domains/recording';
import { api } from '../../bridge/api';
import { useShortcuts } from '../../hooks/useShortcuts';
import { messageOf } from '../../bridge/messageOf';
import { LabelControl } from './LabelControl';

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`;
}

/** Start/stop recording every open device (Alt+R), with what is already safe on disk, and label it while it runs (Alt+L). */
export function RecordButton(): ReactNode {
  const [status, setStatus] = useState<RecordingStatus | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let alive = true;
    const poll = (): void => {
      api.call('recording.status', {}).then((s) => alive && setStatus(s), () => undefined);
    };
    poll();
    const timer = setInterval(poll, 1000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  const toggle = useMemo(
    () => () => {
      setError(undefined);
      const action = status?.active
        ? api.call('recording.stop', {}).then((r) => ('error' in r ? setError(r.error) : undefined))
        : api.call('recording.start', { name: `Session ${new Date().toLocaleString()}` });
      action.then(() => api.call('recording.status', {}).then(setStatus)).catch((e: unknown) => setError(messageOf(e)));
    },
    [status?.active],
  );
  useShortcuts(useMemo(() => [{ key: 'r', alt: true, action: toggle }], [toggle]));
  return (
    <span className="record-control">
      <button type="button" className={status?.active ? 'record-button is-recording' : 'record-button'} onClick={toggle} data-testid="record-toggle" title="Start or stop recording every open device (Alt+R)">
        {status?.active ? '■ Stop recording' : '● Record'}
      </button>
      {status?.active ? (
        <span className="muted" data-testid="record-status">
          {status.name}: {status.framesDurable.toLocaleString()} frames on disk ({formatBytes(status.bytesWritten)}), {status.queuedFrames} queued
        </span>
      ) : null}
      {status?.active ? <LabelControl status={status} onStatus={setStatus} /> : null}
      {error ? <span className="error-text">{error}</span> : null}
    </span>
  );
}
