import { useEffect, useState, type ReactNode } from 'react';
import type { ValidationRunSummary } from '../../../../shared/domain/validation';
import type { ModelSummary } from '../../../../shared/ipc/domains/inference';
import type { RecordingEntryInfo } from '../../../../shared/ipc/domains/recording';
import type { ValidationRunState } from '../../../../shared/ipc/domains/validation';
import { api } from '../../bridge/api';
import { downloadFile } from '../../components/downloadText';
import { messageOf } from '../../bridge/messageOf';
import { TableHead } from '../../components/TableHead';
import { ErrorAlert } from '../../components/ActionMessage';

function formatEta(s: number | null): string {
  if (s === null) return '';
  return s < 90 ? `about ${Math.ceil(s)} s left` : `about ${Math.ceil(s / 60)} min left`;
}

/** Offline validation of model versions on labelled data, with A/B, progress, reports and drift checks. */
export function ValidationPage(): ReactNode {
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [model, setModel] = useState('');
  const [modelB, setModelB] = useState('');
  /** A package folder outside the catalogue; overrides the chosen catalogue model when given. */
  const [modelPath, setModelPath] = useState('');
  const [recordings, setRecordings] = useState<RecordingEntryInfo[]>([]);
  const [dataset, setDataset] = useState('');
  const [baseline, setBaseline] = useState('');
  const [current, setCurrent] = useState('');
  const [state, setState] = useState<ValidationRunState | undefined>();
  const [runs, setRuns] = useState<ValidationRunSummary[]>([]);
  const [drift, setDrift] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const report = (e: unknown): void => setError(messageOf(e));
  const usable = models.filter((m) => m.problem === null);
  const chosen = usable.find((m) => m.id === model);

  useEffect(() => {
    api.call('models.list', {}).then(setModels, report);
    api.call('recording.list', {}).then((list) => setRecordings(list.filter((r) => r.state === 'complete' || r.state === 'repaired')), report);
    // A run started before the page opened (the operator looked elsewhere meanwhile) shows its progress and cancel again.
    api.call('validation.latest', {}).then((latest) => latest && setState((shown) => shown ?? latest), () => undefined);
    return api.on('validation.progress', setState);
  }, []);
  useEffect(() => {
    api.call('validation.list', { limit: 50 }).then(setRuns, () => undefined);
  }, [state?.state, drift]);

  const running = state?.state === 'running';
  const modelSpec = modelPath.trim() || model;
  const start = (): void => {
    setError(undefined);
    api
      .call('validation.start', { model: modelSpec, dataset: dataset.trim(), ...(modelB ? { modelB } : {}) })
      .then(({ runId }) => setState({ runId, state: 'running', progress: { runId, phase: 'loading', fraction: 0, etaS: null, detail: 'starting' }, error: null, passed: null, undecided: [] }), report);
  };
  const openReport = (runId: string, format: 'html' | 'json'): void => {
    api.call('validation.report', { runId, format }).then(downloadFile, report);
  };

  return (
    <div className="page-stack">
      <section className="panel" aria-labelledby="validation-title">
        <header className="panel-header">
          <h2 id="validation-title">Validate a model</h2>
        </header>
        <div className="form-row">
          <select value={model} onChange={(e) => setModel(e.target.value)} aria-label="Model" data-testid="validation-model">
            <option value="">choose a model…</option>
            {usable.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} {m.version} ({m.family})
              </option>
            ))}
          </select>
          <select value={modelB} onChange={(e) => setModelB(e.target.value)} aria-label="Second model for A/B (optional)" data-testid="validation-model-b">
            <option value="">no A/B comparison</option>
            {usable
              .filter((m) => chosen && m.family === chosen.family && m.id !== model)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  B: {m.name} {m.version}
                </option>
              ))}
          </select>
          <input value={modelPath} onChange={(e) => setModelPath(e.target.value)} placeholder="or a model package folder" aria-label="Model package folder" data-testid="validation-model-path" />
        </div>
        <div className="form-row">
          <input value={dataset} onChange={(e) => setDataset(e.target.value)} placeholder="dataset folder (.npy + meta.json), .csv file or recording (.mcap)" aria-label="Dataset" data-testid="validation-dataset" />
          <select value="" onChange={(e) => e.target.value && setDataset(e.target.value)} aria-label="Use a labelled recording" data-testid="validation-recording" disabled={recordings.length === 0}>
            <option value="">{recordings.length === 0 ? 'no recordings yet' : 'or a labelled recording…'}</option>
            {recordings.flatMap((r) =>
              r.devices.length > 1
                ? r.devices.map((d) => (
                    <option key={`${r.id}#${d.id}`} value={`${r.filePath}#${d.id}`}>
                      {r.name}: {d.name}
                    </option>
                  ))
                : [
                    <option key={r.id} value={r.filePath}>
                      {r.name}
                    </option>,
                  ],
            )}
          </select>
          <button type="button" disabled={!chosen?.goldenDataset} onClick={() => setDataset(chosen?.goldenDataset ?? '')} data-testid="validation-golden">
            Use the model's golden set
          </button>
          <button type="button" className="big-button" disabled={running || !modelSpec || dataset.trim() === ''} onClick={start} data-testid="validation-start">
            Validate
          </button>
          <button type="button" disabled={!running} onClick={() => state && void api.call('validation.cancel', { runId: state.runId })} data-testid="validation-cancel">
            Cancel
          </button>
        </div>
        {state ? (
          <div className="wizard-progress" data-testid="validation-progress">
            <progress max={1} value={state.progress.fraction} aria-label="Validation progress" />
            <span>
              {state.state === 'running'
                ? `${state.progress.phase}: ${Math.round(state.progress.fraction * 100)} % ${formatEta(state.progress.etaS)} — ${state.progress.detail}`
                : state.state === 'complete'
                  ? state.passed
                    ? 'complete: meets the manifest thresholds'
                    : 'complete: misses a manifest threshold'
                  : `${state.state}${state.error ? `: ${state.error}` : ''}`}
            </span>
            {state.state === 'complete' ? (
              <>
                <span className={`verdict ${state.passed ? 'verdict-pass' : 'verdict-fail'}`} data-testid="validation-verdict">
                  {state.passed ? 'PASS' : 'FAIL'}
                </span>
                {state.undecided.length > 0 ? (
                  <span className="muted" data-testid="validation-undecided">
                    not decisive on {state.undecided.join(', ')}: the 95 % interval spans the bound, so more data could change the verdict (see the report)
                  </span>
                ) : null}
                <button type="button" onClick={() => openReport(state.runId, 'html')} data-testid="validation-report">
                  Download report
                </button>
              </>
            ) : null}
          </div>
        ) : null}
        <ErrorAlert message={error} />
      </section>
      <section className="panel" aria-labelledby="drift-title">
        <header className="panel-header">
          <h2 id="drift-title">Drift between two datasets</h2>
        </header>
        <div className="form-row">
          <input value={baseline} onChange={(e) => setBaseline(e.target.value)} placeholder="baseline dataset" aria-label="Baseline dataset" />
          <input value={current} onChange={(e) => setCurrent(e.target.value)} placeholder="current dataset" aria-label="Current dataset" />
          <button
            type="button"
            disabled={baseline.trim() === '' || current.trim() === ''}
            onClick={() =>
              api
                .call('validation.drift', { baseline: baseline.trim(), current: current.trim() })
                .then((r) => setDrift(r.drifted ? `Drift detected in ${r.driftedChannels.join(', ')}` : (r.inconclusive ?? 'No drift detected')), report)
            }
          >
            Compare
          </button>
          {drift ? <span data-testid="drift-result">{drift}</span> : null}
        </div>
      </section>
      <section className="panel" aria-label="Runs">
        <h2>Runs</h2>
        {runs.length === 0 ? (
          <p className="muted">No validation or drift runs yet. Choose a model and a dataset above; the model's golden set is a good start.</p>
        ) : (
          <table className="data-table" data-testid="validation-runs">
            <TableHead columns={['Run', 'Kind', 'Dataset', 'Started', 'Result', '']} />
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{r.title}</td>
                  <td>{r.kind}</td>
                  <td title={r.datasetPath}>{r.datasetPath.split('/').slice(-3).join('/')}</td>
                  <td>{new Date(r.startedAt).toLocaleString()}</td>
                  <td className={r.passed ? 'outcome-pass' : 'outcome-fail'}>{r.kind === 'drift' ? (r.passed ? 'no drift' : 'drift') : r.passed ? 'pass' : 'fail'}</td>
                  <td>
                    <button type="button" onClick={() => openReport(r.id, 'html')}>
                      Report
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
