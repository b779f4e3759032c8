import { useEffect, useState, type ReactNode } from 'react';
import type { ProcedureSummary, WizardSnapshot } from '../../../../shared/domain/calibrationWizard';
import { api } from '../../bridge/api';
import { EmptyState } from '../../components/EmptyState';
import { useCalibrationStatuses } from '../../hooks/useCalibrationStatuses';
import { useDevices } from '../../hooks/useDevices';
import { CalibrationHistoryPanel } from './CalibrationHistoryPanel';
import { WizardView } from './WizardView';
import { messageOf } from '../../bridge/messageOf';
import { ErrorAlert } from '../../components/ActionMessage';

/** Calibration: a device's calibration state, its procedures, and the wizard for the one running. */
export function CalibrationPage(): ReactNode {
  const { devices } = useDevices();
  const [deviceId, setDeviceId] = useState('');
  const [operator, setOperator] = useState('');
  const [procedures, setProcedures] = useState<ProcedureSummary[]>([]);
  const [wizard, setWizard] = useState<WizardSnapshot | undefined>();
  const [error, setError] = useState<string | undefined>();
  const device = devices.find((d) => d.id === deviceId) ?? devices[0];
  const report = (e: unknown): void => setError(messageOf(e));

  useEffect(() => api.on('calibration.wizard', (s) => setWizard((current) => (current === undefined || current.runId === s.runId ? s : current))), []);
  // The station's operator (Settings) is who calibrates, unless someone else types their name.
  useEffect(() => {
    api.call('station.operator', {}).then((o) => setOperator((typed) => typed || o.name), () => undefined);
  }, []);
  const openId = device?.id;
  // Asked again when the device says who it is: procedures and calibrations go by its identity.
  const identity = device?.identity;
  const status = useCalibrationStatuses(device ? [device] : []).get(openId ?? '') ?? null;
  useEffect(() => {
    if (openId === undefined) return;
    let alive = true;
    api.call('calibration.procedures', { deviceId: openId }).then((p) => alive && setProcedures(p), report);
    // A wizard left running (the operator looked at another page meanwhile) is shown again.
    api.call('calibration.openOn', { deviceId: openId }).then((open) => alive && open && setWizard(open), () => undefined);
    return () => {
      alive = false;
    };
  }, [openId, identity]);

  if (!device) {
    return (
      <EmptyState title="No device open" testId="empty-calibration" next={<a href="#/devices">Connect a device on the Devices page (Alt+1).</a>}>
        <p>Calibration procedures are offered for the open device: zero offsets, spans, IMU 6-position, e-nose baseline, echo delays, augmenter drift.</p>
      </EmptyState>
    );
  }

  const start = (procedure: ProcedureSummary): void => {
    if (!procedure.defaults) return;
    setError(undefined);
    api.call('calibration.start', { deviceId: device.id, operator: operator.trim(), options: procedure.defaults }).then(setWizard, report);
  };

  return (
    <div className="page-stack">
      <section className="panel" aria-labelledby="calibration-title">
        <header className="panel-header">
          <h2 id="calibration-title">Calibration</h2>
          <select value={device.id} onChange={(e) => setDeviceId(e.target.value)} aria-label="Device" data-testid="calibration-device">
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          <label>
            Operator <input value={operator} onChange={(e) => setOperator(e.target.value)} placeholder="your name" data-testid="calibration-operator" />
          </label>
          <span className={`status-pill cal-${status?.status ?? 'unknown'}`} data-testid="calibration-status">
            {status ? `${status.status}${status.version ? ` (v${status.version})` : ''}` : device.identity ? 'uncalibrated' : 'waiting for the device to identify'}
          </span>
        </header>
        {status && status.channels.length > 0 ? (
          <ul className="channel-badges" data-testid="calibration-channels">
            {status.channels.map((c) => (
              <li key={c.channel} className={`cal-${c.status}`}>
                {c.channel}: {c.status}
              </li>
            ))}
          </ul>
        ) : null}
        <ErrorAlert message={error} />
        <ul className="card-list" data-testid="calibration-procedures">
          {procedures.map((p) => (
            <li key={p.id} className="card">
              <div className="card-title">{p.name}</div>
              <div className="muted">{p.description}</div>
              {p.applicable ? null : <div className="muted">{p.reason}</div>}
              <button type="button" disabled={!p.applicable || !p.defaults || operator.trim() === '' || wizard?.phase === 'running'} onClick={() => start(p)} data-testid={`calibration-start-${p.id}`} title={operator.trim() === '' ? 'Enter the operator first' : undefined}>
                Start
              </button>
            </li>
          ))}
        </ul>
      </section>
      {wizard ? <WizardView snapshot={wizard} simulated={device.source.kind === 'simulator'} onError={setError} /> : null}
      {status ? <CalibrationHistoryPanel status={status} operator={operator.trim()} /> : null}
    </div>
  );
}
