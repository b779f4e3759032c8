import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type uPlot from 'uplot';
import type { LiveLayout, XAxisSource, YAxisMode } from '../../../../shared/ipc/domains/layouts';
import { CursorReadout } from '../../components/plot/CursorReadout';
import type { CursorSample } from '../../components/plot/cursorDeltas';
import { PlotController } from '../../components/plot/plotController';
import { drawLatencyRecorder } from '../../components/plot/drawLatencyProbe';
import { PlotToolbar } from '../../components/plot/PlotToolbar';
import { RollingPlot, type PlotFrame, type RollingPlotSeries } from '../../components/plot/RollingPlot';
import { downloadText } from '../../components/downloadText';
import { formatVisibleRangeCsv } from '../../components/plot/visibleRangeCsv';
import type { DecimationResult } from '../../workers/decimationProtocol';
import type { LiveSource } from './liveSource';
import type { PlotGroup } from './plotGroups';

export interface LiveSeriesPlotProps {
  readonly source: LiveSource;
  readonly group: PlotGroup;
  readonly layout: LiveLayout;
  readonly onLayoutChange: (change: (layout: LiveLayout) => LiveLayout) => void;
  readonly yLabel: string;
  readonly height: number;
  /** Start of the exported file's name (device or stream). */
  readonly exportName: string;
  readonly onDraw?: (points: number, lastX: number) => void;
  readonly testId?: string;
}

/** Axis titles per time source. */
export const X_LABELS: Record<XAxisSource, string> = { device: 'device time (s)', host: 'host time' };

/**
 * One plot group of a live stream with every view tool: the plot (undecimated while the visible
 * range fits the point budget, min/max-decimated by the worker beyond it), its toolbar, the A/B
 * readout and the visible-range CSV export. Operator choices go into the layout.
 */
export function LiveSeriesPlot({ source, group, layout, onLayoutChange, yLabel, height, exportName, onDraw, testId }: LiveSeriesPlotProps): ReactNode {
  const [controller] = useState(() => new PlotController());
  const xAxis = layout.xAxis;
  const yAxis: YAxisMode = useMemo(() => layout.yAxes[group.key] ?? { mode: 'auto' }, [layout.yAxes, group.key]);

  useEffect(() => {
    controller.configure(layout.windowS, yAxis.mode === 'fixed' ? [yAxis.min, yAxis.max] : null);
  }, [controller, layout.windowS, yAxis]);

  const series = useMemo<RollingPlotSeries[]>(
    () => group.series.map((s) => ({ ...s, colour: layout.colours[s.label] ?? s.colour })),
    [group, layout.colours],
  );
  const hiddenNames = layout.hiddenChannels;
  const hidden = useMemo(() => group.series.map((s) => hiddenNames.includes(s.label)), [group, hiddenNames]);
  const pull = useViewData(source, controller, group.columns, xAxis, layout.maxPoints);
  const [recordLatency] = useState(drawLatencyRecorder);
  const handleDraw = useMemo(
    () =>
      recordLatency
        ? (points: number, lastX: number) => {
            onDraw?.(points, lastX);
            recordLatency(source.view.nearest(xAxis, lastX)?.hostTimeMs ?? Number.NaN);
          }
        : onDraw,
    [recordLatency, onDraw, source, xAxis],
  );

  const onSeriesToggle = useCallback(
    (index: number, shown: boolean) => {
      const name = group.series[index].label;
      onLayoutChange((l) => ({ ...l, hiddenChannels: shown ? l.hiddenChannels.filter((n) => n !== name) : [...new Set([...l.hiddenChannels, name])] }));
    },
    [group, onLayoutChange],
  );
  const onColourPick = useCallback(
    (index: number, colour: string) => onLayoutChange((l) => ({ ...l, colours: { ...l.colours, [group.series[index].label]: colour } })),
    [group, onLayoutChange],
  );
  const onYAxisChange = useCallback((mode: YAxisMode) => onLayoutChange((l) => ({ ...l, yAxes: { ...l.yAxes, [group.key]: mode } })), [group, onLayoutChange]);

  const visible = group.series.map((s, j) => ({ ...s, column: group.columns[j] })).filter((_, j) => !hidden[j]);
  const onExport = (): void => {
    const ring = source.view;
    const [xMin, xMax] = controller.xRange();
    const [start, end] = ring.indexRange(xAxis, xMin, xMax);
    const csv = formatVisibleRangeCsv(
      { seq: (k) => ring.sample(k, xAxis).seq, deviceTimeS: (k) => ring.sample(k, xAxis).deviceTimeS, hostTimeMs: (k) => ring.sample(k, xAxis).hostTimeMs, value: (k, c) => ring.value(k, c) },
      start,
      end,
      visible.map((s) => ({ name: s.label, unit: s.unit, column: s.column })),
    );
    downloadText(`${exportName}-${group.title}-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`, 'text/csv', csv);
  };
  const sampleAt = (x: number): CursorSample | undefined => {
    const ring = source.view;
    const sample = ring.nearest(xAxis, x);
    return sample && { x: sample.x, values: visible.map((s) => ring.value(sample.index, s.column)) };
  };
  const suggestedY = useMemo(() => suggestedRange(group), [group]);

  return (
    <figure className="live-plot" data-testid={testId ? `${testId}-figure` : undefined}>
      <PlotToolbar controller={controller} yAxis={yAxis} suggestedY={suggestedY} onYAxisChange={onYAxisChange} onExport={onExport} testId={testId} />
      <RollingPlot
        series={series}
        hidden={hidden}
        xLabel={X_LABELS[xAxis]}
        yLabel={yLabel}
        xTime={xAxis === 'host'}
        height={height}
        controller={controller}
        pull={pull}
        onDraw={handleDraw}
        onSeriesToggle={onSeriesToggle}
        onColourPick={onColourPick}
        testId={testId}
      />
      <CursorReadout controller={controller} sampleAt={sampleAt} series={visible} formatX={(x) => formatX(xAxis, x)} testId={testId ? `${testId}-readout` : undefined} />
    </figure>
  );
}

