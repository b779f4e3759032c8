import { useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import uPlot from 'uplot';
import { channelColor } from './channelColors';
import { recordDraw } from './frameMeter';
import type { PlotController, Range } from './plotController';
import { abCursorsPlugin, alarmBandsPlugin, cssVar } from './plotPlugins';

export interface RollingPlotSeries {
  readonly label: string;
  readonly unit: string;
  /** The series' colour (`#rrggbb`); the palette's when absent. */
  readonly colour?: string;
  /** The channel's valid range: shaded outside, out-of-range samples marked. */
  readonly alarm?: Range;
}

/** What the data owner hands the plot for one redraw. */
export interface PlotFrame {
  readonly data: uPlot.AlignedData;
  /** Whether the columns are min/max-decimated (for the readout and tests). */
  readonly decimated: boolean;
}

export interface RollingPlotProps {
  readonly series: readonly RollingPlotSeries[];
  /** Per series: hidden by the operator (the legend toggles it). */
  readonly hidden?: readonly boolean[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly height: number;
  /** The x values are Unix seconds: label the axis with clock times. */
  readonly xTime?: boolean;
  readonly controller: PlotController;
  /**
   * Returns data to draw, or undefined when nothing changed since the last frame. `viewChanged`
   * says the view moved (zoom, pan, window), so data outside the last range may be needed.
   */
  readonly pull: (widthPx: number, viewChanged: boolean) => PlotFrame | undefined;
  /** Called after each redraw with the number of points drawn and the newest x among them. */
  readonly onDraw?: (points: number, lastX: number) => void;
  readonly onSeriesToggle?: (index: number, shown: boolean) => void;
  readonly onColourPick?: (index: number, colour: string) => void;
  readonly testId?: string;
}

/** How close (CSS px) a press must be to an A/B line to grab it. */
const GRAB_PX = 6;
/** A press that moves less than this is a click (places the nearer cursor). */
const CLICK_PX = 3;

/**
 * A uPlot chart redrawn at most once per display frame from whatever `pull` returns. Data never
 * goes through React state: a 1 kHz stream must not re-render the component tree. The view
 * (follow or zoom, Y mode, A/B cursors) lives in the controller; gestures: drag zooms along the
 * controller's zoom mode, shift+drag pans, double-click returns to following, with cursors on a
 * click places the nearer cursor and a drag near a cursor line moves it.
 */
export function RollingPlot(props: RollingPlotProps): ReactNode {
  const { series, xLabel, yLabel, height, xTime = false, controller, testId } = props;
  const container = useRef<HTMLDivElement>(null);
  const colourInput = useRef<HTMLInputElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const latest = useRef(props);
  const { zoomMode } = useSyncExternalStore(controller.subscribe, controller.getState);
  useEffect(() => {
    latest.current = props;
  });

  // `series` must be memoised by the caller: a new identity re-creates the chart (the view survives in the controller).
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const axisColor = cssVar('--text-muted');
    const gridColor = cssVar('--grid');
    const hidden = latest.current.hidden ?? [];
    const format = (_u: uPlot, v: number | null): string => (v == null ? '–' : v.toPrecision(5));
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      legend: { live: true },
      cursor: {
        drag: { x: zoomMode !== 'y', y: zoomMode !== 'x', setScale: false },
        bind: gestureBindings(controller),
      },
      scales: {
        x: { time: xTime, range: () => [...controller.xRange()] },
        y: { range: (_u, min, max) => [...controller.yRange(min, max)] },
      },
      axes: [
        { label: xLabel, stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } },
        { label: yLabel, stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor }, size: 60 },
      ],
      series: [
        { label: xLabel, value: xTime ? '{HH}:{mm}:{ss}.{fff}' : (_u, v) => (v == null ? '–' : v.toFixed(3)) },
        ...series.map((s, i) => ({
          label: s.unit ? `${s.label} (${s.unit})` : s.label,
          stroke: channelColor(i, s.colour),
          width: 1,
          spanGaps: false,
          show: !hidden[i],
          value: format,
        })),
      ],
      plugins: [alarmBandsPlugin(series.map((s) => s.alarm)), abCursorsPlugin(controller)],
      hooks: {
        setSelect: [
          (u) => {
            const { left, top, width, height: h } = u.select;
            if (width < CLICK_PX && h < CLICK_PX) return;
            controller.zoomTo([u.posToVal(left, 'x'), u.posToVal(left + width, 'x')], [u.posToVal(top + h, 'y'), u.posToVal(top, 'y')]);
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          },
        ],
        setSeries: [(u, index) => index != null && index > 0 && latest.current.onSeriesToggle?.(index - 1, u.series[index].show !== false)],
      },
    };
    const empty: uPlot.AlignedData = [[], ...series.map(() => [])];
    const plot = new uPlot(options, empty, element);
    plotRef.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);

    // A click on a legend swatch picks that channel's colour (a click on its name hides it).
    const onLegendClick = (event: MouseEvent): void => {
      const marker = (event.target as HTMLElement).closest('.u-marker');
      const row = marker?.closest('tr');
      if (!row || !colourInput.current) return;
      const index = [...element.querySelectorAll('.u-legend tr')].indexOf(row) - 1;
      if (index < 0) return;
      event.stopPropagation();
      event.preventDefault();
      const input = colourInput.current;
      input.value = channelColor(index, series[index].colour);
      input.dataset['series'] = String(index);
      input.click();
    };
    element.addEventListener('click', onLegendClick, true);

    let frame = 0;
    let drawnVersion = -1;
    const draw = (): void => {
      frame = requestAnimationFrame(draw);
      const viewChanged = controller.version !== drawnVersion;
      const started = performance.now();
      const next = latest.current.pull(plot.bbox.width / (window.devicePixelRatio || 1), viewChanged);
      if (!next && !viewChanged) return;
      drawnVersion = controller.version;
      // batch: apply scales now rather than in uPlot's microtask, so the readings below are this frame's.
      plot.batch(() => plot.setData(next?.data ?? plot.data));
      recordDraw(performance.now() - started);
      controller.noteShownY([plot.scales['y'].min ?? 0, plot.scales['y'].max ?? 1]);
      const points = plot.data[0].length;
      if (next) {
        element.dataset['decimated'] = String(next.decimated);
        element.dataset['points'] = String(points);
        // The oldest x drawn: e2e checks that a paused view panned back shows recorded history.
        element.dataset['firstX'] = String(plot.data[0][0] ?? '');
      }
      element.dataset['xMin'] = String(plot.scales['x'].min);
      element.dataset['xMax'] = String(plot.scales['x'].max);
      latest.current.onDraw?.(points, plot.data[0][points - 1] ?? Number.NaN);
    };
    frame = requestAnimationFrame(draw);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      element.removeEventListener('click', onLegendClick, true);
      plot.destroy();
      plotRef.current = null;
    };
  }, [series, xLabel, yLabel, height, xTime, controller, zoomMode]);

  // Visibility changes from outside (a restored layout) without re-creating the chart.
  const hidden = props.hidden;
  useEffect(() => {
    const plot = plotRef.current;
    if (!plot || !hidden) return;
    hidden.forEach((h, i) => {
      if (plot.series[i + 1] && (plot.series[i + 1].show !== false) === h) plot.setSeries(i + 1, { show: !h }, false);
    });
  }, [hidden]);

  // Axis titles are drawn on the canvas; the same words go in the accessible name.
  return (
    <>
      <div
        ref={container}
        className="rolling-plot"
        role="img"
        aria-label={`${yLabel} against ${xLabel}`}
        data-x-label={xLabel}
        data-y-label={yLabel}
        data-testid={testId}
      />
      <input
        ref={colourInput}
        type="color"
        className="visually-hidden"
        aria-label="Channel colour"
        tabIndex={-1}
        data-testid={testId ? `${testId}-colour` : undefined}
        onChange={(e) => {
          const index = Number(e.currentTarget.dataset['series']);
          if (Number.isInteger(index)) latest.current.onColourPick?.(index, e.currentTarget.value);
        }}
      />
    </>
  );
}

