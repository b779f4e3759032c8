import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type uPlot from 'uplot';
import { valuesPerFrame } from '../../../../shared/domain/deviceProfile';
import type { DeviceInfo } from '../../../../shared/ipc/domains/devices';
import { api } from '../../bridge/api';
import { RollingPlot } from '../../components/plot/RollingPlot';
import { formatRate, rateLevel } from '../devices/formatHealth';
import { plotGroupsOf, type PlotGroup } from './plotGroups';
import { SeriesRing } from './seriesRing';

/** Seconds of history the live plots keep (at the device's nominal rate). */
const WINDOW_S = 10;
const PLOT_HEIGHT = 220;

export interface DeviceLivePanelProps {
  readonly device: DeviceInfo;
  readonly paused: boolean;
  /** The model panel (chooser, predictions) shown under the device's header. */
  readonly modelPanel: ReactNode;
}

/**
 * A device's live plots: one per channel group and unit, fed by the `devices.frames` stream
 * through a ring buffer; waveform devices (an echo ping) show their latest frame as traces.
 */
export function DeviceLivePanel({ device, paused, modelPanel }: DeviceLivePanelProps): ReactNode {
  const { profile } = device;
  const width = valuesPerFrame(profile);
  const ring = useRef(new SeriesRing(Math.max(100, profile.nominalRateHz * WINDOW_S), width));
  const version = useRef(0);
  const pausedRef = useRef(paused);
  const stats = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    pausedRef.current = paused;
  }, [paused]);

  useEffect(() => {
    ring.current = new SeriesRing(Math.max(100, profile.nominalRateHz * WINDOW_S), width);
    return api.stream('devices.frames', { deviceId: device.id }, (batch) => {
      ring.current.push(batch);
      version.current += 1;
      const el = stats.current;
      if (el) {
        el.dataset['received'] = String(ring.current.received);
        el.dataset['lastSeq'] = String(ring.current.lastSeq);
        el.dataset['gaps'] = String(ring.current.gaps);
        el.textContent = `${ring.current.received.toLocaleString()} frames · seq ${ring.current.lastSeq}`;
      }
    });
  }, [device.id, profile.nominalRateHz, width]);

  const groups = useMemo(() => plotGroupsOf(profile), [profile]);
  const layout = profile.frameLayout;
  const h = device.health;

  return (
    <section className="panel" aria-label={`Live: ${device.name}`} data-testid={`live-${device.id}`}>
      <header className="panel-header">
        <h2>{device.name}</h2>
        <span className={`status-pill state-${h.state}`}>{h.state}</span>
        <span className={`reading-inline level-${rateLevel(h)}`}>{formatRate(h)}</span>
        <span className="panel-stats" ref={stats} data-testid="live-stats" />
      </header>
      {modelPanel}
      {layout?.kind === 'waveform' ? (
        <WaveformPlot
          ring={ring}
          version={version}
          pausedRef={pausedRef}
          series={profile.channels.map((c) => ({ label: c.name, unit: c.unit }))}
          samplesPerChannel={layout.samplesPerChannel}
          sampleRateHz={layout.sampleRateHz}
          unit={profile.channels[0]?.unit ?? ''}
        />
      ) : (
        groups.map((group) => <GroupPlot key={group.key} group={group} ring={ring} version={version} pausedRef={pausedRef} />)
      )}
    </section>
  );
}

interface PlotSourceProps {
  readonly ring: React.RefObject<SeriesRing>;
  readonly version: React.RefObject<number>;
  readonly pausedRef: React.RefObject<boolean>;
}

/** Pulls new data for one plot only when frames arrived since its last draw and the view is live. */
function useFreshData(props: PlotSourceProps, build: (ring: SeriesRing) => uPlot.AlignedData): () => uPlot.AlignedData | undefined {
  const drawn = useRef(-1);
  const { ring, version, pausedRef } = props;
  return useCallback(() => {
    if (pausedRef.current || version.current === drawn.current) return undefined;
    drawn.current = version.current;
    return build(ring.current);
  }, [ring, version, pausedRef, build]);
}

function GroupPlot({ group, ...source }: PlotSourceProps & { readonly group: PlotGroup }): ReactNode {
  const build = useCallback((ring: SeriesRing) => ring.snapshot(group.columns) as uPlot.AlignedData, [group]);
  const pull = useFreshData(source, build);
  return (
    <RollingPlot
      series={group.series}
      xLabel="device time (s)"
      yLabel={group.unit ? `${group.title} (${group.unit})` : group.title}
      height={PLOT_HEIGHT}
      pull={pull}
      testId={`plot-${group.title}`}
    />
  );
}

interface WaveformPlotProps extends PlotSourceProps {
  readonly series: readonly { label: string; unit: string }[];
  readonly samplesPerChannel: number;
  readonly sampleRateHz: number;
  readonly unit: string;
}

function WaveformPlot({ series, samplesPerChannel, sampleRateHz, unit, ...source }: WaveformPlotProps): ReactNode {
  const build = useCallback(
    (ring: SeriesRing): uPlot.AlignedData => {
      const frame = ring.latest() ?? new Float32Array(series.length * samplesPerChannel);
      const x = Float64Array.from({ length: samplesPerChannel }, (_, i) => (i / sampleRateHz) * 1000);
      const traces = series.map((_, c) => Array.from(frame.subarray(c * samplesPerChannel, (c + 1) * samplesPerChannel), (v) => (Number.isFinite(v) ? v : null)));
      return [x, ...traces];
    },
    [series, samplesPerChannel, sampleRateHz],
  );
  const pull = useFreshData(source, build);
  return (
    <RollingPlot
      series={series}
      xLabel="time since ping (ms)"
      yLabel={`echo envelope (${unit})`}
      height={PLOT_HEIGHT + 60}
      pull={pull}
      testId="plot-waveform"
    />
  );
}
