import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { MethodInput } from '../../../../shared/ipc/contract';
import type { ProfileSummary, SerialPortInfo } from '../../../../shared/ipc/domains/devices';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';

interface Available {
  readonly ports: SerialPortInfo[];
  readonly profiles: ProfileSummary[];
  readonly warning: string | null;
}

function describePort(port: SerialPortInfo): string {
  const ids = port.vendorId && port.productId ? ` ${port.vendorId}:${port.productId}` : '';
  const who = [port.manufacturer, port.serialNumber ? `SN ${port.serialNumber}` : null].filter(Boolean).join(', ');
  return `${port.path}${ids}${who ? ` — ${who}` : ''}`;
}

/**
 * Opening devices: the built-in simulators and demo datasets, any serial port (listed, or typed,
 * e.g. a pty), and dataset files streamed as a device. `profilesVersion` changes when the
 * operator's profiles do, so the lists follow.
 */
export function ConnectPanel({ onError, profilesVersion }: { readonly onError: (message: string | undefined) => void; readonly profilesVersion: number }): ReactNode {
  const [available, setAvailable] = useState<Available | undefined>();
  const [path, setPath] = useState('');
  const [profileId, setProfileId] = useState('');
  const [busy, setBusy] = useState(false);
  const [baudRate, setBaudRate] = useState(115200);
  const [sniffed, setSniffed] = useState<string | undefined>();
  const [datasetPath, setDatasetPath] = useState('');
  /** Empty: the profile the dataset names. */
  const [datasetProfileId, setDatasetProfileId] = useState('');

  const refresh = useCallback(() => {
    api.call('devices.available', {}).then(
      (a) => {
        setAvailable(a);
        setProfileId((current) => current || (a.profiles.find((p) => p.protocol !== 'dataset')?.id ?? ''));
      },
      (e: unknown) => onError(messageOf(e)),
    );
  }, [onError]);
  useEffect(refresh, [refresh, profilesVersion]);
  // Hot-plug: a port appearing or going away refreshes the list at once.
  useEffect(() => api.on('devices.portsChanged', refresh), [refresh]);

  const connect = (spec: MethodInput<'devices.connect'>): void => {
    setBusy(true);
    onError(undefined);
    api
      .call('devices.connect', spec)
      .catch((e: unknown) => onError(messageOf(e)))
      .finally(() => setBusy(false));
  };

  // The demo devices: a simulator for every streaming profile (the operator's copies too), and the
  // shipped dataset devices with their built-in demo dataset.
  const demos = available?.profiles.filter((p) => p.simulated || (p.origin === 'shipped' && p.protocol === 'dataset')) ?? [];
  const serialProfiles = available?.profiles.filter((p) => p.protocol !== 'dataset') ?? [];

  return (
    <section className="panel" aria-labelledby="connect-title">
      <header className="panel-header">
        <h2 id="connect-title">Connect a device</h2>
        <button type="button" onClick={refresh} data-testid="ports-refresh" title="Scan serial ports again">
          Refresh ports
        </button>
      </header>
      <h3 className="subhead">Built-in demo devices</h3>
      <ul className="card-list" data-testid="demo-devices">
        {demos.map((p) => (
          <li key={p.id} className="card">
            <div className="card-title">{p.displayName}</div>
            <div className="muted">
              {p.channelCount} channels · {p.nominalRateHz} Hz · {p.protocol}
            </div>
            {p.protocol === 'dataset' ? (
              <button type="button" disabled={busy} title="Stream the built-in demo dataset (generated on first use)" onClick={() => connect({ kind: 'dataset', profileId: p.id })} data-testid={`connect-dataset-${p.id}`}>
                Open demo dataset
              </button>
            ) : (
              <button type="button" disabled={busy} onClick={() => connect({ kind: 'simulator', profileId: p.id })} data-testid={`connect-sim-${p.id}`}>
                Connect simulator
              </button>
            )}
          </li>
        ))}
      </ul>
      <h3 className="subhead">Serial port</h3>
      {available?.warning ? <p className="muted" data-testid="ports-warning">{available.warning}</p> : null}
      {available && available.ports.length === 0 ? (
        <p className="muted">No serial ports found. Plug a device in and press Refresh, or type a path (e.g. a pty from “sensor-console sim serve”).</p>
      ) : null}
      <div className="form-row">
        <input
          list="port-paths"
          placeholder="/dev/ttyUSB0"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          aria-label="Port path"
          data-testid="port-path"
        />
        <datalist id="port-paths">
          {available?.ports.map((p) => (
            <option key={p.path} value={p.stablePath ?? p.path}>
              {describePort(p)}
            </option>
          ))}
        </datalist>
        <select value={profileId} onChange={(e) => setProfileId(e.target.value)} aria-label="Device profile" data-testid="port-profile">
          {serialProfiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </select>
        <select value={baudRate} onChange={(e) => setBaudRate(Number(e.target.value))} aria-label="Baud rate for auto-detect" data-testid="sniff-baud">
          {[9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600].map((b) => (
            <option key={b} value={b}>
              {b} baud
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={busy || path.trim() === ''}
          title="Listen to the device for a moment (nothing is sent) and propose its format and profile"
          onClick={() => {
            setBusy(true);
            setSniffed('Listening…');
            api
              .call('devices.sniff', { path: path.trim(), baudRate })
              .then((r) => {
                if (r.matchingProfiles[0]) setProfileId(r.matchingProfiles[0]);
                setSniffed(
                  r.protocol === 'unknown'
                    ? `Could not tell the format: ${r.reason ?? 'unknown'}`
                    : `${r.protocol} frames, ${r.channels.length} channel(s) (${Math.round(r.confidence * 100)} % sure) from ${r.bytesHeard} bytes${r.matchingProfiles.length ? ` — matches ${r.matchingProfiles.join(', ')}` : ' — no profile matches; copy a similar one under Device profiles and edit it'}`,
                );
              })
              .catch((e: unknown) => onError(messageOf(e)))
              .finally(() => setBusy(false));
          }}
          data-testid="sniff"
        >
          Auto-detect
        </button>
        <button
          type="button"
          disabled={busy || path.trim() === '' || profileId === ''}
          onClick={() => connect({ kind: 'serial', path: path.trim(), profileId })}
          data-testid="connect-serial"
        >
          Connect
        </button>
      </div>
      {sniffed ? (
        <p className="muted" data-testid="sniff-result">
          {sniffed}
        </p>
      ) : null}
      <h3 className="subhead">Open dataset…</h3>
      <div className="form-row">
        <input
          placeholder="/path/to/dataset (folder with meta.json, or a .csv)"
          value={datasetPath}
          onChange={(e) => setDatasetPath(e.target.value)}
          aria-label="Dataset path"
          data-testid="dataset-path"
        />
        <select value={datasetProfileId} onChange={(e) => setDatasetProfileId(e.target.value)} aria-label="Dataset device profile" data-testid="dataset-profile">
          <option value="">Profile named by the dataset</option>
          {available?.profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={busy || datasetPath.trim() === ''}
          onClick={() => connect({ kind: 'dataset', path: datasetPath.trim(), ...(datasetProfileId ? { profileId: datasetProfileId } : {}) })}
          data-testid="connect-dataset"
        >
          Stream dataset
        </button>
      </div>
    </section>
  );
}
