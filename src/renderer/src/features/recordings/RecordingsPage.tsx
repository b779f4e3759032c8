import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { RecordingEntryInfo } from '../../../../shared/ipc/domains/recording';
import { api } from '../../bridge/api';
import { EmptyState } from '../../components/EmptyState';
import { useDevices } from '../../hooks/useDevices';
import { PlaybackControls } from './PlaybackControls';
import { SessionPanel } from './SessionPanel';
import { messageOf } from '../../bridge/messageOf';
import { TableHead } from '../../components/TableHead';

function duration(entry: RecordingEntryInfo): string {
  if (!entry.endedAt) return entry.state === 'recording' ? 'recording…' : '–';
  const s = (Date.parse(entry.endedAt) - Date.parse(entry.startedAt)) / 1000;
  return s < 120 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`;
}

/** Opens a playback device for every device of the session, then shows them on the Live page. */
async function playBack(entry: RecordingEntryInfo): Promise<void> {
  for (const device of entry.devices) await api.call('devices.connect', { kind: 'playback', sessionId: entry.id, deviceId: device.id });
  window.location.hash = '/live';
}

/** Recorded sessions with their devices, size and state; searchable; play back, edit, export, delete. */
export function RecordingsPage(): ReactNode {
  const [entries, setEntries] = useState<RecordingEntryInfo[] | undefined>();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [reload, setReload] = useState(0);
  const { devices } = useDevices();
  const changed = useCallback(() => setReload((n) => n + 1), []);
  useEffect(() => {
    let alive = true;
    const load = (): void => {
      api.call('recording.list', text.trim() ? { text: text.trim() } : {}).then(
        (list) => alive && setEntries(list),
        (e: unknown) => alive && setError(messageOf(e)),
      );
    };
    load();
    const timer = setInterval(load, 3000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [text, reload]);
  const current = entries?.find((e) => e.id === selected);
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
      <PlaybackControls devices={devices} onError={setError} />
      <table className="data-table" data-testid="recordings-table">
        <TableHead columns={['Name', 'Started', 'Duration', 'Devices', 'Frames', 'Size', 'State', 'Actions']} />
        <tbody>
          {entries?.map((e) => (
            <tr key={e.id} data-testid={`recording-${e.id}`} aria-selected={e.id === selected}>
              <td>{e.name}</td>
              <td>{new Date(e.startedAt).toLocaleString()}</td>
              <td>{duration(e)}</td>
              <td>{e.devices.map((d) => d.name).join(', ')}</td>
              <td>{e.frameCount.toLocaleString()}</td>
              <td>{(e.sizeBytes / 1e6).toFixed(2)} MB</td>
              <td title={e.stateDetail}>{e.state}</td>
              <td>
                <button
                  type="button"
                  disabled={e.state === 'recording' || e.state === 'failed' || e.devices.length === 0}
                  onClick={() => playBack(e).catch((x: unknown) => setError(messageOf(x)))}
                  title="Open every device of this session as a playback device (see the Live page)"
                  data-testid="recording-playback"
                >
                  ▶ Play back
                </button>{' '}
                <button type="button" onClick={() => setSelected(e.id === selected ? undefined : e.id)} data-testid="recording-details">
                  {e.id === selected ? 'Close' : 'Edit / export…'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {current ? <SessionPanel key={current.id} entry={current} onChanged={changed} onError={setError} /> : null}
    </section>
  );
}
