import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { cursorDeltas, formatReading, type CursorSample } from './cursorDeltas';
import type { CursorPositions, PlotController } from './plotController';

export interface CursorReadoutProps {
  readonly controller: PlotController;
  /** The samples nearest the cursors (one value per listed series), or undefined without data. */
  readonly sampleAt: (x: number) => CursorSample | undefined;
  readonly series: readonly { label: string; unit: string }[];
  /** Formats an x value for the operator (seconds or a clock time). */
  readonly formatX: (x: number) => string;
  readonly testId?: string;
}

/** How often the readout refreshes while the data under the cursors may be changing (live view). */
const REFRESH_MS = 500;

/**
 * The A/B readout: the samples under both cursors, Δt (and 1/Δt) and every listed series' ΔV,
 * all computed from the data (the nearest samples), never from pixel positions.
 */
export function CursorReadout({ controller, sampleAt, series, formatX, testId }: CursorReadoutProps): ReactNode {
  const { cursors } = useSyncExternalStore(controller.subscribe, controller.getState);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!cursors) return;
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [cursors]);
  if (!cursors) return null;
  return <ReadoutTable cursors={cursors} sampleAt={sampleAt} series={series} formatX={formatX} testId={testId} />;
}

function ReadoutTable({ cursors, sampleAt, series, formatX, testId }: Omit<CursorReadoutProps, 'controller'> & { cursors: CursorPositions }): ReactNode {
  const a = sampleAt(cursors.a);
  const b = sampleAt(cursors.b);
  if (!a || !b) return <p className="muted">No data under the cursors.</p>;
  const { dt, dv } = cursorDeltas(a, b);
  return (
    <table className="data-table cursor-readout" data-testid={testId} data-ta={a.x} data-tb={b.x} data-dt={dt}>
      <thead>
        <tr>
          <th scope="col">Series</th>
          <th scope="col" className="cursor-a">A {formatX(a.x)}</th>
          <th scope="col" className="cursor-b">B {formatX(b.x)}</th>
          <th scope="col">
            Δt {formatReading(dt)} s{dt !== 0 ? ` (1/Δt ${formatReading(1 / Math.abs(dt))} Hz)` : ''}
          </th>
        </tr>
      </thead>
      <tbody>
        {series.map((s, j) => (
          <tr key={s.label} data-testid={testId ? `${testId}-row` : undefined} data-series={s.label} data-dv={dv[j] ?? ''}>
            <th scope="row">{s.label}</th>
            <td>{formatReading(a.values[j])}</td>
            <td>{formatReading(b.values[j])}</td>
            <td>
              ΔV {formatReading(dv[j])} {s.unit}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
