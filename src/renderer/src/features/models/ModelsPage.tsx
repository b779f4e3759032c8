import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { HistoryEntry, ImportProgress, ModelAlias, ModelVersion } from '../../../../shared/domain/registry';
import type { ModelSummary } from '../../../../shared/ipc/domains/inference';
import type { ImportOutcome } from '../../../../shared/ipc/domains/registry';
import { api } from '../../bridge/api';
import { downloadText } from '../../components/downloadText';
import { DeploymentTimeline } from './DeploymentTimeline';
import { TIMELINE_ACTIONS } from './deploymentTimeline';
import { ImportChecklist } from './ImportChecklist';
import { ManifestDiffPanel } from './ManifestDiffPanel';
import { PackageDropZone } from './PackageDropZone';
import type { PackageSelection } from './packageSelection';
import { uploadPackage } from './packageUpload';
import { ShadowPanel } from './ShadowPanel';
import { TableHead } from '../../components/TableHead';
import { ErrorAlert } from '../../components/ActionMessage';

const SHORT = (id: string): string => id.slice(0, 10);

/** A profile per family to activate on: the shipped device profile of that family. */
const PROFILE_OF_FAMILY: Record<ModelVersion['family'], string> = {
  imu: 'imu-6axis',
  augmenter: 'sensor-augmenter-32',
  echoloc: 'echoloc-square-4',
  enose: 'enose-8mos',
  sits: 'sits-sentinel2',
};

