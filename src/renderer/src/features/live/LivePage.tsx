import { useMemo, useState, type ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { useDevices } from '../../hooks/useDevices';
import { useInference } from '../../hooks/useInference';
import { ModelPanel } from '../inference/ModelPanel';
import { RecordButton } from '../recordings/RecordButton';
import { useShortcuts } from '../../hooks/useShortcuts';
import { DeviceLivePanel } from './DeviceLivePanel';
import { LiveHealthPanel } from './LiveHealthPanel';
import { TestSignalPanel } from './TestSignalPanel';

/** Live plots of every open device with the data path's health; the test signal stands in until one is connected. */
export function LivePage(): ReactNode {
  const { devices } = useDevices();
  const { models, running } = useInference();
  const [paused, setPaused] = useState(false);
  useShortcuts(useMemo(() => (devices.length > 0 ? [{ key: ' ', action: () => setPaused((p) => !p) }] : []), [devices.length]));

  if (devices.length === 0) {
    return (
      <div className="page-stack">
        <EmptyState title="No device connected" testId="empty-live" next={<a href="#/devices">Open the Devices page (Alt+1) to connect a demo device or a serial port.</a>}>
          <p>Live plots of every connected device, prediction panels and the health of the data path appear here.</p>
        </EmptyState>
        <TestSignalPanel />
      </div>
    );
  }
  return (
    <div className="page-stack">
      <div className="toolbar">
        <button type="button" onClick={() => setPaused((p) => !p)} data-testid="live-pause" title="Pause or resume the view (Space); acquisition continues">
          {paused ? 'Resume view' : 'Pause view'}
        </button>
        {paused ? <span className="muted">View paused — devices keep streaming.</span> : null}
        <RecordButton />
      </div>
      <LiveHealthPanel devices={devices} models={running} />
      {devices.map((d) => (
        <DeviceLivePanel
          key={d.id}
          device={d}
          paused={paused}
          modelPanel={(source) => <ModelPanel device={d} models={models} status={running.find((r) => r.deviceId === d.id)} frames={{ source, channels: d.profile.channels }} />}
        />
      ))}
    </div>
  );
}
