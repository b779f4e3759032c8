import { useEffect, useState, type ReactNode } from 'react';
import type { RecordingEntryInfo } from '../../../../shared/ipc/domains/recording';
import { api } from '../../bridge/api';
import { EmptyState } from '../../components/EmptyState';

function duration(entry: RecordingEntryInfo): string {
  if (!entry.endedAt) return entry.state === 'recording' ? 'recording…' : '–';
  const s = (Date.parse(entry.endedAt) - Date.parse(entry.startedAt)) / 1000;
  return s < 120 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`;
}

/** Recorded sessions with their devices, size and state; searchable. */
export function RecordingsPage(): ReactNode {
  const [entries, setEntries] = useState<RecordingEntryInfo[] | undefined>();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let alive = true;
    const load = (): void => {
      api.call('recording.list', text.trim() ? { text: text.trim() } : {}).then(
        (list) => alive && setEntries(list),
        (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
      );
    };
    load();
    const timer = setInterval(load, 3000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [text]);
  if (entries && entries.length === 0 && text === '') {
    return (
      <EmptyState title="No recordings yet" testId="empty-recordings" next="Connect a device, then press ● Record on the Live page (Alt+R).">
        <p>Recorded sessions (MCAP files with raw frames, predictions and events) are listed here.</p>
      </EmptyState>
    );
  }
  return (
    <section className="panel" aria-labelledby="recordings-title">
      <header className="panel-header">
        <h2 id="recordings-title">Recordings</h2>
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="Search name or notes" aria-label="Search recordings" />
      </header>
      {error ? <p className="error-text">{error}</p> : null}
      <table className="data-table" data-testid="recordings-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Started</th>
            <th>Duration</th>
            <th>Devices</th>
            <th>Frames</th>
            <th>Size</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {entries?.map((e) => (
            <tr key={e.id}>
              <td>{e.name}</td>
              <td>{new Date(e.startedAt).toLocaleString()}</td>
              <td>{duration(e)}</td>
              <td>{e.devices.map((d) => d.name).join(', ')}</td>
              <td>{e.frameCount.toLocaleString()}</td>
              <td>{(e.sizeBytes / 1e6).toFixed(2)} MB</td>
              <td title={e.stateDetail}>{e.state}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
