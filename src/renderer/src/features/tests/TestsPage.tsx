import { useEffect, useState, type ReactNode } from 'react';
import type { DeviceFamily } from '../../../../shared/domain/deviceProfile';
import type { HilRunRecord } from '../../../../shared/domain/hilRecord';
import type { HilPrompt } from '../../../../shared/ipc/domains/hil';
import { api } from '../../bridge/api';
import { EmptyState } from '../../components/EmptyState';
import { modelChoices } from '../inference/modelChoices';
import { useRegistryVersions } from '../inference/useRegistryVersions';
import type { StepView } from './hilRunView';
import { useHilRun } from './useHilRun';
import { messageOf } from '../../bridge/messageOf';
import { TableHead } from '../../components/TableHead';

type Suite = Awaited<ReturnType<typeof api.call<'hil.suites'>>>[number];
type HistoryRow = Awaited<ReturnType<typeof api.call<'hil.history'>>>[number];

/** The default simulated device for a family's suite (the demo device of that system). */
const SIMULATED_PROFILE: Record<DeviceFamily, string | null> = {
  imu: 'imu-6axis',
  augmenter: 'sensor-augmenter-32',
  echoloc: 'echoloc-square-4',
  enose: 'enose-8mos',
  sits: null,
};

function PromptDialog({ prompt }: { prompt: HilPrompt }): ReactNode {
  const [number, setNumber] = useState('');
  const answer = (value: boolean | number | null): void => void api.call('hil.answer', { promptId: prompt.id, value });
  return (
    <div className="dialog-backdrop" role="dialog" aria-modal="true" aria-labelledby="hil-prompt-text" data-testid="hil-prompt">
      <div className="dialog">
        <h2 id="hil-prompt-text">{prompt.text}</h2>
        {prompt.kind === 'acknowledge' ? (
          <button type="button" onClick={() => answer(null)} data-testid="hil-prompt-continue" autoFocus>
            Continue
          </button>
        ) : prompt.kind === 'confirm' ? (
          <div className="form-row">
            <button type="button" onClick={() => answer(true)} data-testid="hil-prompt-yes" autoFocus>
              Yes
            </button>
            <button type="button" onClick={() => answer(false)} data-testid="hil-prompt-no">
              No
            </button>
          </div>
        ) : (
          <div className="form-row">
            <input value={number} onChange={(e) => setNumber(e.target.value)} inputMode="decimal" aria-label={`Value in ${prompt.unit ?? ''}`} autoFocus data-testid="hil-prompt-number" />
            <span>{prompt.unit}</span>
            <button type="button" disabled={!Number.isFinite(Number(number)) || number === ''} onClick={() => answer(Number(number))} data-testid="hil-prompt-submit">
              Enter
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function StepRow({ step }: { step: StepView }): ReactNode {
  const outcome = step.record?.outcome;
  return (
    <li className={`hil-step outcome-${outcome ?? step.state}`} data-testid={`hil-step-${step.phase}-${step.name}`}>
      <span className="hil-step-name">
        {step.phase}/{step.name}
      </span>
      <span className="hil-step-outcome">{outcome ? outcome.toUpperCase() : step.state === 'running' ? 'running' : ''}</span>
      {step.state === 'running' ? (
        <progress max={1} value={step.fraction} aria-label={`${step.name} progress`} />
      ) : step.record?.message ? (
        <span className="muted">{step.record.message}</span>
      ) : (
        <span />
      )}
      {step.record && step.record.measurements.length > 0 ? (
        <table className="data-table hil-measurements">
          <tbody>
            {step.record.measurements.map((m) => (
              <tr key={m.name} className={`outcome-${m.outcome}`}>
                <td>{m.name}</td>
                <td>
                  {typeof m.value === 'number' ? Number(m.value.toPrecision(5)) : (m.value ?? '–')} {m.unit}
                </td>
                <td className="muted">{m.limit ?? ''}</td>
                <td>{m.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </li>
  );
}

/** Operator runs of the hardware-in-the-loop suites: choose, Start, watch each step, answer prompts. */
export function TestsPage(): ReactNode {
  const [suites, setSuites] = useState<Suite[]>([]);
  const [history, setHistory] = useState<HistoryRow[]>([]);
  const [family, setFamily] = useState<DeviceFamily>('imu');
  const [serialPath, setSerialPath] = useState('');
  const [datasetPath, setDatasetPath] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [record, setRecord] = useState<HilRunRecord | undefined>();
  const { run, prompt } = useHilRun();
  const [catalogue, setCatalogue] = useState<Awaited<ReturnType<typeof api.call<'models.list'>>>>([]);
  const choices = modelChoices(family, SIMULATED_PROFILE[family] ?? '', useRegistryVersions(), catalogue).filter((c) => c.problem === null);
  // Unless the operator picks, the suite checks the version active on the device's profile (if any).
  const [modelChoice, setModelChoice] = useState<string | undefined>();
  const modelId = modelChoice ?? choices.find((c) => c.active)?.id ?? '';
  const running = run !== undefined && run.outcome === undefined;

  useEffect(() => {
    api.call('hil.suites', {}).then(setSuites, (e: unknown) => setError(String(e)));
    api.call('models.list', {}).then(setCatalogue, () => undefined);
  }, []);
  useEffect(() => {
    api.call('hil.history', { limit: 20 }).then(setHistory, () => undefined);
  }, [run?.outcome]);

  const start = (): void => {
    setError(undefined);
    const simulated = SIMULATED_PROFILE[family];
    const suite = suites.find((s) => s.family === family);
    const device = !suite?.needsDevice ? null : serialPath.trim() ? { kind: 'serial' as const, path: serialPath.trim(), profileId: simulated ?? '' } : simulated ? { kind: 'simulator' as const, profileId: simulated } : null;
    const dataset = !suite?.needsDevice && datasetPath.trim() ? { datasetPath: datasetPath.trim() } : {};
    api.call('hil.run', { family, device, ...(modelId ? { modelId } : {}), ...dataset }).catch((e: unknown) => setError(messageOf(e)));
  };

  return (
    <div className="page-stack">
      <section className="panel" aria-labelledby="tests-title">
        <header className="panel-header">
          <h2 id="tests-title">Run a test suite</h2>
        </header>
        <div className="form-row">
          <select value={family} onChange={(e) => (setFamily(e.target.value as DeviceFamily), setModelChoice(undefined))} aria-label="Suite" data-testid="hil-suite">
            {suites.map((s) => (
              <option key={s.family} value={s.family}>
                {s.name} v{s.version} ({s.steps} steps)
              </option>
            ))}
          </select>
          {suites.find((s) => s.family === family)?.needsDevice === false ? (
            <input
              value={datasetPath}
              onChange={(e) => setDatasetPath(e.target.value)}
              placeholder="dataset folder (empty: built-in demo dataset)"
              aria-label="Dataset folder"
              data-testid="hil-dataset"
            />
          ) : (
            <input value={serialPath} onChange={(e) => setSerialPath(e.target.value)} placeholder="serial port (empty: simulated device)" aria-label="Device port" data-testid="hil-port" />
          )}
          <select value={modelId} onChange={(e) => setModelChoice(e.target.value)} aria-label="Model under test" data-testid="hil-model">
            <option value="">no model (model checks skipped)</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          <button type="button" className="big-button" disabled={running || suites.length === 0} onClick={start} data-testid="hil-start">
            Start
          </button>
          <button type="button" disabled={!running} onClick={() => void api.call('hil.abort', {})} data-testid="hil-abort">
            Abort
          </button>
        </div>
        {error ? <p className="error-text">{error}</p> : null}
      </section>
      {run ? (
        <section className="panel" aria-label="Current run">
          <header className="panel-header">
            <h2>{run.suite}</h2>
            {run.outcome ? (
              <span className={`verdict verdict-${run.outcome}`} data-testid="hil-verdict">
                {run.outcome.toUpperCase()}
              </span>
            ) : (
              <span className="muted">running…</span>
            )}
            {run.message ? <span className="muted">{run.message}</span> : null}
          </header>
          <ol className="hil-steps">
            {run.steps.map((s) => (
              <StepRow key={`${s.phase}/${s.name}`} step={s} />
            ))}
          </ol>
        </section>
      ) : (
        <EmptyState title="No run yet" testId="empty-tests">
          <p>Choose a suite and press Start. Each step shows its progress, measurements and limits; the verdict stays until the next run.</p>
        </EmptyState>
      )}
      {history.length > 0 ? (
        <section className="panel" aria-label="History">
          <h2>History</h2>
          <table className="data-table" data-testid="hil-history">
            <TableHead columns={['Suite', 'Device', 'Started', 'Outcome', '']} />
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{h.suite}</td>
                  <td>{h.device}</td>
                  <td>{new Date(h.startedAt).toLocaleString()}</td>
                  <td className={`outcome-${h.outcome}`}>{h.outcome}</td>
                  <td>
                    <button type="button" onClick={() => api.call('hil.record', { runId: h.id }).then(setRecord)}>
                      Details
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {record ? (
            <div data-testid="hil-record">
              <h3>
                {record.suite.name} on {record.device.source}: {record.outcome}
              </h3>
              <p className="muted">
                Model under test: {record.modelVersion ?? 'none (model checks skipped)'} · calibration {record.calibrationProfileVersion ?? 'none'} · station {record.station} · console {record.appVersion}
              </p>
              <ol className="hil-steps">
                {record.steps.map((s) => (
                  <StepRow key={`${s.phase}/${s.name}`} step={{ phase: s.phase, name: s.name, state: 'done', fraction: 1, record: s }} />
                ))}
              </ol>
            </div>
          ) : null}
        </section>
      ) : null}
      {prompt ? <PromptDialog prompt={prompt} /> : null}
    </div>
  );
}
