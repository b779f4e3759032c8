import { useEffect, useState, type ReactNode } from 'react';
import type { ModelVersion, ShadowOutputStats, ShadowStatus } from '../../../../shared/domain/registry';
import type { LiveModelStatus } from '../../../../shared/ipc/domains/inference';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';
import { TableHead } from '../../components/TableHead';
import { ErrorAlert } from '../../components/ActionMessage';

const POLL_MS = 1000;
const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null): string => (v === null ? '–' : v.toPrecision(3));

/** Agreement (or MAE) per time bucket as a small line, with its axes named and in units. */
function OverTime({ stats }: { readonly stats: ShadowOutputStats }): ReactNode {
  const byAgreement = stats.agreement !== null;
  const points = stats.series.map((s) => (byAgreement ? s.agreement : s.mae)).map((v, i) => ({ i, v }));
  const values = points.flatMap((p) => (p.v === null ? [] : [p.v]));
  if (values.length < 2) return <span className="muted">collecting…</span>;
  const [w, h] = [220, 60];
  const top = byAgreement ? 1 : Math.max(...values) || 1;
  const path = points
    .filter((p) => p.v !== null)
    .map((p) => `${((p.i / (points.length - 1)) * w).toFixed(1)},${(h - ((p.v ?? 0) / top) * h).toFixed(1)}`)
    .join(' ');
  return (
    <svg width={w + 70} height={h + 24} role="img" aria-label={`${byAgreement ? 'Agreement' : 'MAE'} over time`}>
      <text x={0} y={10} fontSize={10} fill="currentColor">
        {byAgreement ? '100 %' : num(top)}
      </text>
      <text x={0} y={h + 4} fontSize={10} fill="currentColor">
        {byAgreement ? '0 %' : '0'}
      </text>
      <polyline transform="translate(40,2)" points={path} fill="none" stroke="var(--accent)" strokeWidth={1.5} />
      <text x={40} y={h + 20} fontSize={10} fill="currentColor">
        time (buckets, oldest → newest)
      </text>
    </svg>
  );
}

/** One device's shadow: start it on a candidate, then watch how often the candidate agrees. */
function DeviceShadow({ live, versions, shadow }: { readonly live: LiveModelStatus; readonly versions: readonly ModelVersion[]; readonly shadow: ShadowStatus | undefined }): ReactNode {
  const family = versions.find((v) => v.id === live.modelId)?.family;
  const candidates = versions.filter((v) => v.family === family && v.id !== live.modelId);
  const [candidate, setCandidate] = useState('');
  const [error, setError] = useState<string | undefined>();
  const chosen = candidate || candidates[0]?.id || '';
  const act = (call: Promise<unknown>): void => void call.then(() => setError(undefined), (e: unknown) => setError(messageOf(e)));
  const reason = 'shadow comparison from the Models page';

  return (
    <li className="card" data-testid={`shadow-${live.deviceId}`}>
      <div className="card-title">
        {live.deviceId}: {live.name} {live.version} live
      </div>
      {shadow ? (
        <>
          <div className="form-row">
            <span>
              Shadow {versions.find((v) => v.id === shadow.shadowVersionId)?.version ?? shadow.shadowVersionId.slice(0, 10)} — {shadow.windowsCompared.toLocaleString()} windows compared, {shadow.windowsSkipped} skipped, {shadow.shadowErrors} errors
            </span>
            <button type="button" onClick={() => act(api.call('registry.shadowStop', { deviceId: live.deviceId, reason }))} data-testid="shadow-stop">
              Stop shadow
            </button>
          </div>
          <table className="data-table" data-testid="shadow-stats">
            <TableHead columns={['Output', 'Compared', 'Same top class', 'MAE / RMSE / max |Δ| (output units)', 'Over time']} />
            <tbody>
              {shadow.outputs.map((o) => (
                <tr key={o.output}>
                  <td>
                    {o.output} ({o.kind})
                  </td>
                  <td>{o.compared.toLocaleString()}</td>
                  <td>{pct(o.agreement)}</td>
                  <td>
                    {num(o.mae)} / {num(o.rmse)} / {num(o.maxAbsDiff)}
                  </td>
                  <td>
                    <OverTime stats={o} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : candidates.length === 0 ? (
        <p className="muted">Import another {family} version to compare it here.</p>
      ) : (
        <div className="form-row">
          <select value={chosen} onChange={(e) => setCandidate(e.target.value)} aria-label="Candidate version" data-testid="shadow-candidate">
            {candidates.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name} {v.version} · {v.id.slice(0, 10)}
              </option>
            ))}
          </select>
          <button type="button" disabled={chosen === ''} onClick={() => act(api.call('registry.shadowStart', { deviceId: live.deviceId, versionId: chosen, reason }))} data-testid="shadow-start">
            Run in shadow
          </button>
        </div>
      )}
      <ErrorAlert message={error} />
    </li>
  );
}

/**
 * Shadow mode: a candidate runs on a live device's stream beside the registry version serving
 * there, never actuating, and this panel shows how far their outputs agree.
 */
export function ShadowPanel({ versions }: { readonly versions: readonly ModelVersion[] }): ReactNode {
  const [live, setLive] = useState<LiveModelStatus[]>([]);
  const [shadows, setShadows] = useState<ShadowStatus[]>([]);
  useEffect(() => {
    const poll = (): void => {
      api.call('inference.status', {}).then(setLive, () => undefined);
      api.call('registry.shadowStatus', {}).then(setShadows, () => undefined);
    };
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const fromRegistry = live.filter((l) => versions.some((v) => v.id === l.modelId));

  return (
    <section className="panel" aria-labelledby="shadow-title">
      <h2 id="shadow-title">Shadow comparison</h2>
      {fromRegistry.length === 0 ? (
        <p className="muted">No registry version is running on a device. Run one from the Live page (registry versions are listed first), then compare a candidate against it here.</p>
      ) : (
        <ul className="card-list single-column">
          {fromRegistry.map((l) => (
            <DeviceShadow key={l.deviceId} live={l} versions={versions} shadow={shadows.find((s) => s.deviceId === l.deviceId)} />
          ))}
        </ul>
      )}
    </section>
  );
}
