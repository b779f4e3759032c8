/**
 * Splits a byte stream into records ending at a delimiter byte (`\n` for lines, 0x00 for COBS
 * frames), keeping the unfinished record between chunks. Memory is bounded: a record longer than
 * `maxRecordBytes` is dropped as it streams in, and reported once its delimiter arrives.
 */
export class DelimitedSplitter {
  readonly #delimiter: number;
  readonly #maxRecordBytes: number;
  #pending: Uint8Array;
  #pendingLength = 0;
  /** Bytes of the current record dropped because it outgrew the maximum; 0 when not dropping. */
  #overflowed = 0;

  constructor(delimiter: number, maxRecordBytes: number) {
    this.#delimiter = delimiter;
    this.#maxRecordBytes = maxRecordBytes;
    this.#pending = new Uint8Array(Math.min(maxRecordBytes, 256));
  }

  /** Bytes held for the unfinished record. */
  get pendingBytes(): number {
    return this.#pendingLength;
  }

  /**
   * Feeds one chunk. `onRecord` gets each complete record without its delimiter, as a view that
   * is only valid during the call; `onOversize` gets the length of each dropped record.
   */
  push(chunk: Uint8Array, onRecord: (record: Uint8Array) => void, onOversize: (bytes: number) => void): void {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(this.#delimiter, start);
      const stop = end === -1 ? chunk.length : end;
      this.#append(chunk.subarray(start, stop));
      if (end === -1) return;
      this.#finishRecord(onRecord, onOversize);
      start = end + 1;
    }
  }

  #append(bytes: Uint8Array): void {
    if (this.#overflowed > 0 || this.#pendingLength + bytes.length > this.#maxRecordBytes) {
      this.#overflowed += this.#pendingLength + bytes.length;
      this.#pendingLength = 0;
      return;
    }
    if (this.#pendingLength + bytes.length > this.#pending.length) {
      const grown = new Uint8Array(Math.min(this.#maxRecordBytes, Math.max(this.#pending.length * 2, this.#pendingLength + bytes.length)));
      grown.set(this.#pending.subarray(0, this.#pendingLength));
      this.#pending = grown;
    }
    this.#pending.set(bytes, this.#pendingLength);
    this.#pendingLength += bytes.length;
  }

  #finishRecord(onRecord: (record: Uint8Array) => void, onOversize: (bytes: number) => void): void {
    if (this.#overflowed > 0) {
      const dropped = this.#overflowed;
      this.#overflowed = 0;
      onOversize(dropped);
      return;
    }
    const record = this.#pending.subarray(0, this.#pendingLength);
    this.#pendingLength = 0;
    onRecord(record);
  }
}
