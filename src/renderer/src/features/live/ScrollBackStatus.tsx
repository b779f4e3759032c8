import { useSyncExternalStore, type ReactNode } from 'react';
import type { XAxisSource } from '../../../../shared/ipc/domains/layouts';
import type { LiveSource } from './liveSource';
import type { ScrollBackState } from './scrollBack';

export interface ScrollBackStatusProps {
  readonly source: LiveSource;
  readonly axis: XAxisSource;
  /** Seconds the view keeps in memory (the layout's window), for the hint when nothing is recorded. */
  readonly windowS: number;
}

/**
 * One line under a paused device's header saying what the scroll-back is doing: reading the
 * recording, how much history it found, or why there is none and what to do about it. The oldest
 * in-memory x is in `data-live-from` (tests compare the plots' first drawn x with it).
 */
export function ScrollBackStatus({ source, axis, windowS }: ScrollBackStatusProps): ReactNode {
  const history = source.history;
  const state = useSyncExternalStore(history?.subscribe ?? noSubscription, history?.getState ?? idle);
  if (!source.paused || state.kind === 'idle') return null;
  const ring = source.view;
  return (
    <p className={state.kind === 'error' ? 'error-text' : 'muted'} role="status" data-testid="scroll-back-status" data-state={state.kind} data-live-from={ring.size > 0 ? ring.x(0, axis) : ''}>
      {describe(state, windowS)}
    </p>
  );
}

function describe(state: Exclude<ScrollBackState, { kind: 'idle' }>, windowS: number): string {
  switch (state.kind) {
    case 'loading':
      return 'Loading older data from the recording…';
    case 'loaded': {
      const { frames, recordedFrom } = state.history;
      const start = recordedFrom !== null && recordedFrom > state.request.from ? ' The recording starts later than the view: nothing older exists.' : '';
      return `History from the recording: ${frames.toLocaleString()} frames before the last ${windowS} s held in memory.${start}`;
    }
    case 'unavailable':
      return state.reason === 'not-recording'
        ? `Start a recording (Alt+R) to keep history beyond ${windowS} s.`
        : `This device is not in the recording in progress; only the last ${windowS} s are in memory.`;
    case 'error':
      return `Could not read history from the recording: ${state.message}`;
  }
}

const noSubscription = (): (() => void) => () => undefined;
const idle = (): ScrollBackState => IDLE;
const IDLE: ScrollBackState = { kind: 'idle' };
