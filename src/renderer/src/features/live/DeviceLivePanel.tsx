import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type uPlot from 'uplot';
import type { FrameBatch } from '../../../../shared/domain/frameBatch';
import { valuesPerFrame, type DeviceProfile, type FrameLayout } from '../../../../shared/domain/deviceProfile';
import type { DeviceInfo } from '../../../../shared/ipc/domains/devices';
import { api } from '../../bridge/api';
import { CalibrationBadge } from '../../components/CalibrationBadge';
import { channelColor } from '../../components/plot/channelColors';
import { PlotController } from '../../components/plot/plotController';
import { RollingPlot, type PlotFrame } from '../../components/plot/RollingPlot';
import { XYPlot, type XYTrail } from '../../components/plot/XYPlot';
import { formatRate, rateLevel } from '../devices/formatHealth';
import { LayoutControls } from './LayoutControls';
import type { LiveSource } from './liveSource';
import { LiveSeriesPlot } from './LiveSeriesPlot';
import { plotGroupsOf } from './plotGroups';
import type { ScrollBackRequest } from './scrollBack';
import { ScrollBackStatus } from './ScrollBackStatus';
import { tensorSeries } from './tensorSeries';
import { useLayout } from './useLayout';
import { useLiveSource } from './useLiveSource';

const PLOT_HEIGHT = 220;
/** Seconds of trail an XY plot shows. */
const XY_TRAIL_S = 2;

export interface DeviceLivePanelProps {
  readonly device: DeviceInfo;
  readonly paused: boolean;
  /** The model panel (chooser, predictions) shown under the device's header, given the device's live stream. */
  readonly modelPanel: (source: LiveSource) => ReactNode;
}

/**
 * A device's live view: one plot per channel group and unit (or the latest echo traces for a
 * waveform device), XY pairs, and the layout controls; arranged per profile and saved.
 */
export function DeviceLivePanel({ device, paused, modelPanel }: DeviceLivePanelProps): ReactNode {
  const { profile } = device;
  const handle = useLayout(profile.id);
  const { layout, update } = handle;
  const stats = useRef<HTMLSpanElement>(null);
  const open = useCallback((onBatch: (batch: FrameBatch) => void) => api.stream('devices.frames', { deviceId: device.id }, onBatch), [device.id]);
  const waveform = profile.frameLayout?.kind === 'waveform' ? profile.frameLayout : undefined;
  const tensor = profile.frameLayout?.kind === 'tensor' ? profile.frameLayout : undefined;
  const wholeFrames = waveform !== undefined || tensor !== undefined;
  const fetchHistory = useCallback((request: ScrollBackRequest) => api.call('recording.history', { deviceId: device.id, ...request }), [device.id]);
  const source = useLiveSource({
    open,
    // A waveform or tensor device's frame is a whole picture: keep a few, not a time window of them.
    windowS: wholeFrames ? 1 : layout.windowS,
    rateHz: profile.nominalRateHz,
    channelCount: valuesPerFrame(profile),
    paused,
    stats,
    // A waveform's picture is the latest frame only: there is nothing to scroll back to.
    fetchHistory: wholeFrames ? undefined : fetchHistory,
  });
  const groups = useMemo(() => plotGroupsOf(profile), [profile]);
  const h = device.health;
  const channelNames = useMemo(() => (wholeFrames ? [] : profile.channels.map((c) => c.name)), [profile, wholeFrames]);

  return (
    <section className="panel" aria-label={`Live: ${device.name}`} data-testid={`live-${device.id}`}>
      <header className="panel-header">
        <h2>{device.name}</h2>
        <span className={`status-pill state-${h.state}`}>{h.state}</span>
        <span className={`reading-inline level-${rateLevel(h)}`}>{formatRate(h)}</span>
        {device.identity ? <CalibrationBadge device={device} /> : null}
        <span className="panel-stats" ref={stats} data-testid="live-stats" />
      </header>
      {wholeFrames ? null : <LayoutControls handle={handle} groups={groups} channelNames={channelNames} testId="layout" />}
      {wholeFrames ? null : <ScrollBackStatus source={source} axis={layout.xAxis} windowS={layout.windowS} />}
      {modelPanel(source)}
      {waveform ? (
        <WaveformPlot source={source} profile={profile} samplesPerChannel={waveform.samplesPerChannel} sampleRateHz={waveform.sampleRateHz} />
      ) : tensor ? (
        <TensorSeriesPlot source={source} profile={profile} layout={tensor} />
      ) : (
        <>
          {groups
            .filter((g) => !layout.hiddenGroups.includes(g.key))
            .map((group) => (
              <LiveSeriesPlot
                key={group.key}
                source={source}
                group={group}
                layout={layout}
                onLayoutChange={update}
                yLabel={group.unit ? `${group.title} (${group.unit})` : group.title}
                height={PLOT_HEIGHT}
                exportName={profile.id}
                testId={`plot-${group.title}`}
              />
            ))}
          {layout.xyPairs.map((pair, i) => (
            <XYPanel key={`${pair.x}-${pair.y}-${i}`} source={source} profile={profile} pair={pair} onRemove={() => update((l) => ({ ...l, xyPairs: l.xyPairs.filter((_, j) => j !== i) }))} />
          ))}
        </>
      )}
    </section>
  );
}

