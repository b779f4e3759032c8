import { useState, type ReactNode } from 'react';
import type { WizardInput, WizardSnapshot } from '../../../../shared/domain/calibrationWizard';
import { api } from '../../bridge/api';
import { downloadFile } from '../../components/downloadText';
import { messageOf } from '../../bridge/messageOf';
import { TableHead } from '../../components/TableHead';

const IMU_POSES = ['+x', '-x', '+y', '-y', '+z', '-z'];

/** One running calibration wizard: the step the operator is on, honest progress, why it cannot proceed, the review. */
export function WizardView({ snapshot, simulated, onError }: { snapshot: WizardSnapshot; simulated: boolean; onError: (m: string | undefined) => void }): ReactNode {
  const [values, setValues] = useState<Record<string, string>>({});
  const report = (e: unknown): void => onError(messageOf(e));
  const act = (input: WizardInput): void => void api.call('calibration.input', { runId: snapshot.runId, input }).catch(report);
  const step = snapshot.current;
  // The demo IMU walks around; a calibration needs it held still, then turned from face to face.
  const simulate = (...lines: string[]): void =>
    void lines.reduce<Promise<unknown>>((previous, line) => previous.then(() => api.call('devices.simulate', { deviceId: snapshot.deviceId, line })), Promise.resolve()).catch(report);

  return (
    <section className="panel wizard" aria-label={`Calibration: ${snapshot.procedureName}`} data-testid="wizard">
      <header className="panel-header">
        <h2>{snapshot.procedureName}</h2>
        <span className="status-pill" data-testid="wizard-phase">
          {snapshot.phase}
        </span>
        <button type="button" className="push-right" disabled={snapshot.phase !== 'running' && snapshot.phase !== 'review'} onClick={() => void api.call('calibration.cancel', { runId: snapshot.runId }).catch(report)} data-testid="wizard-cancel">
          Cancel
        </button>
      </header>
      <ol className="wizard-steps">
        {snapshot.steps.map((s) => (
          <li key={s.id} className={`wizard-step state-${s.state}`}>
            {s.title}
          </li>
        ))}
      </ol>
      {step && snapshot.phase === 'running' ? (
        <div className="wizard-current" data-testid="wizard-step" data-step-id={step.id}>
          <h3>{step.title}</h3>
          <p>{step.instructions}</p>
          {step.blockers.length > 0 ? (
            <ul className="blockers" data-testid="wizard-blockers">
              {step.blockers.map((b) => (
                <li key={b.code} data-code={b.code}>
                  {b.message}
                </li>
              ))}
            </ul>
          ) : null}
          {step.countdownS !== null ? <p className="big-reading">Settling: about {Math.ceil(step.countdownS)} s left</p> : null}
          <div className="wizard-progress">
            <progress max={1} value={step.progress.fraction} data-testid="wizard-progress" aria-label="Step progress" />
            <span>
              {Math.round(step.progress.fraction * 100)} % — {step.progress.captured.toFixed(0)} of {step.progress.needed.toFixed(0)} {step.progress.unit}
            </span>
          </div>
          {step.slots.length > 0 ? (
            <ul className="slots" data-testid="wizard-slots">
              {step.slots.map((slot) => (
                <li key={slot.id} className={`slot slot-${slot.status}`} title={`${Math.round(slot.fraction * 100)} %`}>
                  {slot.label}
                </li>
              ))}
            </ul>
          ) : null}
          {step.stability ? (
            <table className="data-table" aria-label="Stability">
              <TableHead columns={['Signal', 'Mean', 'Std (limit)', 'Slope /s (limit)', '']} />
              <tbody>
                {step.stability.features.map((f) => (
                  <tr key={f.name} className={f.ok ? '' : 'outcome-fail'}>
                    <td>{f.name}</td>
                    <td>
                      {f.mean.toPrecision(5)} {f.unit}
                    </td>
                    <td>
                      {f.std.toPrecision(3)} ({f.maxStd.toPrecision(2)})
                    </td>
                    <td>
                      {f.slopePerS.toPrecision(3)} ({f.maxSlopePerS.toPrecision(2)})
                    </td>
                    <td>{f.ok ? 'steady' : 'moving'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {step.restarts > 0 ? (
            <p className="muted" data-testid="wizard-restarts">
              Restarted {step.restarts}×{step.lastRestartReason ? `: ${step.lastRestartReason}` : ''}
            </p>
          ) : null}
          {step.inputs.length > 0 ? (
            <div className="form-row">
              {step.inputs.map((input) => (
                <label key={input.id}>
                  {input.label}{' '}
                  <input
                    inputMode="decimal"
                    value={values[input.id] ?? (input.value ?? input.suggested ?? '').toString()}
                    onChange={(e) => setValues((v) => ({ ...v, [input.id]: e.target.value }))}
                    aria-label={input.label}
                  />{' '}
                  {input.unit}
                </label>
              ))}
              <button
                type="button"
                onClick={() =>
                  act({
                    action: 'set-inputs',
                    values: Object.fromEntries(step.inputs.map((i) => [i.id, Number(values[i.id] ?? i.value ?? i.suggested ?? Number.NaN)])),
                  })
                }
              >
                Use these values
              </button>
            </div>
          ) : null}
          <div className="form-row">
            {step.kind === 'instruction' ? (
              <button type="button" onClick={() => act({ action: 'confirm' })} data-testid="wizard-confirm">
                Done, continue
              </button>
            ) : null}
            {step.optional ? (
              <button type="button" onClick={() => act({ action: 'skip' })} data-testid="wizard-skip">
                Skip this step
              </button>
            ) : null}
            <button type="button" onClick={() => void api.call('calibration.redo', { runId: snapshot.runId, stepId: step.id }).catch(report)}>
              Restart step
            </button>
          </div>
          {simulated ? (
            <div className="form-row simulator-controls" aria-label="Simulator controls">
              <span className="muted">Simulated device — act on it:</span>
              {snapshot.procedureId.startsWith('imu') ? (
                IMU_POSES.map((pose) => (
                  <button key={pose} type="button" onClick={() => simulate('SET schedule fixed', 'SET activity still', `SET pose ${pose}`)} data-testid={`sim-pose-${pose}`}>
                    Pose {pose} up
                  </button>
                ))
              ) : null}
              <button type="button" onClick={() => simulate('SET schedule fixed', 'SET activity still')} hidden={!snapshot.procedureId.startsWith('imu') && !snapshot.procedureId.startsWith('gyro')}>
                Hold still
              </button>
              {snapshot.procedureId.startsWith('enose') ? (
                <>
                  <button type="button" onClick={() => simulate('SET ppm 0')} data-testid="sim-clean-air">
                    Clean air
                  </button>
                  {/* Minutes of heater warm-up and baseline capture: the simulator can deliver them faster, device time unchanged. */}
                  <button type="button" onClick={() => simulate('SET speed 60')} data-testid="sim-fast-forward">
                    Fast-forward ×60
                  </button>
                  <button type="button" onClick={() => simulate('SET speed 1')}>
                    Real time
                  </button>
                </>
              ) : null}
            </div>
          ) : null}
        </div>
      ) : null}
      {snapshot.review && (snapshot.phase === 'review' || snapshot.phase === 'accepted') ? (
        <div className="wizard-review" data-testid="wizard-review">
          <h3>Review</h3>
          <p className={`outcome-${snapshot.review.outcome}`}>{snapshot.review.summary}</p>
          <table className="data-table">
            <TableHead columns={['Channel', 'Fit', 'Points', 'RMS residual', 'R²', 'Outcome']} />
            <tbody>
              {snapshot.review.channels.map((c) => (
                <tr key={c.channel} className={`outcome-${c.outcome}`}>
                  <td>{c.channel}</td>
                  <td>{c.model}</td>
                  <td>{c.points.length}</td>
                  <td>{c.rmsResidual === null ? '–' : `${c.rmsResidual.toPrecision(3)} ${c.unit}`}</td>
                  <td>{c.r2 === null ? '–' : c.r2.toFixed(5)}</td>
                  <td>{c.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {snapshot.phase === 'review' ? (
            <div className="form-row">
              <button type="button" className="big-button" disabled={snapshot.review.outcome === 'fail'} onClick={() => void api.call('calibration.accept', { runId: snapshot.runId }).catch(report)} data-testid="wizard-accept">
                Accept
              </button>
              <button type="button" onClick={() => void api.call('calibration.redo', { runId: snapshot.runId }).catch(report)} data-testid="wizard-redo">
                Redo
              </button>
            </div>
          ) : null}
          {snapshot.acceptedVersionId ? (
            <button
              type="button"
              onClick={() =>
                api
                  .call('calibration.certificate', { versionId: snapshot.acceptedVersionId as string })
                  .then(downloadFile, report)
              }
              data-testid="wizard-certificate"
            >
              Download certificate
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
