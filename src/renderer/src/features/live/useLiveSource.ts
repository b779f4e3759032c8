import { useEffect, useMemo, type RefObject } from 'react';
import type { FrameBatch } from '../../../../shared/domain/frameBatch';
import { LiveSource } from './liveSource';

export interface LiveSourceOptions {
  /** Opens the stream; returns the function that closes it. */
  readonly open: (onBatch: (batch: FrameBatch) => void) => () => void;
  readonly windowS: number;
  readonly rateHz: number;
  readonly channelCount: number;
  readonly paused: boolean;
  /** An element that shows the counters (text and data attributes for tests), updated per batch. */
  readonly stats?: RefObject<HTMLElement | null>;
}

/**
 * A LiveSource fed by a stream: re-created (and the stream re-opened) when the window, rate or
 * channel count changes; frozen while the view is paused, acquisition continuing underneath.
 */
export function useLiveSource({ open, windowS, rateHz, channelCount, paused, stats }: LiveSourceOptions): LiveSource {
  const source = useMemo(() => new LiveSource(windowS, rateHz, channelCount), [windowS, rateHz, channelCount]);

  useEffect(() => {
    source.attach();
    const close = open((batch) => {
      source.push(batch);
      const el = stats?.current;
      if (el) showCounters(el, source);
    });
    return () => {
      close();
      source.dispose();
    };
  }, [open, source, stats]);

  useEffect(() => {
    source.setPaused(paused);
  }, [source, paused]);

  return source;
}

function showCounters(el: HTMLElement, source: LiveSource): void {
  const r = source.live;
  el.dataset['received'] = String(r.received);
  el.dataset['firstSeq'] = String(r.firstSeq);
  el.dataset['lastSeq'] = String(r.lastSeq);
  el.dataset['gaps'] = String(r.gaps);
  el.textContent = `${r.received.toLocaleString()} frames · seq ${Number.isNaN(r.lastSeq) ? '–' : r.lastSeq} · gaps ${r.gaps}`;
}
