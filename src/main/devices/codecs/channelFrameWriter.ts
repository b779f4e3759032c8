import { FrameBatchBuilder, type FrameBatch } from '../../../shared/domain/frameBatch';

/**
 * Assembles frames whose channels are found by name (labels, JSON keys) or by position, giving
 * every channel a stable column: a new channel appends a column, a channel missing from a frame
 * reads NaN. The number of columns is capped so that garbage labels cannot grow memory.
 */
export class ChannelFrameWriter {
  readonly #deviceId: string;
  readonly #maxChannels: number;
  readonly #names: string[] = [];
  readonly #columnOf = new Map<string, number>();
  #row: number[] = [];
  #builder: FrameBatchBuilder;

  constructor(deviceId: string, initialNames: readonly string[], maxChannels: number) {
    this.#deviceId = deviceId;
    this.#maxChannels = maxChannels;
    for (const name of initialNames) this.column(name);
    this.#builder = new FrameBatchBuilder(deviceId, this.#names.length);
  }

  /** Channel names in column order. */
  get channels(): readonly string[] {
    return this.#names;
  }

  /** The column of a channel, appending one for a new name; -1 when the cap is reached. */
  column(name: string): number {
    const existing = this.#columnOf.get(name);
    if (existing !== undefined) return existing;
    if (this.#names.length >= this.#maxChannels) return -1;
    this.#columnOf.set(name, this.#names.length);
    this.#names.push(name);
    this.#row.push(Number.NaN);
    return this.#names.length - 1;
  }

  /**
   * Makes sure columns 0…count-1 exist, naming new ones with `nameOf(index)` (made unique if a
   * label already took that name); false when the cap does not allow `count` columns.
   */
  ensureColumns(count: number, nameOf: (index: number) => string): boolean {
    if (count > this.#maxChannels) return false;
    while (this.#names.length < count) {
      const index = this.#names.length;
      const name = nameOf(index);
      this.column(this.#columnOf.has(name) ? `${name}#${index + 1}` : name);
    }
    return true;
  }

  /** Starts a new frame with every column NaN. */
  beginFrame(): void {
    this.#row.fill(Number.NaN);
  }

  /** Sets a column of the current frame (a column from `column()`). */
  set(column: number, value: number): void {
    this.#row[column] = value;
  }

  /** Sets a channel of the current frame by name; false when it would need a column beyond the cap. */
  setByName(name: string, value: number): boolean {
    const column = this.column(name);
    if (column >= 0) this.#row[column] = value;
    return column >= 0;
  }

  /** Completes the current frame. */
  endFrame(seq: number, deviceTimeS: number, hostTimeMs: number): void {
    if (this.#builder.channelCount !== this.#names.length) this.#widen();
    this.#builder.push(seq, deviceTimeS, hostTimeMs, this.#row);
  }

  /** The frames completed since the last call, with one column per channel known now. */
  take(): FrameBatch {
    if (this.#builder.channelCount !== this.#names.length) this.#widen();
    return this.#builder.take();
  }

  /** Re-homes the frames gathered so far into a builder with the new column count (rare: only when a channel appears). */
  #widen(): void {
    const old = this.#builder.take();
    this.#builder = new FrameBatchBuilder(this.#deviceId, this.#names.length, Math.max(64, old.frameCount * 2));
    for (let i = 0; i < old.frameCount; i++) {
      const values = old.values.subarray(i * old.channelCount, (i + 1) * old.channelCount);
      this.#builder.push(old.seq[i], old.deviceTimeS[i], old.hostTimeMs[i], values);
    }
  }
}
