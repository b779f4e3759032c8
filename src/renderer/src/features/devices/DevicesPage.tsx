import { useState, type ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useDevices } from '../../hooks/useDevices';
import { PlaybackControls } from '../recordings/PlaybackControls';
import { ConnectPanel } from './ConnectPanel';
import { DeviceRow } from './DeviceRow';
import { ProfilesPanel } from './ProfilesPanel';

/** Devices: what can be connected, the live health of what is, and the device profiles. */
export function DevicesPage(): ReactNode {
  const { devices, error } = useDevices();
  const [actionError, setActionError] = useState<string | undefined>();
  const [profilesVersion, setProfilesVersion] = useState(0);
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
      <PlaybackControls devices={devices} onError={setActionError} />
      <ConnectPanel onError={setActionError} profilesVersion={profilesVersion} />
      <ProfilesPanel onError={setActionError} onChanged={() => setProfilesVersion((v) => v + 1)} />
    </div>
  );
}
