import { useEffect, useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import type { HistoryEntry } from '../../../../shared/domain/registry';
import { api } from '../../bridge/api';
import { channelColor } from '../../components/plot/channelColors';
import { barAt, buildTimeline, formatTick, timeTicks, type MarkerKind, type TimelineLane } from './deploymentTimeline';

const WIDTH = 1000;
const LABEL_W = 190;
const LANE_H = 32;
/** Markers sit in a strip above the bars, so neither covers the other for hover and click. */
const MARKER_BASELINE = 12;
const BAR_TOP = 16;
const AXIS_H = 34;
const PLOT_W = WIDTH - LABEL_W - 12;

const MARKER_STYLE: Record<MarkerKind, { readonly symbol: string; readonly color: string; readonly name: string }> = {
  import: { symbol: '▲', color: 'var(--accent)', name: 'import' },
  'import-failed': { symbol: '✕', color: 'var(--bad)', name: 'import refused' },
  'gate-passed': { symbol: '●', color: 'var(--ok)', name: 'gate passed' },
  'gate-failed': { symbol: '●', color: 'var(--bad)', name: 'gate failed' },
  override: { symbol: '◆', color: 'var(--warn)', name: 'gate override' },
  activate: { symbol: '▼', color: 'var(--text)', name: 'activation' },
  'activate-failed': { symbol: '✕', color: 'var(--bad)', name: 'activation failed' },
  rollback: { symbol: '↺', color: 'var(--warn)', name: 'rollback' },
  'auto-rollback': { symbol: '↺', color: 'var(--bad)', name: 'automatic rollback' },
};

/** A stable colour per version, so one version looks the same in every lane. */
function versionColor(versionId: string): string {
  return channelColor(parseInt(versionId.slice(0, 6), 16) % 10);
}

function entryText(entry: HistoryEntry): string {
  return `${new Date(entry.time).toLocaleString()} · ${entry.action}${entry.versionLabel ? ` ${entry.versionLabel}` : ''}${entry.profileId ? ` on ${entry.profileId}` : ''}${entry.deviceId ? ` (${entry.deviceId})` : ''} · ${entry.actor}: ${entry.reason}`;
}

/**
 * The deployment history on a time axis: which version held each alias and ran on each device
 * when, with imports, gate results, overrides and rollbacks marked. Click a time to read every
 * lane at that moment; hover or click a bar or marker for its history entry.
 */
export function DeploymentTimeline({ history, now }: { readonly history: readonly HistoryEntry[]; readonly now: number }): ReactNode {
  const timeline = useMemo(() => buildTimeline(history, now), [history, now]);
  const [cursor, setCursor] = useState<number | undefined>();
  const [selected, setSelected] = useState<HistoryEntry | undefined>();
  if (timeline.lanes.length === 0) {
    return (
      <p className="muted" data-testid="timeline-empty">
        No deployments to draw yet. Import a package and activate it: the timeline then shows which version ran on each device profile, and when.
      </p>
    );
  }
  const { start } = timeline;
  // A little room after "now", so the latest marker and the open bars' ends stay visible.
  const end = timeline.end + (timeline.end - start) * 0.03;
  const x = (t: number): number => LABEL_W + ((t - start) / (end - start)) * PLOT_W;
  const { ticks, unit } = timeTicks(start, end);
  const height = timeline.lanes.length * LANE_H + AXIS_H;
  const pick = (event: MouseEvent<SVGSVGElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * WIDTH;
    if (px < LABEL_W) return;
    setCursor(start + ((px - LABEL_W) / PLOT_W) * (end - start));
  };
  // The click also reaches the SVG, which moves the cursor there.
  const choose = (entry: HistoryEntry) => () => setSelected(entry);
  return (
    <div className="timeline" data-testid="registry-timeline">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label="Deployment timeline" onClick={pick}>
        {ticks.map((t) => (
          <line key={t} x1={x(t)} x2={x(t)} y1={0} y2={height - AXIS_H} className="timeline-grid" />
        ))}
        {timeline.lanes.map((lane, i) => (
          <g key={lane.key} transform={`translate(0 ${i * LANE_H})`} data-testid={`timeline-lane-${lane.key}`} data-title={lane.title}>
            <text x={6} y={LANE_H / 2 + 4} className="timeline-label">
              {lane.title}
            </text>
            {lane.bars.map((bar) => (
              <rect
                key={`${bar.start}-${bar.versionId}`}
                x={x(bar.start)}
                y={BAR_TOP}
                width={Math.max(2, x(bar.end) - x(bar.start))}
                height={LANE_H - BAR_TOP - 3}
                rx={3}
                fill={versionColor(bar.versionId)}
                className={bar.open ? 'timeline-bar timeline-bar-open' : 'timeline-bar'}
                data-testid="timeline-bar"
                data-label={bar.label}
                data-open={bar.open}
                onClick={choose(bar.entry)}
              >
                <title>{`${bar.label}: ${new Date(bar.start).toLocaleString()} – ${bar.open ? 'now' : new Date(bar.end).toLocaleString()}`}</title>
              </rect>
            ))}
            {lane.markers.map((marker) => (
              <text
                key={marker.entry.id}
                x={x(marker.time)}
                y={MARKER_BASELINE}
                textAnchor="middle"
                fill={MARKER_STYLE[marker.kind].color}
                className="timeline-marker"
                data-testid="timeline-marker"
                data-kind={marker.kind}
                onClick={choose(marker.entry)}
              >
                {MARKER_STYLE[marker.kind].symbol}
                <title>{`${MARKER_STYLE[marker.kind].name} — ${entryText(marker.entry)}`}</title>
              </text>
            ))}
          </g>
        ))}
        <g transform={`translate(0 ${height - AXIS_H})`} className="timeline-axis">
          <line x1={LABEL_W} x2={LABEL_W + PLOT_W} y1={0} y2={0} />
          {ticks.map((t) => (
            <text key={t} x={x(t)} y={14} textAnchor="middle">
              {formatTick(t, unit)}
            </text>
          ))}
          <text x={LABEL_W + PLOT_W} y={29} textAnchor="end" className="muted">
            time (local, {unit === 'seconds' ? 'hh:mm:ss' : unit === 'minutes' ? 'hh:mm' : 'date'})
          </text>
        </g>
        {cursor !== undefined ? <line x1={x(cursor)} x2={x(cursor)} y1={0} y2={height - AXIS_H} className="timeline-cursor" /> : null}
      </svg>
      <div className="timeline-legend muted">
        {Object.values(MARKER_STYLE).map((m) => (
          <span key={m.name}>
            <span style={{ color: m.color }}>{m.symbol}</span> {m.name}
          </span>
        ))}
      </div>
      {cursor !== undefined ? <CursorReadout lanes={timeline.lanes} time={cursor} /> : <p className="muted">Click the timeline to see what was live everywhere at that moment.</p>}
      {selected ? <p data-testid="timeline-detail">{entryText(selected)}</p> : null}
    </div>
  );
}

/**
 * What held each lane at the cursor. Devices are asked of the registry (`registry.liveAt`), which
 * reads the whole history rather than the entries this page loaded.
 */
function CursorReadout({ lanes, time }: { readonly lanes: readonly TimelineLane[]; readonly time: number }): ReactNode {
  const [live, setLive] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let current = true;
    const devices = lanes.filter((l) => l.deviceId !== undefined);
    Promise.all(devices.map((l) => api.call('registry.liveAt', { deviceId: l.deviceId ?? '', time: new Date(time).toISOString() }).then((e) => [l.key, e?.versionLabel ?? 'nothing'] as const)))
      .then((answers) => current && setLive(new Map(answers)))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [lanes, time]);
  return (
    <p data-testid="timeline-readout">
      At {new Date(time).toLocaleString()}:{' '}
      {lanes
        .filter((l) => l.kind !== 'registry')
        .map((l) => `${l.title}: ${(l.deviceId !== undefined ? live.get(l.key) : undefined) ?? barAt(l, time)?.label ?? 'nothing'}`)
        .join(' · ')}
    </p>
  );
}