function XYPanel({ source, profile, pair, onRemove }: { source: LiveSource; profile: DeviceProfile; pair: { x: string; y: string }; onRemove: () => void }): ReactNode {
  const xi = profile.channels.findIndex((c) => c.name === pair.x);
  const yi = profile.channels.findIndex((c) => c.name === pair.y);
  const drawn = useRef(-1);
  const pull = useCallback((): XYTrail | undefined => {
    if (source.version === drawn.current || xi < 0 || yi < 0) return undefined;
    drawn.current = source.version;
    const ring = source.view;
    const n = Math.min(ring.size, Math.ceil(XY_TRAIL_S * profile.nominalRateHz));
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      x[k] = ring.value(ring.size - n + k, xi);
      y[k] = ring.value(ring.size - n + k, yi);
    }
    return { x, y };
  }, [source, xi, yi, profile.nominalRateHz]);
  if (xi < 0 || yi < 0) return <p className="error-text">XY plot: this profile has no channel {xi < 0 ? pair.x : pair.y}.</p>;
  const label = (i: number): string => (profile.channels[i].unit ? `${profile.channels[i].name} (${profile.channels[i].unit})` : profile.channels[i].name);
  return (
    <figure className="live-plot">
      <div className="plot-toolbar">
        <span className="muted">
          XY: {pair.y} against {pair.x}, last {XY_TRAIL_S} s
        </span>
        <button type="button" onClick={onRemove} data-testid={`xy-remove-${pair.x}-${pair.y}`}>
          Remove
        </button>
      </div>
      <XYPlot xLabel={label(xi)} yLabel={label(yi)} height={PLOT_HEIGHT} pull={pull} colour={channelColor(yi, profile.channels[yi].colour)} testId={`xy-${pair.x}-${pair.y}`} />
    </figure>
  );
}

function WaveformPlot({ source, profile, samplesPerChannel, sampleRateHz }: { source: LiveSource; profile: DeviceProfile; samplesPerChannel: number; sampleRateHz: number }): ReactNode {
  const [controller] = useState(() => {
    const c = new PlotController();
    const durationMs = ((samplesPerChannel - 1) / sampleRateHz) * 1000;
    c.configure(durationMs, null);
    c.follow(0, durationMs);
    return c;
  });
  const series = useMemo(() => profile.channels.map((c) => ({ label: c.name, unit: c.unit, colour: c.colour, alarm: c.range })), [profile]);
  const drawn = useRef(-1);
  const pull = useCallback((): PlotFrame | undefined => {
    if (source.version === drawn.current) return undefined;
    drawn.current = source.version;
    const frame = source.view.latest() ?? new Float32Array(series.length * samplesPerChannel);
    const x = Float64Array.from({ length: samplesPerChannel }, (_, i) => (i / sampleRateHz) * 1000);
    const traces = series.map((_, c) => Array.from(frame.subarray(c * samplesPerChannel, (c + 1) * samplesPerChannel), (v) => (Number.isFinite(v) ? v : null)));
    return { data: [x, ...traces] as uPlot.AlignedData, decimated: false };
  }, [source, series, samplesPerChannel, sampleRateHz]);
  return (
    <RollingPlot
      series={series}
      xLabel="time since ping (ms)"
      yLabel={`echo envelope (${profile.channels[0]?.unit ?? ''})`}
      height={PLOT_HEIGHT + 60}
      controller={controller}
      pull={pull}
      testId="plot-waveform"
    />
  );
}

/**
 * The latest frame of a tensor device (a satellite patch time series): each band's mean over the
 * patch at every acquisition, masked (clouded) acquisitions left as gaps.
 */
function TensorSeriesPlot({ source, profile, layout }: { source: LiveSource; profile: DeviceProfile; layout: Extract<FrameLayout, { kind: 'tensor' }> }): ReactNode {
  const steps = layout.parts.find((p) => p.axes.includes('T') && p.axes.includes('C'));
  const stepCount = steps?.shape[steps.axes.indexOf('T')] ?? 0;
  const [controller] = useState(() => {
    const c = new PlotController();
    c.configure(Math.max(1, stepCount - 1), null);
    c.follow(1, stepCount);
    return c;
  });
  const series = useMemo(() => profile.channels.map((c) => ({ label: c.name, unit: c.unit, colour: c.colour, alarm: c.range })), [profile]);
  const caption = useRef<HTMLElement>(null);
  const drawn = useRef(-1);
  const pull = useCallback((): PlotFrame | undefined => {
    if (source.version === drawn.current) return undefined;
    drawn.current = source.version;
    const latest = source.view.latest();
    const reduced = latest ? tensorSeries(latest, layout) : undefined;
    if (caption.current) caption.current.textContent = reduced ? `${reduced.masked} of ${reduced.steps} acquisitions masked (cloud) — gaps` : 'Waiting for the first series…';
    const x = Float64Array.from({ length: stepCount }, (_, i) => i + 1);
    const traces = series.map((_, c) => Array.from({ length: stepCount }, (__, s) => {
      const v = reduced?.means[c]?.[s] ?? Number.NaN;
      return Number.isFinite(v) ? v : null;
    }));
    return { data: [x, ...traces] as uPlot.AlignedData, decimated: false };
  }, [source, series, layout, stepCount]);
  if (steps === undefined) return <p className="muted">This device's frames have no time and channel axes to plot.</p>;
  const unit = profile.channels[0]?.unit;
  return (
    <figure className="live-plot">
      <RollingPlot
        series={series}
        xLabel={`acquisition (1…${stepCount}, latest series)`}
        yLabel={`patch mean ${profile.channels[0]?.group ?? 'value'}${unit ? ` (${unit})` : ''}`}
        height={PLOT_HEIGHT + 60}
        controller={controller}
        pull={pull}
        testId="plot-tensor"
      />
      <figcaption className="muted" ref={caption} data-testid="tensor-caption" />
    </figure>
  );
}