/**
 * The plot's data source: the visible range straight from the ring while it fits the point budget
 * (every sample drawn), else the worker's min/max decimation of it (one request in flight at a
 * time; the plot keeps the previous picture until the answer arrives). A paused view panned or
 * zoomed out past the ring's oldest frame asks the scroll-back for the recorded history before it
 * and draws that in front.
 */
function useViewData(source: LiveSource, controller: PlotController, columns: readonly number[], xAxis: XAxisSource, maxPoints: number | null): RollingPlotPull {
  const state = useRef({ drawnKey: '', inFlight: false, ready: undefined as PlotFrame | undefined });
  return useCallback(
    (widthPx: number, viewChanged: boolean) => {
      const s = state.current;
      const ready = s.ready;
      s.ready = undefined;
      const key = `${source.version}/${controller.version}/${columns.join(',')}/${xAxis}/${maxPoints}/${Math.round(widthPx)}`;
      // A chart re-created (a series or colour change) starts empty: feed it even if the data did not change — a paused view would stay blank.
      if (key === s.drawnKey && !viewChanged) return ready;
      const ring = source.view;
      const firstX = ring.size > 0 ? ring.x(0, xAxis) : Number.NaN;
      controller.follow(firstX, ring.lastX(xAxis));
      const [xMin, xMax] = controller.xRange();
      const [start, end] = ring.indexRange(xAxis, xMin, xMax);
      const budget = maxPoints ?? Math.max(200, Math.round(2 * widthPx));
      const history = source.paused ? source.history : null;
      if (history && xMin < firstX) history.want({ axis: xAxis, from: xMin, to: firstX, maxPointsPerSeries: budget });
      const older = history?.slice(xAxis, columns, xMin, xMax);
      if (end - start <= budget || !source.canDecimate) {
        s.drawnKey = key;
        // One sample beyond each edge, so traces run to the frame.
        const data = ring.snapshot(columns, xAxis, Math.max(0, start - 1), Math.min(ring.size, end + 1));
        return { data: prepend(older, data), decimated: older !== undefined };
      }
      if (s.inFlight) return ready;
      s.inFlight = true;
      s.drawnKey = key;
      void source.decimate({ source: xAxis, xMin, xMax, buckets: Math.max(1, Math.floor(budget / 2)), columns })?.then((result) => {
        s.inFlight = false;
        s.ready = { data: prepend(older, toAligned(result)), decimated: true };
      });
      return ready;
    },
    [source, controller, columns, xAxis, maxPoints],
  );
}

type RollingPlotPull = (widthPx: number, viewChanged: boolean) => PlotFrame | undefined;

function toAligned(result: DecimationResult): [Float64Array, ...(number | null)[][]] {
  const columns = result.columns.map((c) => Array.from(c, (v) => (Number.isFinite(v) ? v : null)));
  return [result.x, ...columns];
}

/** Recorded history (older than every frame in memory) in front of the in-memory data. */
function prepend(older: [number[], ...(number | null)[][]] | undefined, data: [Float64Array, ...(number | null)[][]]): uPlot.AlignedData {
  if (!older) return data as uPlot.AlignedData;
  const [x, ...columns] = data;
  return [[...older[0], ...x], ...columns.map((column, j) => [...older[j + 1], ...column])] as uPlot.AlignedData;
}

/** The range a fixed Y axis starts from: the channels' valid ranges together. */
function suggestedRange(group: PlotGroup): readonly [number, number] {
  const ranges = group.series.map((s) => s.alarm).filter((r): r is readonly [number, number] => r !== undefined);
  if (ranges.length === 0) return [-1, 1];
  return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
}

function formatX(axis: XAxisSource, x: number): string {
  return axis === 'device' ? `${x.toFixed(4)} s` : new Date(x * 1000).toISOString().slice(11, 23);
}
