import { describe, expect, it } from 'vitest';
import type { RecordingHistory } from '../../../../shared/ipc/domains/recording';
import { ScrollBack, type ScrollBackRequest } from './scrollBack';

/** A fetch whose answers the test releases one at a time. */
function controlledFetch(): { fetch: (r: ScrollBackRequest) => Promise<RecordingHistory>; asked: ScrollBackRequest[]; answer: (h: RecordingHistory) => Promise<void> } {
  const asked: ScrollBackRequest[] = [];
  const waiting: ((h: RecordingHistory) => void)[] = [];
  return {
    asked,
    fetch: (r) => {
      asked.push(r);
      return new Promise((resolve) => waiting.push(resolve));
    },
    answer: async (h) => {
      waiting.shift()?.(h);
      await Promise.resolve();
    },
  };
}

const history = (x: number[]): RecordingHistory => ({ available: true, x, columns: [x.map((v) => v * 10), x.map(() => null)], frames: x.length, recordedFrom: x[0] ?? null });
const request = (from: number, to: number, maxPointsPerSeries = 100): ScrollBackRequest => ({ axis: 'device', from, to, maxPointsPerSeries });

describe('ScrollBack', () => {
  it('reads a range once, serves pans inside it from memory and the latest wish outside it after the read', async () => {
    const f = controlledFetch();
    let changes = 0;
    const scroll = new ScrollBack(f.fetch, () => (changes += 1));
    scroll.want(request(0, 10));
    scroll.want(request(2, 10)); // inside what is loading
    scroll.want(request(-5, 10)); // outside: kept for later
    scroll.want(request(-8, 10)); // replaces the previous wish
    expect(f.asked).toEqual([request(0, 10)]);
    await f.answer(history([1, 2, 3]));
    expect(scroll.getState().kind).toBe('loading');
    expect(f.asked).toEqual([request(0, 10), request(-8, 10)]);
    await f.answer(history([-7, 1, 2, 3]));
    scroll.want(request(-6, 10));
    expect(f.asked).toHaveLength(2);
    // Zoomed in far beyond the loaded resolution: read again.
    scroll.want(request(1, 2));
    expect(f.asked).toHaveLength(3);
    expect(changes).toBeGreaterThanOrEqual(4);
  });

  it('slices the loaded history to the view and the plot’s columns, on the loaded axis only', async () => {
    const f = controlledFetch();
    const scroll = new ScrollBack(f.fetch, () => undefined);
    expect(scroll.slice('device', [0], 0, 10)).toBeUndefined();
    scroll.want(request(0, 10));
    await f.answer(history([1, 2, 3, 4]));
    expect(scroll.slice('device', [0, 1], 2, 3)).toEqual([[2, 3], [20, 30], [null, null]]);
    expect(scroll.slice('host', [0], 0, 10)).toBeUndefined();
    expect(scroll.slice('device', [0], 5, 10)).toBeUndefined();
  });

  it('says why there is no history, asks again a little later (a recording may have started), and forgets everything on reset, ignoring a read still in flight', async () => {
    const f = controlledFetch();
    let nowMs = 0;
    const scroll = new ScrollBack(f.fetch, () => undefined, () => nowMs);
    scroll.want(request(0, 10));
    await f.answer({ available: false, reason: 'not-recording' });
    expect(scroll.getState()).toEqual({ kind: 'unavailable', reason: 'not-recording', at: 0 });
    scroll.want(request(-5, 10));
    expect(f.asked).toHaveLength(1);
    nowMs = 2500;
    scroll.want(request(-5, 10));
    expect(f.asked).toHaveLength(2);
    await f.answer(history([-4, -3]));
    expect(scroll.getState()).toMatchObject({ kind: 'loaded' });
    scroll.reset();
    scroll.want(request(0, 10));
    scroll.reset();
    await f.answer(history([1]));
    expect(scroll.getState()).toEqual({ kind: 'idle' });
  });
});