/** Models: the catalogue, the registry's versions and aliases, import, activation with the gate, rollback, history. */
export function ModelsPage(): ReactNode {
  const [catalogue, setCatalogue] = useState<ModelSummary[]>([]);
  const [versions, setVersions] = useState<ModelVersion[]>([]);
  const [aliases, setAliases] = useState<ModelAlias[]>([]);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [timeline, setTimeline] = useState<{ readonly entries: HistoryEntry[]; readonly now: number }>({ entries: [], now: 0 });
  const [progress, setProgress] = useState<ImportProgress | undefined>();
  // Set while a picked or dropped package is being sent: the upload (not the import after it) can be cancelled.
  const [upload, setUpload] = useState<AbortController | undefined>();
  const [path, setPath] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const [busy, setBusy] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  // Activations and rollbacks change what runs on devices: they wait for an explicit confirmation.
  const [pending, setPending] = useState<{ readonly question: string; readonly label: string; readonly action: () => Promise<unknown> } | undefined>();

  const refresh = useCallback(() => {
    api.call('models.list', {}).then(setCatalogue, () => undefined);
    api.call('registry.versions', {}).then(setVersions, (e: unknown) => setError(String(e)));
    api.call('registry.aliases', {}).then(setAliases, () => undefined);
    api.call('registry.history', { limit: 200 }).then(setHistory, () => undefined);
    api.call('registry.history', { actions: [...TIMELINE_ACTIONS], limit: 5000 }).then((entries) => setTimeline({ entries, now: Date.now() }), () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const stopChanged = api.on('registry.changed', refresh);
    const stopProgress = api.on('registry.importProgress', setProgress);
    // An import started before the page opened shows its checklist again.
    api.call('registry.lastImport', {}).then((last) => last && setProgress((shown) => shown ?? last), () => undefined);
    return () => {
      stopChanged();
      stopProgress();
    };
  }, [refresh]);

  const run = (label: string, action: () => Promise<unknown>): void => {
    setBusy(label);
    setError(undefined);
    setMessage(undefined);
    action()
      .then(() => refresh())
      .catch((e: unknown) => setError(e instanceof Error ? [e.message, ...((e as { issues?: string[] }).issues ?? [])].join(' ') : String(e)))
      .finally(() => setBusy(undefined));
  };
  const importWith = (importing: () => Promise<ImportOutcome>): void => {
    setProgress(undefined);
    run('import', async () => {
      const outcome = await importing();
      if (!outcome.ok) throw new Error(`Import refused: ${outcome.message}`);
      setMessage(`${outcome.duplicate ? 'Already stored' : 'Imported'} ${outcome.version.name} ${outcome.version.version} (${SHORT(outcome.version.id)}).`);
    });
  };
  const importPackage = (target: string): void => importWith(() => api.call('registry.import', { path: target }));
  const importUpload = (selection: PackageSelection): void => {
    const controller = new AbortController();
    setUpload(controller);
    importWith(() => uploadPackage(selection, controller.signal).finally(() => setUpload(undefined)));
  };
  const why = reason.trim() || 'operator action from the Models page';

  return (
    <div className="page-stack">
      <section className="panel" aria-labelledby="import-title">
        <header className="panel-header">
          <h2 id="import-title">Import a model package</h2>
        </header>
        <div className="form-row">
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="folder or .zip of a model package (manifest.json + model.onnx)" aria-label="Package path" data-testid="registry-path" />
          <button type="button" disabled={busy !== undefined || path.trim() === ''} onClick={() => importPackage(path.trim())} data-testid="registry-import">
            Import
          </button>
          {busy && busy !== 'import' ? <progress aria-label={`${busy} in progress`} /> : null}
        </div>
        <PackageDropZone disabled={busy !== undefined} onPackage={importUpload} onProblem={(problem) => (setMessage(undefined), setError(problem))} />
        {busy === 'import' && !progress ? <progress aria-label="import starting" /> : null}
        {progress ? (
          <ImportChecklist
            progress={progress}
            onCancel={upload && progress.steps.some((step) => step.id === 'upload' && step.state === 'running') ? () => upload.abort(new Error('Upload cancelled; nothing was imported.')) : undefined}
          />
        ) : null}
        <div className="form-row">
          <span className="muted">Shipped demo packages:</span>
          {catalogue
            .filter((m) => m.problem === null)
            .map((m) => (
              <button key={m.id} type="button" disabled={busy !== undefined} onClick={() => importPackage(m.packageDir)} data-testid={`registry-import-${m.id}`}>
                {m.name} {m.version}
              </button>
            ))}
        </div>
        <div className="form-row">
          <label>
            Reason for changes <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="why (kept in the history)" data-testid="registry-reason" />
          </label>
          <label>
            Gate override <input value={override} onChange={(e) => setOverride(e.target.value)} placeholder="reason to activate despite a failed gate (≥ 10 characters)" data-testid="registry-override" />
          </label>
        </div>
        {pending ? (
          <div className="form-row confirm-bar" role="alertdialog" aria-label="Confirm" data-testid="registry-confirm">
            <strong>{pending.question}</strong>
            <button type="button" autoFocus onClick={() => (setPending(undefined), run(pending.label, pending.action))} data-testid="registry-confirm-yes">
              Confirm
            </button>
            <button type="button" onClick={() => setPending(undefined)} data-testid="registry-confirm-no">
              Cancel
            </button>
          </div>
        ) : null}
        {message ? <p data-testid="registry-message">{message}</p> : null}
        <ErrorAlert message={error} testId="registry-error" />
      </section>
      <section className="panel" aria-label="Versions">
        <h2>Versions</h2>
        {versions.length === 0 ? (
          <p className="muted">No versions in the registry yet. Import a package above (the shipped demo packages are one click away).</p>
        ) : (
          <table className="data-table" data-testid="registry-versions">
            <TableHead columns={['Family', 'Model', 'Hash', 'Imported', 'Latency p95', 'Gate', 'Aliases', '']} />
            <tbody>
              {versions.map((v) => {
                const latency = v.importReport.latency?.p95Ms;
                return (
                  <tr key={v.id} data-testid={`registry-version-${v.name}`}>
                    <td>{v.family}</td>
                    <td>
                      {v.name} {v.version} {v.pinned ? '📌' : ''}
                    </td>
                    <td title={v.id}>{SHORT(v.id)}</td>
                    <td>{new Date(v.importedAt).toLocaleString()}</td>
                    <td>{latency === undefined ? '–' : `${latency.toFixed(2)} ms`}</td>
                    <td className={v.gate ? (v.gate.passed ? 'outcome-pass' : 'outcome-fail') : ''} title={v.gate?.problem ?? v.gate?.metrics.map((m) => `${m.name} ${m.value}`).join(', ')}>
                      {v.gate ? (v.gate.passed ? 'passed' : 'failed') : 'not run'}
                    </td>
                    <td>{v.aliases.map((a) => (a.profileId ? `${a.alias} (${a.profileId})` : a.alias)).join(', ')}</td>
                    <td>
                      <button
                        type="button"
                        disabled={busy !== undefined}
                        onClick={() =>
                          setPending({
                            question: `Activate ${v.name} ${v.version} on ${PROFILE_OF_FAMILY[v.family]}? Devices of that profile running its active version switch to it now.`,
                            label: 'activate',
                            action: () =>
                              api.call('registry.activate', {
                                profileId: PROFILE_OF_FAMILY[v.family],
                                versionId: v.id,
                                reason: why,
                                ...(override.trim().length >= 10 ? { override: { reason: override.trim() } } : {}),
                              }),
                          })
                        }
                        data-testid={`registry-activate-${v.name}`}
                      >
                        Activate
                      </button>
                      <button type="button" disabled={busy !== undefined} onClick={() => run('pin', () => api.call('registry.pin', { versionId: v.id, pinned: !v.pinned, reason: why }))}>
                        {v.pinned ? 'Unpin' : 'Pin'}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {aliases.length > 0 ? (
          <>
            <h3>Aliases</h3>
            <ul className="card-list" data-testid="registry-aliases">
              {aliases.map((a) => (
                <li key={`${a.family}/${a.alias}/${a.profileId ?? ''}`} className="card">
                  <div className="card-title">
                    {a.alias} {a.profileId ? `on ${a.profileId}` : `(${a.family})`}
                  </div>
                  <div className="muted">
                    {versions.find((v) => v.id === a.versionId)?.name ?? ''} {versions.find((v) => v.id === a.versionId)?.version ?? ''} · {SHORT(a.versionId)} · by {a.updatedBy}
                  </div>
                  <button type="button" disabled={busy !== undefined} onClick={() =>
                      setPending({
                        question: `Roll ${a.alias} ${a.profileId ? `on ${a.profileId}` : `(${a.family})`} back to the version before ${SHORT(a.versionId)}?`,
                        label: 'rollback',
                        action: () => api.call('registry.rollback', { family: a.family, alias: a.alias, profileId: a.profileId, reason: why }),
                      })
                    } data-testid={`registry-rollback-${a.alias}`}>
                    Roll back
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <ShadowPanel versions={versions} />
      <ManifestDiffPanel versions={versions} />
      <section className="panel" aria-label="Deployment timeline">
        <h2>Deployment timeline</h2>
        <DeploymentTimeline history={timeline.entries} now={timeline.now} />
      </section>
      <section className="panel" aria-label="Deployment history">
        <header className="panel-header">
          <h2>Deployment history</h2>
          <button type="button" onClick={() => api.call('registry.exportHistory', { query: {}, format: 'csv' }).then((f) => downloadText(f.fileName, 'text/csv', f.text), (e: unknown) => setError(String(e)))}>
            Export CSV
          </button>
        </header>
        {history.length === 0 ? (
          <p className="muted">Nothing has happened yet. Imports, gate results, activations, rollbacks and alias changes are recorded here.</p>
        ) : (
          <table className="data-table" data-testid="registry-history">
            <TableHead columns={['Time', 'Action', 'Version', 'Profile / device', 'Who', 'Why']} />
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{new Date(h.time).toLocaleString()}</td>
                  <td>{h.action}</td>
                  <td>{h.versionLabel ?? ''}</td>
                  <td>{h.deviceId ?? h.profileId ?? ''}</td>
                  <td>{h.actor}</td>
                  <td>{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
