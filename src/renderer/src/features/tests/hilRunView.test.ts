import { describe, expect, it } from 'vitest';
import type { HilProgressEvent } from '../../../../shared/domain/hilRecord';
import { foldHilProgress, type RunView } from './hilRunView';

const started: HilProgressEvent = { type: 'run-started', runId: 'r1', suite: 'IMU', steps: [{ phase: 'main', name: 'stream-health' }, { phase: 'main', name: 'identify' }] };

describe('foldHilProgress', () => {
  it('rebuilds a run from its events: steps running, progressing, and the verdict', () => {
    const events: HilProgressEvent[] = [
      started,
      { type: 'step-started', runId: 'r1', phase: 'main', index: 0, name: 'stream-health', attempt: 1 },
      { type: 'step-progress', runId: 'r1', phase: 'main', index: 0, name: 'stream-health', fraction: 0.5 },
      { type: 'run-finished', runId: 'r1', outcome: 'fail', message: 'stream-health: rate' },
    ];
    const view = events.reduce<RunView | undefined>(foldHilProgress, undefined);
    expect(view?.steps.map((s) => [s.name, s.state, s.fraction])).toEqual([
      ['stream-health', 'running', 0.5],
      ['identify', 'waiting', 0],
    ]);
    expect(view).toMatchObject({ runId: 'r1', outcome: 'fail', message: 'stream-health: rate' });
  });

  it('ignores events of another run, and a new run replaces the old view', () => {
    const view = foldHilProgress(undefined, started);
    expect(foldHilProgress(view, { type: 'run-finished', runId: 'other', outcome: 'pass', message: null })).toBe(view);
    expect(foldHilProgress(view, { ...started, runId: 'r2' } as HilProgressEvent)?.runId).toBe('r2');
  });
});