/**
 * Mouse gestures on the plotting area, wrapped around uPlot's own handlers: a press near an A/B
 * line drags that cursor, shift+press pans, a click with cursors on places the nearer one,
 * double-click resets the view; anything else is uPlot's drag-to-zoom.
 */
function gestureBindings(controller: PlotController): uPlot.Cursor.Bind {
  let pressedAt: { x: number; y: number } | null = null;
  const follow = (onMove: (e: MouseEvent) => void): void => {
    const up = (): void => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', up);
  };
  const nearestCursor = (u: uPlot, left: number): { which: 'a' | 'b'; distance: number } | null => {
    const cursors = controller.state.cursors;
    if (!cursors) return null;
    const da = Math.abs(u.valToPos(cursors.a, 'x') - left);
    const db = Math.abs(u.valToPos(cursors.b, 'x') - left);
    return da <= db ? { which: 'a', distance: da } : { which: 'b', distance: db };
  };
  return {
    mousedown: (u, target, handler) => (e) => {
      if (e.button !== 0 || e.target !== target) return null;
      const left = e.clientX - u.rect.left;
      const near = nearestCursor(u, left);
      if (near && near.distance <= GRAB_PX) {
        follow((move) => controller.moveCursor(near.which, u.posToVal(move.clientX - u.rect.left, 'x')));
        return null;
      }
      if (e.shiftKey) {
        let last = { x: e.clientX, y: e.clientY };
        const mode = controller.state.zoomMode;
        follow((move) => {
          const fx = mode === 'y' ? 0 : -(move.clientX - last.x) / u.rect.width;
          const fy = mode === 'x' ? 0 : (move.clientY - last.y) / u.rect.height;
          last = { x: move.clientX, y: move.clientY };
          controller.pan(fx, fy);
        });
        return null;
      }
      pressedAt = { x: e.clientX, y: e.clientY };
      return handler(e);
    },
    mouseup: (u, _target, handler) => (e) => {
      if (e.button !== 0) return null;
      const press = pressedAt;
      pressedAt = null;
      if (press && Math.hypot(e.clientX - press.x, e.clientY - press.y) < CLICK_PX) {
        const left = e.clientX - u.rect.left;
        const near = nearestCursor(u, left);
        if (near) controller.moveCursor(near.which, u.posToVal(left, 'x'));
      }
      return handler(e);
    },
    dblclick: (_u, target) => (e) => {
      if (e.button === 0 && e.target === target) controller.resetZoom();
      return null;
    },
  };
}
