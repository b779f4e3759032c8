import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ProfileEntry } from '../../../../shared/ipc/domains/devices';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';

interface Editing {
  readonly id: string;
  readonly text: string;
  /** The issues of the last save that was refused, as `path: message` lines. */
  readonly issues: readonly string[];
}

const issueLines = (issues: ProfileEntry['issues']): string[] => issues.map((i) => `${i.path}: ${i.message}`);

/**
 * Device profiles: the shipped ones (read-only) and the operator's copies in the data folder,
 * edited as JSON. A save is checked first and refused with every problem's path; a broken file
 * edited by hand is listed with its problems, never used.
 */
export function ProfilesPanel({ onError, onChanged }: { readonly onError: (message: string | undefined) => void; readonly onChanged: () => void }): ReactNode {
  const [profiles, setProfiles] = useState<readonly ProfileEntry[]>([]);
  const [editing, setEditing] = useState<Editing | undefined>();
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(() => {
    api.call('devices.profiles', {}).then(setProfiles, (e: unknown) => onError(messageOf(e)));
  }, [onError]);
  useEffect(refresh, [refresh]);

  /** Runs a change, then lists again and tells the connect panel; errors go to the page banner. */
  const change = (work: () => Promise<void>): void => {
    setBusy(true);
    onError(undefined);
    work()
      .catch((e: unknown) => onError(messageOf(e)))
      .finally(() => {
        setBusy(false);
        refresh();
        onChanged();
      });
  };
  const edit = async (id: string): Promise<void> => {
    const { text } = await api.call('devices.profileText', { id });
    setEditing({ id, text, issues: [] });
  };
  const save = (current: Editing): void =>
    change(async () => {
      const result = await api.call('devices.saveProfile', { id: current.id, text: current.text });
      setEditing(result.ok ? undefined : { ...current, issues: issueLines(result.issues) });
    });

  const mine = profiles.filter((p) => p.origin === 'user');
  return (
    <section className="panel" aria-labelledby="profiles-title" data-testid="profiles-panel">
      <header className="panel-header">
        <h2 id="profiles-title">Device profiles</h2>
        <span className="muted">Channel names, units, valid ranges, groups, serial settings and rate of each kind of device.</span>
      </header>
      <ul className="card-list" data-testid="profile-list">
        {profiles.map((p) => (
          <li key={p.id} className="card" data-testid={`profile-${p.id}`}>
            <div className="card-title">{p.summary?.displayName ?? p.id}</div>
            <div className="muted">
              {p.origin === 'shipped' ? 'shipped' : 'mine'} · {p.id}
              {p.summary ? ` · ${p.summary.channelCount} channels · ${p.summary.nominalRateHz} Hz` : ''}
            </div>
            {p.issues.length > 0 ? (
              <ul className="profile-issues" data-testid="profile-file-issues">
                {issueLines(p.issues).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
            <div className="form-row">
              {p.summary ? (
                <button type="button" disabled={busy} onClick={() => change(async () => edit((await api.call('devices.copyProfile', { id: p.id })).id))} data-testid="profile-copy">
                  Edit a copy
                </button>
              ) : null}
              {p.origin === 'user' ? (
                <>
                  <button type="button" disabled={busy} onClick={() => change(() => edit(p.id))} data-testid="profile-edit">
                    Edit
                  </button>
                  <button type="button" disabled={busy} title="Put the shipped profile it came from back into it" onClick={() => change(async () => void (await api.call('devices.resetProfile', { id: p.id })))} data-testid="profile-reset">
                    Reset
                  </button>
                  <button type="button" disabled={busy} onClick={() => change(async () => void (await api.call('devices.deleteProfile', { id: p.id })))} data-testid="profile-delete">
                    Delete
                  </button>
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {mine.length === 0 ? <p className="muted">No profiles of your own yet: press “Edit a copy” on a shipped one to change its channel names, units or ranges.</p> : null}
      {editing ? (
        <div className="profile-editor" data-testid="profile-editor-panel">
          <h3 className="subhead">Editing {editing.id}</h3>
          <textarea
            value={editing.text}
            onChange={(e) => setEditing({ ...editing, text: e.target.value })}
            spellCheck={false}
            rows={20}
            aria-label={`JSON of profile ${editing.id}`}
            data-testid="profile-editor"
          />
          {editing.issues.length > 0 ? (
            <div className="error-banner" role="alert" data-testid="profile-issues">
              Not saved: {editing.issues.length} problem(s).
              <ul>
                {editing.issues.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="form-row">
            <button type="button" disabled={busy} onClick={() => save(editing)} data-testid="profile-save">
              Save
            </button>
            <button type="button" disabled={busy} onClick={() => setEditing(undefined)} data-testid="profile-cancel">
              Close without saving
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
