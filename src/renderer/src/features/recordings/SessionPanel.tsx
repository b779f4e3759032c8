import { useState, type ReactNode } from 'react';
import type { RecordingEntryInfo } from '../../../../shared/ipc/domains/recording';
import { api } from '../../bridge/api';
import { downloadText } from '../../components/downloadText';
import { messageOf } from '../../bridge/messageOf';
import { LabelTimeline } from './LabelTimeline';

interface SessionPanelProps {
  readonly entry: RecordingEntryInfo;
  /** The session changed or is gone: reload the list. */
  readonly onChanged: () => void;
  readonly onError: (message: string) => void;
}

const optionalSeconds = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** One recorded session: its label timeline; rename and tag, export a device's frames as CSV, delete. */
export function SessionPanel({ entry, onChanged, onError }: SessionPanelProps): ReactNode {
  const [name, setName] = useState(entry.name);
  const [tags, setTags] = useState(entry.tags.join(', '));
  const [deviceId, setDeviceId] = useState(entry.devices[0]?.id ?? '');
  const [startS, setStartS] = useState('');
  const [endS, setEndS] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const finished = entry.state !== 'recording';

  const run = (work: () => Promise<string | undefined>): void => {
    setBusy(true);
    setDone(undefined);
    work().then(
      (message) => {
        setBusy(false);
        setDone(message);
      },
      (e: unknown) => {
        setBusy(false);
        onError(messageOf(e));
      },
    );
  };
  const save = (): void =>
    run(async () => {
      const tagList = tags.split(',').map((t) => t.trim()).filter((t) => t !== '');
      await api.call('recording.update', { id: entry.id, name: name.trim(), tags: tagList });
      onChanged();
      return 'Saved.';
    });
  const exportCsv = (): void =>
    run(async () => {
      const file = await api.call('recording.exportCsv', { id: entry.id, deviceId, startS: optionalSeconds(startS), endS: optionalSeconds(endS) });
      downloadText(file.fileName, 'text/csv', file.csv);
      return `Exported ${file.frames.toLocaleString()} frames to ${file.fileName}.`;
    });
  const remove = (): void =>
    run(async () => {
      await api.call('recording.delete', { id: entry.id });
      onChanged();
      return undefined;
    });

  return (
    <section className="panel" aria-label={`Session ${entry.name}`} data-testid="session-panel">
      <header className="panel-header">
        <h3>{entry.name}</h3>
        <span className="muted">{entry.stateDetail}</span>
      </header>
      <LabelTimeline entry={entry} />
      <div className="form-row">
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} data-testid="session-name" />
        </label>
        <label>
          Tags <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="comma-separated" data-testid="session-tags" />
        </label>
        <button type="button" disabled={busy || name.trim() === ''} onClick={save} data-testid="session-save">
          Save
        </button>
      </div>
      <div className="form-row">
        <label>
          Device
          <select value={deviceId} onChange={(e) => setDeviceId(e.target.value)} data-testid="export-device">
            {entry.devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (s) <input type="number" min={0} step="any" value={startS} onChange={(e) => setStartS(e.target.value)} placeholder="start" data-testid="export-start" />
        </label>
        <label>
          To (s) <input type="number" min={0} step="any" value={endS} onChange={(e) => setEndS(e.target.value)} placeholder="end" data-testid="export-end" />
        </label>
        <button type="button" disabled={busy || !finished || deviceId === ''} onClick={exportCsv} data-testid="export-csv">
          Export CSV
        </button>
      </div>
      <div className="form-row">
        {confirmDelete ? (
          <>
            <span>Delete &ldquo;{entry.name}&rdquo; and its file? This cannot be undone.</span>
            <button type="button" disabled={busy} onClick={remove} data-testid="session-delete-confirm">
              Delete
            </button>
            <button type="button" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" disabled={busy || !finished} onClick={() => setConfirmDelete(true)} data-testid="session-delete">
            Delete…
          </button>
        )}
      </div>
      {done ? (
        <p className="muted" role="status" data-testid="session-done">
          {done}
        </p>
      ) : null}
    </section>
  );
}
