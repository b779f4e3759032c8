import { useState, type ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useDevices } from '../../hooks/useDevices';
import { ConnectPanel } from './ConnectPanel';
import { DeviceRow } from './DeviceRow';

/** Devices: what can be connected, and the live health of what is. */
export function DevicesPage(): ReactNode {
  const { devices, error } = useDevices();
  const [actionError, setActionError] = useState<string | undefined>();
  return (
    <div className="page-stack">
      {actionError || error ? (
        <p className="error-banner" role="alert" data-testid="devices-error">
          {actionError ?? error}
        </p>
      ) : null}
      {devices.length === 0 ? (
        <EmptyState title="No device open" testId="empty-devices">
          <p>Connect one of the built-in demo devices below, or a serial device (an Arduino, an IMU, an e-nose board…).</p>
        </EmptyState>
      ) : (
        devices.map((d) => <DeviceRow key={d.id} device={d} onError={setActionError} />)
      )}
      <ConnectPanel onError={setActionError} />
    </div>
  );
}
