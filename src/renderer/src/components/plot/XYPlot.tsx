import { useEffect, useRef, type ReactNode } from 'react';
import { autoRange, type Range } from './plotController';
import { cssVar } from './plotPlugins';

/** Points of the trail, oldest first (NaN entries are skipped). */
export interface XYTrail {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

export interface XYPlotProps {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly height: number;
  /** The newest trail, or undefined when nothing changed since the last frame. */
  readonly pull: () => XYTrail | undefined;
  readonly colour: string;
  readonly testId?: string;
}

/** Trail segments of increasing opacity: the oldest points fade out, the newest is solid. */
const FADE_STEPS = 12;
const MARGIN = { left: 58, right: 12, top: 10, bottom: 36 };

/** One channel against another (a Lissajous or phase view) with a fading trail, drawn per display frame. */
export function XYPlot({ xLabel, yLabel, height, pull, colour, testId }: XYPlotProps): ReactNode {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pullRef = useRef(pull);
  useEffect(() => {
    pullRef.current = pull;
  });

  useEffect(() => {
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    if (!element || !ctx) return;
    const text = cssVar('--text-muted');
    const grid = cssVar('--grid');
    let frame = 0;
    let trail: XYTrail | undefined;
    const draw = (): void => {
      frame = requestAnimationFrame(draw);
      const next = pullRef.current();
      if (!next && trail) return;
      trail = next ?? trail;
      const ratio = window.devicePixelRatio || 1;
      const width = element.clientWidth;
      if (element.width !== Math.round(width * ratio)) element.width = Math.round(width * ratio);
      element.height = Math.round(height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const xr = rangeOf(trail?.x);
      const yr = rangeOf(trail?.y);
      const plotW = width - MARGIN.left - MARGIN.right;
      const plotH = height - MARGIN.top - MARGIN.bottom;
      const px = (v: number): number => MARGIN.left + ((v - xr[0]) / (xr[1] - xr[0])) * plotW;
      const py = (v: number): number => MARGIN.top + plotH - ((v - yr[0]) / (yr[1] - yr[0])) * plotH;
      drawAxes(ctx, { xr, yr, px, py, width, height, plotW, plotH, text, grid, xLabel, yLabel });
      if (!trail) return;
      const n = Math.min(trail.x.length, trail.y.length);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.2;
      for (let step = 0; step < FADE_STEPS; step++) {
        const from = Math.floor((step * n) / FADE_STEPS);
        const to = Math.min(n, Math.floor(((step + 1) * n) / FADE_STEPS) + 1);
        ctx.globalAlpha = 0.08 + (0.92 * (step + 1)) / FADE_STEPS;
        ctx.beginPath();
        let pen = false;
        for (let i = from; i < to; i++) {
          const x = trail.x[i];
          const y = trail.y[i];
          if (!Number.isFinite(x) || !Number.isFinite(y)) {
            pen = false;
            continue;
          }
          if (pen) ctx.lineTo(px(x), py(y));
          else ctx.moveTo(px(x), py(y));
          pen = true;
        }
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      const last = n - 1;
      if (last >= 0 && Number.isFinite(trail.x[last]) && Number.isFinite(trail.y[last])) {
        ctx.fillStyle = colour;
        ctx.beginPath();
        ctx.arc(px(trail.x[last]), py(trail.y[last]), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [xLabel, yLabel, height, colour]);

  return <canvas ref={canvas} className="xy-plot" style={{ height }} role="img" aria-label={`${yLabel} against ${xLabel}`} data-x-label={xLabel} data-y-label={yLabel} data-testid={testId} />;
}

function rangeOf(values: ArrayLike<number> | undefined): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; values && i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? autoRange(min, max) : autoRange(null, null);
}

interface AxesGeometry {
  readonly xr: Range;
  readonly yr: Range;
  readonly px: (v: number) => number;
  readonly py: (v: number) => number;
  readonly width: number;
  readonly height: number;
  readonly plotW: number;
  readonly plotH: number;
  readonly text: string;
  readonly grid: string;
  readonly xLabel: string;
  readonly yLabel: string;
}

function drawAxes(ctx: CanvasRenderingContext2D, g: AxesGeometry): void {
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = g.grid;
  ctx.fillStyle = g.text;
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of niceTicks(g.xr, 6)) {
    const x = Math.round(g.px(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, MARGIN.top);
    ctx.lineTo(x, MARGIN.top + g.plotH);
    ctx.stroke();
    ctx.fillText(formatTick(v), x, MARGIN.top + g.plotH + 4);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of niceTicks(g.yr, 5)) {
    const y = Math.round(g.py(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(MARGIN.left, y);
    ctx.lineTo(MARGIN.left + g.plotW, y);
    ctx.stroke();
    ctx.fillText(formatTick(v), MARGIN.left - 6, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(g.xLabel, MARGIN.left + g.plotW / 2, g.height - 2);
  ctx.save();
  ctx.translate(12, MARGIN.top + g.plotH / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(g.yLabel, 0, 0);
  ctx.restore();
}

/** Round tick values (1, 2 or 5 × 10ⁿ apart) covering the range. */
function niceTicks([min, max]: Range, count: number): number[] {
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function formatTick(v: number): string {
  return String(Number(v.toPrecision(4)));
}
