import { useState, useSyncExternalStore, type ReactNode } from 'react';
import type { YAxisMode } from '../../../../shared/ipc/domains/layouts';
import type { PlotController, ZoomMode } from './plotController';

export interface PlotToolbarProps {
  readonly controller: PlotController;
  readonly yAxis: YAxisMode;
  /** The range a fixed axis starts from (the channels' valid range). */
  readonly suggestedY: readonly [number, number];
  readonly onYAxisChange: (mode: YAxisMode) => void;
  readonly onExport: () => void;
  readonly testId?: string;
}

const ZOOM_MODES: readonly { mode: ZoomMode; label: string; title: string }[] = [
  { mode: 'x', label: 'X', title: 'Drag zooms time only' },
  { mode: 'y', label: 'Y', title: 'Drag zooms values only' },
  { mode: 'xy', label: 'XY', title: 'Drag zooms a box' },
];

/** One plot's view controls: zoom mode, pan, back to live, Y auto/fixed, A/B cursors, CSV export. */
export function PlotToolbar({ controller, yAxis, suggestedY, onYAxisChange, onExport, testId }: PlotToolbarProps): ReactNode {
  const view = useSyncExternalStore(controller.subscribe, controller.getState);
  const id = (name: string): string | undefined => (testId ? `${testId}-${name}` : undefined);
  const pan = (fx: number, fy: number): void => controller.pan(fx, fy);
  return (
    <div className="plot-toolbar" role="toolbar" aria-label="Plot view">
      <span className="segmented" role="group" aria-label="Zoom axis">
        {ZOOM_MODES.map((z) => (
          <button key={z.mode} type="button" aria-pressed={view.zoomMode === z.mode} title={z.title} onClick={() => controller.setZoomMode(z.mode)} data-testid={id(`zoom-${z.mode}`)}>
            {z.label}
          </button>
        ))}
      </span>
      <span className="segmented" role="group" aria-label="Pan (or shift+drag)">
        <button type="button" title="Pan earlier (or shift+drag)" onClick={() => pan(-0.25, 0)} data-testid={id('pan-left')}>◀</button>
        <button type="button" title="Pan later" onClick={() => pan(0.25, 0)} data-testid={id('pan-right')}>▶</button>
        <button type="button" title="Pan up" onClick={() => pan(0, 0.25)}>▲</button>
        <button type="button" title="Pan down" onClick={() => pan(0, -0.25)}>▼</button>
      </span>
      <button type="button" disabled={view.following && !view.yZoomed} onClick={() => controller.resetZoom()} title="Back to the live window (double-click the plot)" data-testid={id('follow')}>
        {view.following ? 'Live' : 'Back to live'}
      </button>
      <YAxisControl mode={yAxis} suggested={suggestedY} onChange={onYAxisChange} testId={id('y')} />
      <button type="button" aria-pressed={view.cursors !== null} onClick={() => controller.toggleCursors()} title="A/B cursors: click places the nearer, drag moves one" data-testid={id('cursors')}>
        A|B
      </button>
      <button type="button" onClick={onExport} title="Download the visible range as CSV" data-testid={id('export')}>
        CSV
      </button>
    </div>
  );
}

function YAxisControl({ mode, suggested, onChange, testId }: { mode: YAxisMode; suggested: readonly [number, number]; onChange: (m: YAxisMode) => void; testId?: string }): ReactNode {
  const [draft, setDraft] = useState<{ min: string; max: string } | null>(null);
  const fixed = mode.mode === 'fixed' ? mode : null;
  const shown = draft ?? { min: String(fixed?.min ?? suggested[0]), max: String(fixed?.max ?? suggested[1]) };
  const commit = (next: { min: string; max: string }): void => {
    const min = Number(next.min);
    const max = Number(next.max);
    setDraft(null);
    if (next.min.trim() !== '' && next.max.trim() !== '' && Number.isFinite(min) && Number.isFinite(max) && min < max) onChange({ mode: 'fixed', min, max });
  };
  const field = (key: 'min' | 'max'): ReactNode => (
    <input
      type="number"
      className="y-limit"
      aria-label={`Y ${key}`}
      value={shown[key]}
      onChange={(e) => setDraft({ ...shown, [key]: e.target.value })}
      onBlur={() => draft && commit(shown)}
      onKeyDown={(e) => e.key === 'Enter' && commit(shown)}
      data-testid={testId ? `${testId}-${key}` : undefined}
    />
  );
  return (
    <span className="y-axis-control">
      <select
        value={mode.mode}
        aria-label="Y axis"
        onChange={(e) => onChange(e.target.value === 'auto' ? { mode: 'auto' } : { mode: 'fixed', min: suggested[0], max: suggested[1] })}
        data-testid={testId}
      >
        <option value="auto">Y auto</option>
        <option value="fixed">Y fixed</option>
      </select>
      {fixed ? (
        <>
          {field('min')}–{field('max')}
        </>
      ) : null}
    </span>
  );
}
