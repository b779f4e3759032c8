/** Which axes a mouse drag zooms and a pan button moves. */
export type ZoomMode = 'x' | 'y' | 'xy';

export type Range = readonly [number, number];

/** The A/B cursors' positions, in x units (seconds). */
export interface CursorPositions {
  readonly a: number;
  readonly b: number;
}

/** What the toolbar and readout show; replaced (never mutated) on every change. */
export interface PlotViewState {
  readonly zoomMode: ZoomMode;
  /** Whether the x axis follows the newest data (no zoom or pan on x). */
  readonly following: boolean;
  readonly yZoomed: boolean;
  readonly cursors: CursorPositions | null;
}

/** Relative padding above and below auto-ranged data, so a trace never sits on the frame. */
const AUTO_PAD = 0.08;

/**
 * The view of one plot, kept outside uPlot so it survives re-creating the chart (a colour or
 * series change) and so toolbar buttons, mouse gestures and the draw loop share one truth:
 * follow-or-zoomed x, zoomed / fixed / auto y, and the A/B cursors.
 */
export class PlotController {
  #state: PlotViewState = { zoomMode: 'x', following: true, yZoomed: false, cursors: null };
  #xZoom: Range | null = null;
  #yZoom: Range | null = null;
  #listeners = new Set<() => void>();
  #version = 0;
  #windowS = 10;
  #yFixed: Range | null = null;
  #latestX = Number.NaN;
  #firstX = Number.NaN;
  #shownY: Range = [0, 1];

  /** Bumped on every view change; the draw loop redraws when it differs from what it drew. */
  get version(): number {
    return this.#version;
  }

  get state(): PlotViewState {
    return this.#state;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getState = (): PlotViewState => this.#state;

  /**
   * The x range to draw: the zoom, else the last `windowS` seconds up to the newest data — and
   * while less than a window has arrived, a window from the first frame, so traces grow rightwards.
   */
  xRange(): Range {
    if (this.#xZoom) return this.#xZoom;
    if (!Number.isFinite(this.#latestX)) return [0, this.#windowS];
    const end = Number.isFinite(this.#firstX) ? Math.max(this.#latestX, this.#firstX + this.#windowS) : this.#latestX;
    return [end - this.#windowS, end];
  }

  /** The y range to draw for data spanning [dataMin, dataMax] in the visible x range (null when none). */
  yRange(dataMin: number | null, dataMax: number | null): Range {
    if (this.#yZoom) return this.#yZoom;
    if (this.#yFixed) return this.#yFixed;
    return autoRange(dataMin, dataMax);
  }

  setZoomMode(zoomMode: ZoomMode): void {
    this.#update({ zoomMode });
  }

  /** Zooms to a dragged box; an axis the zoom mode excludes keeps its range. */
  zoomTo(x: Range | null, y: Range | null): void {
    const mode = this.#state.zoomMode;
    if (x && mode !== 'y' && x[1] > x[0]) this.#xZoom = x;
    if (y && mode !== 'x' && y[1] > y[0]) this.#yZoom = y;
    this.#update({ following: this.#xZoom === null, yZoomed: this.#yZoom !== null });
  }

  /** Back to following the newest data with the Y mode's own range (double-click). */
  resetZoom(): void {
    this.#xZoom = null;
    this.#yZoom = null;
    this.#update({ following: true, yZoomed: false });
  }

  /** Shifts the view by fractions of its extent (positive: towards later time / larger values). */
  pan(fractionX: number, fractionY: number): void {
    if (fractionX !== 0) {
      const [a, b] = this.xRange();
      const d = (b - a) * fractionX;
      this.#xZoom = [a + d, b + d];
    }
    if (fractionY !== 0) {
      const [a, b] = this.#yZoom ?? this.#shownY;
      const d = (b - a) * fractionY;
      this.#yZoom = [a + d, b + d];
    }
    this.#update({ following: this.#xZoom === null, yZoomed: this.#yZoom !== null });
  }

  /** Turns the A/B cursors on (at a third and two thirds of the visible range) or off. */
  toggleCursors(): void {
    if (this.#state.cursors) {
      this.#update({ cursors: null });
      return;
    }
    const [a, b] = this.xRange();
    this.#update({ cursors: { a: a + (b - a) / 3, b: a + (2 * (b - a)) / 3 } });
  }

  moveCursor(which: 'a' | 'b', x: number): void {
    const cursors = this.#state.cursors;
    if (!cursors || !Number.isFinite(x)) return;
    this.#update({ cursors: { ...cursors, [which]: x } });
  }

  /** Applies the layout's window (seconds shown while following) and fixed Y range (null: auto). */
  configure(windowS: number, yFixed: Range | null): void {
    this.#windowS = windowS;
    this.#yFixed = yFixed;
    this.#version += 1;
  }

  /** The data owner reports the oldest and newest x before each draw; following views end at the newest. */
  follow(firstX: number, latestX: number): void {
    this.#firstX = firstX;
    this.#latestX = latestX;
  }

  /** The plot reports the y range it drew (panning an auto-ranged axis starts from it). */
  noteShownY(range: Range): void {
    this.#shownY = range;
  }

  #update(patch: Partial<PlotViewState>): void {
    this.#state = { ...this.#state, ...patch };
    this.#version += 1;
    for (const listener of this.#listeners) listener();
  }
}

/** Pads the data's range; a flat or empty trace still gets a readable axis. */
export function autoRange(dataMin: number | null, dataMax: number | null): Range {
  if (dataMin === null || dataMax === null || !Number.isFinite(dataMin) || !Number.isFinite(dataMax)) return [-1, 1];
  if (dataMin === dataMax) {
    const half = Math.abs(dataMin) * 0.1 || 1;
    return [dataMin - half, dataMax + half];
  }
  const pad = (dataMax - dataMin) * AUTO_PAD;
  return [dataMin - pad, dataMax + pad];
}
