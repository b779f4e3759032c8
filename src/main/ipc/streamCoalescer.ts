import type { BinaryCodec } from '../../shared/ipc/contractTypes';

export interface StreamTransportSink {
  /** False while the transport's own buffer is full (e.g. WebSocket bufferedAmount over a limit). */
  canSend(): boolean;
  send(bytes: Uint8Array): void;
}

export interface StreamCoalescerOptions {
  /** Upper bound on messages per second towards one receiver (display rate). */
  readonly maxMessagesPerSecond: number;
  /** Upper bound on queued items (in codec `size` units, e.g. frames) before the oldest are dropped. */
  readonly maxPendingSize: number;
}

export interface StreamCoalescerStats {
  sentMessages: number;
  sentItems: number;
  droppedItems: number;
}

/**
 * Sits between a stream producer and one receiver: merges whatever queued since the last send
 * into one message, sends at most `maxMessagesPerSecond`, and only when the transport can take it.
 * The queue is bounded: a receiver that cannot keep up loses the oldest data (counted) instead of
 * making the core's memory grow. This is the UI path only; the recorder never goes through it.
 */
export class StreamCoalescer<D> {
  readonly #codec: BinaryCodec<D>;
  readonly #sink: StreamTransportSink;
  readonly #options: StreamCoalescerOptions;
  readonly #pending: D[] = [];
  #pendingSize = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastSendMs = -Infinity;
  #closed = false;
  readonly stats: StreamCoalescerStats = { sentMessages: 0, sentItems: 0, droppedItems: 0 };

  constructor(codec: BinaryCodec<D>, sink: StreamTransportSink, options: StreamCoalescerOptions) {
    this.#codec = codec;
    this.#sink = sink;
    this.#options = options;
  }

  push(item: D): void {
    if (this.#closed) return;
    this.#pending.push(item);
    this.#pendingSize += this.#codec.size(item);
    while (this.#pendingSize > this.#options.maxPendingSize && this.#pending.length > 1) {
      const dropped = this.#pending.shift() as D;
      const size = this.#codec.size(dropped);
      this.#pendingSize -= size;
      this.stats.droppedItems += size;
    }
    this.#schedule();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.length = 0;
    this.#pendingSize = 0;
  }

  #schedule(): void {
    if (this.#timer || this.#closed) return;
    const interval = 1000 / this.#options.maxMessagesPerSecond;
    const wait = Math.max(0, this.#lastSendMs + interval - performance.now());
    this.#timer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#timer = undefined;
    if (this.#closed || this.#pending.length === 0) return;
    if (!this.#sink.canSend()) {
      // The receiver is behind: keep merging, try again one interval later.
      this.#lastSendMs = performance.now();
      this.#schedule();
      return;
    }
    const merged = this.#codec.merge(this.#pending);
    this.#pending.length = 0;
    this.#pendingSize = 0;
    this.#lastSendMs = performance.now();
    this.stats.sentMessages += 1;
    this.stats.sentItems += this.#codec.size(merged);
    this.#sink.send(this.#codec.encode(merged));
  }
}
