import { useState, type ReactNode } from 'react';
import type { LiveLayout, XAxisSource } from '../../../../shared/ipc/domains/layouts';
import type { LayoutHandle } from './useLayout';
import type { PlotGroup } from './plotGroups';

const WINDOWS_S = [1, 2, 5, 10, 30, 60, 120, 300];
const POINT_BUDGETS: readonly { value: number | null; label: string }[] = [
  { value: null, label: 'auto (2/px)' },
  { value: 1000, label: '1 000' },
  { value: 5000, label: '5 000' },
  { value: 20_000, label: '20 000' },
  { value: 1_000_000, label: 'all' },
];

export interface LayoutControlsProps {
  readonly handle: LayoutHandle;
  readonly groups: readonly PlotGroup[];
  /** Channels offered for XY pairs; none hides the XY control. */
  readonly channelNames: readonly string[];
  readonly testId?: string;
}

/** The view settings saved per profile: window, point budget, time axis, shown plots, XY pairs, reset. */
export function LayoutControls({ handle, groups, channelNames, testId }: LayoutControlsProps): ReactNode {
  const { layout, update, reset, note } = handle;
  const id = (name: string): string | undefined => (testId ? `${testId}-${name}` : undefined);
  const set = <K extends keyof LiveLayout>(key: K, value: LiveLayout[K]): void => update((l) => ({ ...l, [key]: value }));
  return (
    <div className="layout-controls">
      <label>
        Window{' '}
        <select value={layout.windowS} onChange={(e) => set('windowS', Number(e.target.value))} data-testid={id('window')}>
          {[...new Set([...WINDOWS_S, layout.windowS])].sort((a, b) => a - b).map((s) => (
            <option key={s} value={s}>
              {s} s
            </option>
          ))}
        </select>
      </label>
      <label>
        Points{' '}
        <select value={String(layout.maxPoints)} onChange={(e) => set('maxPoints', e.target.value === 'null' ? null : Number(e.target.value))} data-testid={id('points')}>
          {POINT_BUDGETS.map((p) => (
            <option key={p.label} value={String(p.value)}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Time{' '}
        <select value={layout.xAxis} onChange={(e) => set('xAxis', e.target.value as XAxisSource)} data-testid={id('x-axis')}>
          <option value="device">device clock</option>
          <option value="host">host clock</option>
        </select>
      </label>
      {groups.length > 1 ? (
        <details className="menu">
          <summary data-testid={id('groups')}>
            Plots {groups.length - groups.filter((g) => layout.hiddenGroups.includes(g.key)).length}/{groups.length}
          </summary>
          <div className="menu-body">
            {groups.map((g) => (
              <label key={g.key}>
                <input
                  type="checkbox"
                  checked={!layout.hiddenGroups.includes(g.key)}
                  onChange={(e) => set('hiddenGroups', e.target.checked ? layout.hiddenGroups.filter((k) => k !== g.key) : [...layout.hiddenGroups, g.key])}
                />{' '}
                {g.unit ? `${g.title} (${g.unit})` : g.title}
              </label>
            ))}
          </div>
        </details>
      ) : null}
      {channelNames.length > 1 ? <XYPairPicker channelNames={channelNames} onAdd={(pair) => set('xyPairs', [...layout.xyPairs, pair])} testId={id('xy')} /> : null}
      <button type="button" onClick={reset} title="Forget this profile's saved layout" data-testid={id('reset')}>
        Reset layout
      </button>
      {note ? <span className="layout-note" role="status">{note}</span> : null}
    </div>
  );
}

function XYPairPicker({ channelNames, onAdd, testId }: { channelNames: readonly string[]; onAdd: (pair: { x: string; y: string }) => void; testId?: string }): ReactNode {
  const [x, setX] = useState(channelNames[0]);
  const [y, setY] = useState(channelNames[1]);
  return (
    <details className="menu">
      <summary data-testid={testId}>XY</summary>
      <div className="menu-body menu-row">
        X
        <select value={x} onChange={(e) => setX(e.target.value)} aria-label="XY horizontal channel" data-testid={testId ? `${testId}-x` : undefined}>
          {channelNames.map((n) => <option key={n}>{n}</option>)}
        </select>
        Y
        <select value={y} onChange={(e) => setY(e.target.value)} aria-label="XY vertical channel" data-testid={testId ? `${testId}-y` : undefined}>
          {channelNames.map((n) => <option key={n}>{n}</option>)}
        </select>
        <button type="button" disabled={x === y} onClick={() => onAdd({ x, y })} data-testid={testId ? `${testId}-add` : undefined}>
          Add XY plot
        </button>
      </div>
    </details>
  );
}
