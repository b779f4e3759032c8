import type uPlot from 'uplot';
import type { PlotController } from './plotController';

/** Markers drawn per redraw at most: enough to see where a trace leaves its range, cheap at 60 fps. */
const MAX_ALARM_MARKERS = 4000;

export function cssVar(name: string, fallback = '#888'): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * Alarm bands from the channels' valid ranges: the area outside every visible channel's range is
 * shaded, each distinct limit is a dashed line, and every sample outside its own channel's range
 * gets a ring marker on top of the trace.
 * `alarms[i]` is series i's range (uPlot series i + 1), undefined when it has none.
 */
export function alarmBandsPlugin(alarms: readonly (readonly [number, number] | undefined)[]): uPlot.Plugin {
  const bad = cssVar('--bad', '#ff6369');
  const visibleRanges = (u: uPlot): (readonly [number, number])[] =>
    alarms.flatMap((range, i) => (range && u.series[i + 1]?.show !== false ? [range] : []));

  const drawBands = (u: uPlot): void => {
    const ranges = visibleRanges(u);
    if (ranges.length === 0) return;
    const { ctx, bbox } = u;
    const lo = Math.min(...ranges.map((r) => r[0]));
    const hi = Math.max(...ranges.map((r) => r[1]));
    const yHi = u.valToPos(hi, 'y', true);
    const yLo = u.valToPos(lo, 'y', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    ctx.fillStyle = bad;
    ctx.globalAlpha = 0.1;
    if (yHi > bbox.top) ctx.fillRect(bbox.left, bbox.top, bbox.width, yHi - bbox.top);
    if (yLo < bbox.top + bbox.height) ctx.fillRect(bbox.left, yLo, bbox.width, bbox.top + bbox.height - yLo);
    ctx.strokeStyle = bad;
    ctx.globalAlpha = 0.6;
    ctx.lineWidth = uPlotPxRatio();
    ctx.setLineDash([4 * uPlotPxRatio(), 4 * uPlotPxRatio()]);
    for (const limit of new Set(ranges.flat())) {
      const y = Math.round(u.valToPos(limit, 'y', true)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(bbox.left, y);
      ctx.lineTo(bbox.left + bbox.width, y);
      ctx.stroke();
    }
    ctx.restore();
  };

  const drawMarkers = (u: uPlot): void => {
    const { ctx, bbox } = u;
    const xs = u.data[0];
    const xMin = u.scales['x'].min ?? -Infinity;
    const xMax = u.scales['x'].max ?? Infinity;
    const r = 2.5 * uPlotPxRatio();
    let drawn = 0;
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    ctx.strokeStyle = bad;
    ctx.lineWidth = 1.5 * uPlotPxRatio();
    ctx.beginPath();
    alarms.forEach((range, i) => {
      if (!range || u.series[i + 1]?.show === false) return;
      const ys = u.data[i + 1];
      for (let k = 0; k < xs.length && drawn < MAX_ALARM_MARKERS; k++) {
        const v = ys[k];
        const x = xs[k];
        if (v == null || (v >= range[0] && v <= range[1]) || x < xMin || x > xMax) continue;
        const px = u.valToPos(x, 'x', true);
        const py = u.valToPos(v, 'y', true);
        ctx.moveTo(px + r, py);
        ctx.arc(px, py, r, 0, 2 * Math.PI);
        drawn += 1;
      }
    });
    ctx.stroke();
    ctx.restore();
  };

  return { hooks: { drawAxes: drawBands, draw: drawMarkers } };
}

/** The two A/B cursor lines with their letters, drawn from the controller's positions. */
export function abCursorsPlugin(controller: PlotController): uPlot.Plugin {
  const colours = { a: cssVar('--accent', '#5aa9ff'), b: cssVar('--warn', '#f0b429') };
  return {
    hooks: {
      draw: (u) => {
        const cursors = controller.state.cursors;
        if (!cursors) return;
        const { ctx, bbox } = u;
        const ratio = uPlotPxRatio();
        ctx.save();
        ctx.font = `${11 * ratio}px system-ui, sans-serif`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'top';
        for (const which of ['a', 'b'] as const) {
          const x = Math.round(u.valToPos(cursors[which], 'x', true)) + 0.5;
          if (x < bbox.left || x > bbox.left + bbox.width) continue;
          ctx.strokeStyle = colours[which];
          ctx.fillStyle = colours[which];
          ctx.lineWidth = 1.5 * ratio;
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.fillRect(x - 7 * ratio, bbox.top, 14 * ratio, 14 * ratio);
          ctx.fillStyle = '#111';
          ctx.fillText(which.toUpperCase(), x, bbox.top + 1.5 * ratio);
        }
        ctx.restore();
      },
    },
  };
}

/** uPlot draws in device pixels; line widths and marker sizes scale with the ratio. */
function uPlotPxRatio(): number {
  return window.devicePixelRatio || 1;
}
