import type { ReactNode } from 'react';
import type { DeviceCalibrationStatus } from '../../../shared/domain/calibration';
import { useCalibrationStatuses, type CalibratedDevice } from '../hooks/useCalibrationStatuses';

function describe(status: DeviceCalibrationStatus): string {
  const expiry = status.expiresAt ? ` · expires ${new Date(status.expiresAt).toLocaleDateString()}` : '';
  return `calibration: ${status.status}${status.version ? ` v${status.version}` : ''}${expiry}`;
}

/** A device's calibration state as a pill linking to its Calibration page (worst channel decides). */
export function CalibrationBadge({ device }: { readonly device: CalibratedDevice }): ReactNode {
  const status = useCalibrationStatuses([device]).get(device.id);
  if (status === undefined) return null;
  const title = status ? status.channels.map((c) => `${c.channel}: ${c.status}`).join('\n') : 'Calibrations belong to a device identity; this one has not reported its serial number.';
  return (
    <a href="#/calibration" className={`status-pill cal-${status?.status ?? 'unknown'}`} title={title} data-testid="calibration-badge">
      {status ? describe(status) : 'calibration: device not identified'}
    </a>
  );
}

const SEVERITY: Readonly<Record<DeviceCalibrationStatus['status'], number>> = { calibrated: 0, warming: 1, expiring: 2, uncalibrated: 3, expired: 4 };

/** The status bar's summary: the worst calibration state among the open devices, each listed in the tooltip. */
export function CalibrationSummary({ devices }: { readonly devices: readonly (CalibratedDevice & { readonly name: string })[] }): ReactNode {
  const statuses = useCalibrationStatuses(devices);
  const known = devices.flatMap((d) => {
    const s = statuses.get(d.id);
    return s ? [{ name: d.name, status: s }] : [];
  });
  if (known.length === 0) return null;
  const worst = known.reduce((a, b) => (SEVERITY[b.status.status] > SEVERITY[a.status.status] ? b : a));
  const count = known.filter((k) => k.status.status === worst.status.status).length;
  return (
    <a
      href="#/calibration"
      className={`status-pill cal-${worst.status.status}`}
      title={known.map((k) => `${k.name}: ${describe(k.status)}`).join('\n')}
      data-testid="status-calibration"
    >
      cal: {worst.status.status === 'calibrated' ? `all ${known.length} calibrated` : `${count} of ${known.length} ${worst.status.status}`}
    </a>
  );
}
