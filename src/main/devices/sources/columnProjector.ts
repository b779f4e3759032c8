import { allocateFrameBatch, type FrameBatch } from '../../../shared/domain/frameBatch';

/**
 * Keeps a device's batches in the profile's column layout. A text device may print labels the
 * profile does not know, in any order, or start a new label mid-session; everything downstream
 * (plots, recorder, models) needs one fixed layout. Columns are matched by name where the decoder
 * has names the profile knows, else by position; unknown labels are dropped and counted.
 */
export class ColumnProjector {
  readonly #profileNames: readonly string[];
  readonly #width: number;
  #decoderChannels: readonly string[] | undefined;
  #signature = '';
  #sourceColumn: Int32Array = new Int32Array(0);
  #unmapped = 0;

  /** `width` is the profile's values per frame (more than its channel names for waveform devices). */
  constructor(profileNames: readonly string[], width: number) {
    this.#profileNames = profileNames;
    this.#width = width;
  }

  /** Decoder columns that match no profile channel (their values are not shown or recorded). */
  get unmappedColumns(): number {
    return this.#unmapped;
  }

  project(batch: FrameBatch, decoderChannels: readonly string[]): FrameBatch {
    if (decoderChannels !== this.#decoderChannels) {
      this.#decoderChannels = decoderChannels;
      const signature = decoderChannels.join('\u0000');
      if (signature !== this.#signature) {
        this.#signature = signature;
        this.#remap(decoderChannels);
      }
    }
    const identity = batch.channelCount === this.#width && this.#sourceColumn.every((src, i) => src === i);
    if (identity) return batch;
    const out = allocateFrameBatch(batch.deviceId, this.#width, batch.frameCount);
    out.seq.set(batch.seq);
    out.deviceTimeS.set(batch.deviceTimeS);
    out.hostTimeMs.set(batch.hostTimeMs);
    for (let f = 0; f < batch.frameCount; f++) {
      for (let c = 0; c < this.#width; c++) {
        const src = this.#sourceColumn[c];
        out.values[f * this.#width + c] = src >= 0 && src < batch.channelCount ? batch.values[f * batch.channelCount + src] : Number.NaN;
      }
    }
    return out;
  }

  #remap(decoderChannels: readonly string[]): void {
    const byName = new Map(decoderChannels.map((name, i) => [name, i]));
    const anyNamed = this.#profileNames.some((n) => byName.has(n));
    this.#sourceColumn = Int32Array.from({ length: this.#width }, (_, c) => {
      if (!anyNamed) return c;
      const name = this.#profileNames[c];
      return name !== undefined && byName.has(name) ? (byName.get(name) as number) : -1;
    });
    this.#unmapped = anyNamed ? decoderChannels.filter((n) => !this.#profileNames.includes(n)).length : 0;
  }
}
