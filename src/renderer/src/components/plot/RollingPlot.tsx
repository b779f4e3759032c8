import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import { channelColor } from './channelColors';

export interface RollingPlotSeries {
  readonly label: string;
  readonly unit: string;
  /** The profile's colour for this channel, if it names one. */
  readonly colour?: string;
}

export interface RollingPlotProps {
  readonly series: readonly RollingPlotSeries[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly height: number;
  /** Returns the data to draw, or undefined when nothing changed since the last frame. */
  readonly pull: () => uPlot.AlignedData | undefined;
  /** Called after each redraw with the number of points drawn (for tests and the health panel). */
  readonly onDraw?: (points: number) => void;
  readonly testId?: string;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/**
 * A uPlot chart redrawn at most once per display frame from whatever `pull` returns. Data never
 * goes through React state: a 1 kHz stream must not re-render the component tree.
 */
export function RollingPlot({ series, xLabel, yLabel, height, pull, onDraw, testId }: RollingPlotProps): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const pullRef = useRef(pull);
  const onDrawRef = useRef(onDraw);
  useEffect(() => {
    pullRef.current = pull;
    onDrawRef.current = onDraw;
  });

  // `series` must be memoised by the caller: a new identity re-creates the plot (losing zoom).
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const axisColor = cssVar('--text-muted');
    const gridColor = cssVar('--grid');
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false } },
      axes: [
        { label: xLabel, stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } },
        { label: yLabel, stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor }, size: 60 },
      ],
      series: [
        { label: xLabel, value: (_u, v) => (v == null ? '–' : v.toFixed(3)) },
        ...series.map((s, i) => ({
          label: s.unit ? `${s.label} (${s.unit})` : s.label,
          stroke: channelColor(i, s.colour),
          width: 1,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v == null ? '–' : v.toFixed(3)),
        })),
      ],
    };
    const empty: uPlot.AlignedData = [[], ...series.map(() => [])];
    const plot = new uPlot(options, empty, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    let frame = 0;
    const draw = (): void => {
      const data = pullRef.current();
      if (data) {
        plot.setData(data);
        onDrawRef.current?.(data[0].length);
      }
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      plot.destroy();
    };
  }, [series, xLabel, yLabel, height]);

  // Axis titles are drawn on the canvas; the same words go in the accessible name.
  return (
    <div
      ref={container}
      className="rolling-plot"
      role="img"
      aria-label={`${yLabel} against ${xLabel}`}
      data-x-label={xLabel}
      data-y-label={yLabel}
      data-testid={testId}
    />
  );
}
