import type { MutableDecoderStats } from './decoderStats';
import { DelimitedSplitter } from './delimitedSplitter';

/**
 * The line layer shared by the text and JSON decoders: splits at `\n`, drops a trailing `\r`,
 * decodes UTF-8 (invalid bytes become U+FFFD rather than an exception) and counts bytes in and
 * oversize lines.
 */
export class LineReader {
  readonly #stats: MutableDecoderStats;
  readonly #splitter: DelimitedSplitter;
  readonly #utf8 = new TextDecoder('utf-8');

  constructor(stats: MutableDecoderStats, maxLineBytes: number) {
    this.#stats = stats;
    this.#splitter = new DelimitedSplitter(0x0a, maxLineBytes);
  }

  get pendingBytes(): number {
    return this.#splitter.pendingBytes;
  }

  /** Feeds a chunk; `onLine` gets each complete line's text and its length in bytes. */
  read(chunk: Uint8Array, onLine: (line: string, byteLength: number) => void): void {
    this.#stats.bytesIn += chunk.length;
    this.#splitter.push(
      chunk,
      (record) => {
        const end = record.length > 0 && record[record.length - 1] === 0x0d ? record.length - 1 : record.length;
        onLine(this.#utf8.decode(record.subarray(0, end)), record.length);
      },
      (dropped) => {
        this.#stats.oversize++;
        this.#stats.discardedBytes += dropped;
      },
    );
  }
}
