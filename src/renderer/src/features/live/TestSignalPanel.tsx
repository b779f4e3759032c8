import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type uPlot from 'uplot';
import { api } from '../../bridge/api';
import { RollingPlot } from '../../components/plot/RollingPlot';
import { useShortcuts } from '../../hooks/useShortcuts';
import { SeriesRing } from './seriesRing';

const CHANNEL_CHOICES = [1, 4, 8, 16, 32];
const RATE_CHOICES = [100, 250, 1000, 5000];
const WINDOW_S = 5;

/**
 * The built-in test signal, plotted live: proves the binary stream path from the core to pixels.
 * Pausing freezes the view only; the stream keeps arriving and counting.
 */
export function TestSignalPanel(): ReactNode {
  const [channels, setChannels] = useState(4);
  const [rateHz, setRateHz] = useState(250);
  const [paused, setPaused] = useState(false);
  const [streamError, setStreamError] = useState<string | undefined>();
  const ring = useRef(new SeriesRing(WINDOW_S * rateHz, channels));
  const dirty = useRef(false);
  const pausedRef = useRef(paused);
  const stats = useRef<HTMLDivElement>(null);

  useEffect(() => {
    pausedRef.current = paused;
  }, [paused]);

  useEffect(() => {
    ring.current = new SeriesRing(WINDOW_S * rateHz, channels);
    return api.stream(
      'demo.signal',
      { channels, rateHz },
      (batch) => {
        ring.current.push(batch);
        dirty.current = true;
      },
      (error) => setStreamError(error.message),
    );
  }, [channels, rateHz]);

  const series = useMemo(() => Array.from({ length: channels }, (_, i) => ({ label: `ch${i}`, unit: 'a.u.' })), [channels]);

  const pull = useCallback((): uPlot.AlignedData | undefined => {
    const r = ring.current;
    const el = stats.current;
    if (el) {
      el.dataset['received'] = String(r.received);
      el.dataset['lastSeq'] = String(r.lastSeq);
      el.dataset['gaps'] = String(r.gaps);
      el.textContent = `${r.received.toLocaleString()} frames received · last seq ${Number.isNaN(r.lastSeq) ? '–' : r.lastSeq} · gaps ${r.gaps}`;
    }
    if (pausedRef.current || !dirty.current) return undefined;
    dirty.current = false;
    return r.snapshot() as uPlot.AlignedData;
  }, []);

  const onDraw = useCallback((points: number) => {
    const el = stats.current;
    if (!el) return;
    el.dataset['drawnLastSeq'] = String(ring.current.lastSeq);
    el.dataset['drawnPoints'] = String(points);
  }, []);

  useShortcuts(useMemo(() => [{ key: ' ', action: () => setPaused((p) => !p) }], []));

  return (
    <section className="panel" aria-labelledby="test-signal-title">
      <header className="panel-header">
        <h2 id="test-signal-title">Test signal</h2>
        <label>
          Channels{' '}
          <select value={channels} onChange={(e) => {
              setStreamError(undefined);
              setChannels(Number(e.target.value));
            }} data-testid="test-signal-channels">
            {CHANNEL_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rate{' '}
          <select value={rateHz} onChange={(e) => {
              setStreamError(undefined);
              setRateHz(Number(e.target.value));
            }} data-testid="test-signal-rate">
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
      {streamError ? <p className="error-text">Stream stopped: {streamError}</p> : null}
      <RollingPlot
        series={series}
        xLabel="device time (s)"
        yLabel="test signal (a.u.)"
        height={360}
        pull={pull}
        onDraw={onDraw}
        testId="test-signal-plot"
      />
      <p className="muted">
        A generated signal ({channels} × {rateHz} Hz, last {WINDOW_S} s) that exercises the same binary stream path as a
        device. Connect a device on the Devices page to plot real channels.
      </p>
    </section>
  );
}
