import { Fragment, useEffect, useState, type ChangeEvent, type ReactNode } from 'react';
import type { CalibrationVersion, DeviceCalibrationStatus } from '../../../../shared/domain/calibration';
import type { CalibrationUsage } from '../../../../shared/ipc/domains/calibration';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';
import { downloadFile } from '../../components/downloadText';
import { TableHead } from '../../components/TableHead';
import { ActionMessage, type ActionOutcome } from '../../components/ActionMessage';

interface Props {
  readonly status: DeviceCalibrationStatus;
  /** Who acts (rollback and import are audited under this name); empty disables them. */
  readonly operator: string;
}

function shortTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** What a version was used for: test runs with their outcome and model, validation runs, models. */
function UsageDetail({ usage }: { readonly usage: CalibrationUsage }): ReactNode {
  if (usage.hilRuns.length === 0 && usage.validationRuns.length === 0) {
    return <p className="muted">No test or validation run has used this calibration yet.</p>;
  }
  return (
    <div className="calibration-usage">
      <p>
        <strong>Models:</strong> {usage.models.length > 0 ? usage.models.join(', ') : 'none (runs without a model)'}
      </p>
      {usage.hilRuns.length > 0 ? (
        <ul data-testid="calibration-usage-hil">
          {usage.hilRuns.map((r) => (
            <li key={r.id}>
              {shortTime(r.startedAt)} · test “{r.suite}” · <span className={`verdict-${r.outcome}`}>{r.outcome.toUpperCase()}</span> · model {r.modelVersion ?? 'none'}
            </li>
          ))}
        </ul>
      ) : null}
      {usage.validationRuns.length > 0 ? (
        <ul data-testid="calibration-usage-validation">
          {usage.validationRuns.map((r) => (
            <li key={r.id}>
              {shortTime(r.startedAt)} · {r.kind} “{r.title}” · {r.passed ? 'passed' : 'failed'}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * Every stored calibration version of a device (newest first) with its certificate, a rollback
 * to any older one, what each was used for (traceability), and export/import between stations.
 */
export function CalibrationHistoryPanel({ status, operator }: Props): ReactNode {
  const [versions, setVersions] = useState<CalibrationVersion[]>([]);
  const [usage, setUsage] = useState<{ versionId: string; usage: CalibrationUsage } | undefined>();
  const [message, setMessage] = useState<ActionOutcome | undefined>();
  const { deviceKey, profileId } = status;
  const report = (e: unknown): void => setMessage({ text: messageOf(e), error: true });

  useEffect(() => {
    let alive = true;
    const refresh = (): void => void api.call('calibration.history', { deviceKey, profileId }).then((v) => alive && setVersions([...v].reverse()), report);
    refresh();
    const off = api.on('calibration.changed', refresh);
    return () => {
      alive = false;
      off();
    };
  }, [deviceKey, profileId]);

  const toggleUsage = (versionId: string): void => {
    if (usage?.versionId === versionId) return setUsage(undefined);
    api.call('calibration.usage', { versionId }).then((u) => setUsage({ versionId, usage: u }), report);
  };
  const activate = (version: CalibrationVersion): void => {
    api.call('calibration.activate', { versionId: version.id, operator }).then(() => setMessage({ text: `Version ${version.version} is active again.`, error: false }), report);
  };
  const importFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    file
      .text()
      .then((text) => api.call('calibration.import', { text, activate: false, operator }))
      .then((r) => setMessage({ text: `Imported ${r.imported} version(s) of ${r.deviceKey} (${r.skipped} already here).`, error: false }), report);
  };
  const noOperator = operator.trim() === '' ? 'Enter the operator first' : undefined;

  return (
    <section className="panel" aria-labelledby="calibration-history-title" data-testid="calibration-history">
      <header className="panel-header">
        <h2 id="calibration-history-title">History and traceability</h2>
        <span className="muted">{deviceKey}</span>
        <button
          type="button"
          disabled={versions.length === 0}
          onClick={() => api.call('calibration.export', { deviceKey, profileId }).then(downloadFile, report)}
          data-testid="calibration-export"
        >
          Export JSON
        </button>
        <label className={`button-like${noOperator ? ' disabled' : ''}`} title={noOperator ?? 'Import a calibration file exported at another station'}>
          Import JSON…
          <input type="file" accept="application/json,.json" hidden disabled={noOperator !== undefined} onChange={importFile} data-testid="calibration-import" />
        </label>
      </header>
      <ActionMessage outcome={message} />
      {versions.length === 0 ? (
        <p className="muted" data-testid="calibration-history-empty">
          No calibration stored for this device yet: run a procedure above and accept it.
        </p>
      ) : (
        <table className="data-table" data-testid="calibration-versions">
          <TableHead columns={['Version', 'Procedure', 'Operator', 'Accepted', 'Expires', 'Fit', '']} />
          <tbody>
            {versions.map((v) => {
              const active = v.id === status.activeVersionId;
              return (
                <Fragment key={v.id}>
                  <tr className={active ? 'row-active' : undefined} data-testid={`calibration-version-${v.version}`}>
                    <td>
                      v{v.version} {active ? <span className="status-pill">active</span> : null}
                    </td>
                    <td>{v.procedureName}</td>
                    <td>{v.operator}</td>
                    <td>{shortTime(v.createdAt)}</td>
                    <td>{shortTime(v.expiresAt)}</td>
                    <td title={v.fit.summary}>{v.fit.outcome}</td>
                    <td className="row-actions">
                      <button type="button" onClick={() => toggleUsage(v.id)} aria-expanded={usage?.versionId === v.id} data-testid={`calibration-usage-${v.version}`}>
                        Used by
                      </button>
                      <button type="button" onClick={() => api.call('calibration.certificate', { versionId: v.id }).then(downloadFile, report)}>
                        Certificate
                      </button>
                      {active ? null : (
                        <button type="button" disabled={noOperator !== undefined} title={noOperator} onClick={() => activate(v)} data-testid={`calibration-activate-${v.version}`}>
                          Make active
                        </button>
                      )}
                    </td>
                  </tr>
                  {usage?.versionId === v.id ? (
                    <tr>
                      <td colSpan={7}>
                        <UsageDetail usage={usage.usage} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
