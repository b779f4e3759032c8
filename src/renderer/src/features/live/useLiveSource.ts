import { useEffect, useMemo, type RefObject } from 'react';
import type { FrameBatch } from '../../../../shared/domain/frameBatch';
import type { RecordingHistory } from '../../../../shared/ipc/domains/recording';
import { LiveSource } from './liveSource';
import type { ScrollBackRequest } from './scrollBack';

export interface LiveSourceOptions {
  /** Opens the stream; returns the function that closes it. */
  readonly open: (onBatch: (batch: FrameBatch) => void) => () => void;
  readonly windowS: number;
  readonly rateHz: number;
  readonly channelCount: number;
  readonly paused: boolean;
  /** Reads older frames from the recording in progress (the paused view's scroll-back); none when absent. */
  readonly fetchHistory?: (request: ScrollBackRequest) => Promise<RecordingHistory>;
  /** An element that shows the counters (text and data attributes for tests), updated per batch. */
  readonly stats?: RefObject<HTMLElement | null>;
}

/**
 * A LiveSource fed by a stream: re-created (and the stream re-opened) when the window, rate or
 * channel count changes; frozen while the view is paused, acquisition continuing underneath.
 */
export function useLiveSource({ open, windowS, rateHz, channelCount, paused, stats, fetchHistory }: LiveSourceOptions): LiveSource {
  const source = useMemo(() => new LiveSource(windowS, rateHz, channelCount, fetchHistory), [windowS, rateHz, channelCount, fetchHistory]);

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
