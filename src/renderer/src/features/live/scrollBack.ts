import type { XAxisSource } from '../../../../shared/ipc/domains/layouts';
import type { RecordingHistory } from '../../../../shared/ipc/domains/recording';
import { messageOf } from '../../bridge/messageOf';

/** A history request: a range before the in-memory window, on the view's axis, at the plot's point budget. */
export interface ScrollBackRequest {
  readonly axis: XAxisSource;
  readonly from: number;
  readonly to: number;
  readonly maxPointsPerSeries: number;
}

/** What the scroll-back has: nothing asked yet, a read under way, the history, or why there is none. */
export type ScrollBackState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly request: ScrollBackRequest }
  | { readonly kind: 'loaded'; readonly request: ScrollBackRequest; readonly history: Extract<RecordingHistory, { available: true }> }
  | { readonly kind: 'unavailable'; readonly reason: Extract<RecordingHistory, { available: false }>['reason']; readonly at: number }
  | { readonly kind: 'error'; readonly message: string; readonly at: number };

/** After "no history" (not recording yet) or an error, a pan asks again once this long has passed: a recording may have started. */
const RETRY_AFTER_MS = 2000;

/** A loaded range is refetched when the view has zoomed in this much further than it was read for. */
const RESOLUTION_SLACK = 4;

/**
 * Disk-backed history for a paused live view: when the visible range starts before the oldest
 * frame in memory, the missing stretch is read (decimated) from the recording in progress, once
 * per range — a pan or zoom that stays inside what was read asks for nothing; one request is in
 * flight at a time, and the latest wish is served when it returns. Plots draw the history in front
 * of the in-memory frames; resuming the view forgets it.
 */
export class ScrollBack {
  readonly #fetch: (request: ScrollBackRequest) => Promise<RecordingHistory>;
  readonly #onChange: () => void;
  readonly #now: () => number;
  readonly #listeners = new Set<() => void>();
  #state: ScrollBackState = { kind: 'idle' };
  #pending: ScrollBackRequest | undefined;
  #generation = 0;

  constructor(fetch: (request: ScrollBackRequest) => Promise<RecordingHistory>, onChange: () => void, now: () => number = () => performance.now()) {
    this.#fetch = fetch;
    this.#onChange = onChange;
    this.#now = now;
  }

  getState = (): ScrollBackState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Asks for history covering `request` unless what is loaded (or loading) already does. */
  want(request: ScrollBackRequest): void {
    const s = this.#state;
    if ((s.kind === 'unavailable' || s.kind === 'error') && this.#now() - s.at < RETRY_AFTER_MS) return;
    if (s.kind === 'loaded' && covers(s.request, request)) return;
    if (s.kind === 'loading') {
      if (!covers(s.request, request)) this.#pending = request;
      return;
    }
    this.#load(request);
  }

  /**
   * The loaded history inside [xMin, xMax] on `axis` for `columns`, as [x, …columns], or undefined
   * when none applies (another axis, nothing loaded).
   */
  slice(axis: XAxisSource, columns: readonly number[], xMin: number, xMax: number): [number[], ...(number | null)[][]] | undefined {
    const s = this.#state;
    if (s.kind !== 'loaded' || s.request.axis !== axis) return undefined;
    const { x, columns: values } = s.history;
    const keep = x.flatMap((v, i) => (v >= xMin && v <= xMax ? [i] : []));
    if (keep.length === 0) return undefined;
    return [keep.map((i) => x[i]), ...columns.map((c) => keep.map((i) => values[c]?.[i] ?? null))];
  }

  /** Forgets the history (the view resumed following the live data); a read in flight is ignored. */
  reset(): void {
    this.#generation += 1;
    this.#pending = undefined;
    this.#set({ kind: 'idle' });
  }

  #load(request: ScrollBackRequest): void {
    const generation = ++this.#generation;
    this.#set({ kind: 'loading', request });
    this.#fetch(request).then(
      (history) => {
        if (generation !== this.#generation) return;
        this.#set(history.available ? { kind: 'loaded', request, history } : { kind: 'unavailable', reason: history.reason, at: this.#now() });
        const next = this.#pending;
        this.#pending = undefined;
        if (next) this.want(next);
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        this.#set({ kind: 'error', message: messageOf(error), at: this.#now() });
      },
    );
  }

  #set(state: ScrollBackState): void {
    this.#state = state;
    this.#onChange();
    for (const listener of this.#listeners) listener();
  }
}

/** Whether `loaded` has `wanted`'s range on the same axis at a resolution still good enough for it. */
function covers(loaded: ScrollBackRequest, wanted: ScrollBackRequest): boolean {
  const loadedStep = (loaded.to - loaded.from) / loaded.maxPointsPerSeries;
  const wantedStep = (wanted.to - wanted.from) / wanted.maxPointsPerSeries;
  return loaded.axis === wanted.axis && loaded.from <= wanted.from && loaded.to >= wanted.to && loadedStep <= wantedStep * RESOLUTION_SLACK;
}
