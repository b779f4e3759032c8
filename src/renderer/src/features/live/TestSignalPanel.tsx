import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FrameBatch } from '../../../../shared/domain/frameBatch';
import { api } from '../../bridge/api';
import { useShortcuts } from '../../hooks/useShortcuts';
import { LayoutControls } from './LayoutControls';
import { LiveSeriesPlot } from './LiveSeriesPlot';
import type { PlotGroup } from './plotGroups';
import { useLayout } from './useLayout';
import { useLiveSource } from './useLiveSource';

const CHANNEL_CHOICES = [1, 4, 8, 16, 32];
const RATE_CHOICES = [100, 250, 1000, 5000];
/** The test signal's layout is saved like a device profile's, under this id. */
const LAYOUT_ID = 'test-signal';

/**
 * The built-in test signal, plotted live with every view tool: proves the binary stream path from
 * the core to pixels. Pausing freezes the view only; the stream keeps arriving and counting.
 */
export function TestSignalPanel(): ReactNode {
  const [channels, setChannels] = useState(4);
  const [rateHz, setRateHz] = useState(250);
  const [paused, setPaused] = useState(false);
  const [streamError, setStreamError] = useState<string | undefined>();
  const handle = useLayout(LAYOUT_ID);
  const stats = useRef<HTMLDivElement>(null);

  const open = useCallback(
    (onBatch: (batch: FrameBatch) => void) => api.stream('demo.signal', { channels, rateHz }, onBatch, (error) => setStreamError(error.message)),
    [channels, rateHz],
  );
  const source = useLiveSource({ open, windowS: handle.layout.windowS, rateHz, channelCount: channels, paused, stats });

  const group = useMemo<PlotGroup>(() => {
    const columns = Array.from({ length: channels }, (_, i) => i);
    return { key: 'test-signal|a.u.', title: 'test signal', unit: 'a.u.', columns, series: columns.map((i) => ({ label: `ch${i}`, unit: 'a.u.' })) };
  }, [channels]);

  const onDraw = useCallback(
    (points: number) => {
      const el = stats.current;
      if (!el) return;
      el.dataset['drawnLastSeq'] = String(source.view.lastSeq);
      el.dataset['drawnPoints'] = String(points);
    },
    [source],
  );

  useShortcuts(useMemo(() => [{ key: ' ', action: () => setPaused((p) => !p) }], []));

  return (
    <section className="panel" aria-labelledby="test-signal-title">
      <header className="panel-header">
        <h2 id="test-signal-title">Test signal</h2>
        <label>
          Channels{' '}
          <select
            value={channels}
            onChange={(e) => {
              setStreamError(undefined);
              setChannels(Number(e.target.value));
            }}
            data-testid="test-signal-channels"
          >
            {CHANNEL_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rate{' '}
          <select
            value={rateHz}
            onChange={(e) => {
              setStreamError(undefined);
              setRateHz(Number(e.target.value));
            }}
            data-testid="test-signal-rate"
          >
            {RATE_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n} Hz
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setPaused((p) => !p)} data-testid="test-signal-pause" title="Pause or resume the view (Space)">
          {paused ? 'Resume view' : 'Pause view'}
        </button>
        <div className="panel-stats" ref={stats} data-testid="test-signal-stats" />
      </header>
      <LayoutControls handle={handle} groups={[group]} channelNames={[]} testId="test-signal-layout" />
      {streamError ? <p className="error-text">Stream stopped: {streamError}</p> : null}
      <LiveSeriesPlot
        source={source}
        group={group}
        layout={handle.layout}
        onLayoutChange={handle.update}
        yLabel="test signal (a.u.)"
        height={360}
        exportName="test-signal"
        onDraw={onDraw}
        testId="test-signal-plot"
      />
      <p className="muted">
        A generated signal ({channels} × {rateHz} Hz, last {handle.layout.windowS} s) that exercises the same binary stream path as a device. Connect a device on the
        Devices page to plot real channels.
      </p>
    </section>
  );
}
