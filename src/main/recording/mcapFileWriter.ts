import { open, type FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';
import {
  McapChunkBuilder,
  McapRecordBuilder,
  Opcode,
  type McapTypes,
} from '@mcap/core';
import type { IChunkCompression } from './chunkCompression';

/** Options of {@link McapFileWriter}. */
export interface McapFileWriterOptions {
  readonly compression: IChunkCompression;
  /**
   * `fdatasync` after every chunk, so a power cut (not just a crash) loses at most the chunk being
   * built. A killed process loses nothing written either way: the bytes are in the page cache.
   */
  readonly syncEachChunk: boolean;
  /** MCAP header profile; empty for our own schemas. */
  readonly profile?: string;
  readonly library: string;
}

/** The earliest and latest publish time (ns) of one channel's messages in a chunk. */
export interface PublishSpan {
  min: bigint;
  max: bigint;
}

/** A chunk already in the file: its index record and, per channel id, its messages' publish-time span. */
export interface CompletedChunk {
  readonly index: McapTypes.ChunkIndex;
  /** Frames publish at device time, so this finds a device's frames by device time without reading chunks. */
  readonly publishSpans: ReadonlyMap<number, Readonly<PublishSpan>>;
}

/**
 * An MCAP writer for files that must be readable after a crash at any moment.
 *
 * `@mcap/core`'s McapWriter cuts a chunk only when it reaches its size, so a slow device's frames
 * could sit in memory for minutes; this writer adds {@link flush}, which closes the open chunk
 * now. Schemas, channels and metadata go to the data section outside chunks the moment they are
 * registered, so a truncated file still names every channel. Everything else follows the spec's
 * indexed layout (chunk + message indexes; summary with schemas, channels, statistics, metadata
 * and chunk indexes; summary offsets; footer), so McapIndexedReader and Foxglove open the result.
 *
 * All methods but {@link settle} and {@link close} are synchronous: they serialise records and
 * queue the bytes on one ordered chain of file writes. The first write error stops the chain and
 * is reported by `settle`/`close` and {@link error}.
 */
export class McapFileWriter {
  readonly #file: FileHandle;
  readonly #options: McapFileWriterOptions;
  readonly #out = new McapRecordBuilder();
  readonly #chunk = new McapChunkBuilder({ useMessageIndex: true });
  readonly #schemas = new Map<number, McapTypes.Schema>();
  readonly #channels = new Map<number, McapTypes.Channel>();
  readonly #chunkIndexes: McapTypes.ChunkIndex[] = [];
  readonly #metadataIndexes: McapTypes.MetadataIndex[] = [];
  readonly #statistics: McapTypes.Statistics = {
    messageCount: 0n,
    schemaCount: 0,
    channelCount: 0,
    attachmentCount: 0,
    metadataCount: 0,
    chunkCount: 0,
    messageStartTime: 0n,
    messageEndTime: 0n,
    channelMessageCounts: new Map(),
  };
  /** Bytes handed to the write chain so far: the file offset of the next record. */
  #position = 0n;
  /** Bytes the file holds: everything before this offset can be read back while writing goes on. */
  #writtenPosition = 0n;
  /** Publish-time span of each channel in the open chunk (see {@link CompletedChunk}). */
  #openPublishSpans = new Map<number, PublishSpan>();
  readonly #publishSpans: ReadonlyMap<number, PublishSpan>[] = [];
  #dataCrc = 0;
  #writes: Promise<void> = Promise.resolve();
  #pendingWriteBytes = 0;
  #error: Error | undefined;
  #closed = false;

  private constructor(file: FileHandle, options: McapFileWriterOptions) {
    this.#file = file;
    this.#options = options;
  }

  /** Creates `path` (refusing to overwrite) and writes the magic and header. */
  static async create(path: string, options: McapFileWriterOptions): Promise<McapFileWriter> {
    const file = await open(path, 'wx');
    const writer = new McapFileWriter(file, options);
    writer.#out.writeMagic();
    writer.#out.writeHeader({ profile: options.profile ?? '', library: options.library });
    writer.#emitOut(true);
    return writer;
  }

  /** Bytes queued for the file but not yet written (the disk's backlog). */
  get pendingWriteBytes(): number {
    return this.#pendingWriteBytes;
  }

  /** Uncompressed bytes in the open chunk. */
  get openChunkBytes(): number {
    return this.#chunk.byteLength;
  }

  /** Messages in the open chunk. */
  get openChunkMessages(): number {
    return this.#chunk.numMessages;
  }

  /** Bytes handed to the file so far. */
  get position(): bigint {
    return this.#position;
  }

  get chunkCount(): number {
    return this.#statistics.chunkCount;
  }

  /** Every channel registered so far, by id. */
  get channels(): ReadonlyMap<number, McapTypes.Channel> {
    return this.#channels;
  }

  /**
   * The chunks whose bytes (and message indexes) are already in the file, oldest first: what a
   * reader of the file being written can rely on, without the summary that only {@link close} writes.
   */
  completedChunks(): CompletedChunk[] {
    const done: CompletedChunk[] = [];
    for (const [i, index] of this.#chunkIndexes.entries()) {
      if (index.chunkStartOffset + index.chunkLength + index.messageIndexLength > this.#writtenPosition) break;
      done.push({ index, publishSpans: this.#publishSpans[i] });
    }
    return done;
  }

  /** The first write error, after which nothing more reaches the file. */
  get error(): Error | undefined {
    return this.#error;
  }

  registerSchema(schema: Omit<McapTypes.Schema, 'id'>): number {
    const id = this.#schemas.size + 1;
    const record = { ...schema, id };
    this.#schemas.set(id, record);
    this.#statistics.schemaCount++;
    this.#out.writeSchema(record);
    return id;
  }

  registerChannel(channel: Omit<McapTypes.Channel, 'id'>): number {
    const id = this.#channels.size;
    const record = { ...channel, id };
    this.#channels.set(id, record);
    this.#statistics.channelCount++;
    this.#out.writeChannel(record);
    return id;
  }

  /** Adds a message to the open chunk (the caller decides when to {@link flush} it). */
  addMessage(message: McapTypes.Message): void {
    const stats = this.#statistics;
    if (stats.messageCount === 0n || message.logTime < stats.messageStartTime) stats.messageStartTime = message.logTime;
    if (stats.messageCount === 0n || message.logTime > stats.messageEndTime) stats.messageEndTime = message.logTime;
    stats.messageCount++;
    stats.channelMessageCounts.set(message.channelId, (stats.channelMessageCounts.get(message.channelId) ?? 0n) + 1n);
    const span = this.#openPublishSpans.get(message.channelId);
    if (!span) this.#openPublishSpans.set(message.channelId, { min: message.publishTime, max: message.publishTime });
    else if (message.publishTime < span.min) span.min = message.publishTime;
    else if (message.publishTime > span.max) span.max = message.publishTime;
    this.#chunk.addMessage(message);
  }

  /** Writes a metadata record to the data section now (outside chunks, as the spec requires). */
  addMetadata(name: string, entries: ReadonlyMap<string, string>): void {
    const offset = this.#position + BigInt(this.#out.length);
    const length = this.#out.writeMetadata({ name, metadata: new Map(entries) });
    this.#metadataIndexes.push({ name, offset, length });
    this.#statistics.metadataCount++;
  }

  /** Queues the open chunk (if any) and any pending records for writing. */
  flush(): void {
    const cut = this.#chunk.numMessages > 0;
    if (cut) this.#cutChunk();
    this.#emitOut(cut);
  }

  /** Resolves when every queued byte is in the file (and synced, if configured); rejects on a write error. */
  async settle(): Promise<void> {
    await this.#writes;
    if (this.#error) throw this.#error;
  }

  /** Writes the open chunk, the summary and the footer, syncs and closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.flush();
      this.#writeSummary();
      this.#emitOut(false);
      await this.#writes;
      if (this.#error) throw this.#error;
      await this.#file.sync();
    } finally {
      await this.#file.close();
    }
  }

  /** Closes the file without a summary, as a crash would leave it (for a failed session). */
  async abandon(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writes;
    await this.#file.close();
  }

  #cutChunk(): void {
    const chunk = this.#chunk;
    const data = chunk.buffer;
    const compressed = this.#options.compression.compress(data);
    const record: McapTypes.Chunk = {
      messageStartTime: chunk.messageStartTime,
      messageEndTime: chunk.messageEndTime,
      uncompressedSize: BigInt(data.byteLength),
      uncompressedCrc: zlib.crc32(data),
      compression: this.#options.compression.name,
      records: compressed,
    };
    // Records registered since the last flush (channels, metadata) are written before the chunk.
    const chunkStartOffset = this.#position + BigInt(this.#out.length);
    const chunkLength = this.#out.writeChunk(record);
    const messageIndexStart = chunkStartOffset + chunkLength;
    const messageIndexOffsets = new Map<number, bigint>();
    let messageIndexLength = 0n;
    for (const index of chunk.indices) {
      messageIndexOffsets.set(index.channelId, messageIndexStart + messageIndexLength);
      messageIndexLength += this.#out.writeMessageIndex(index);
    }
    this.#chunkIndexes.push({
      messageStartTime: record.messageStartTime,
      messageEndTime: record.messageEndTime,
      chunkStartOffset,
      chunkLength,
      messageIndexOffsets,
      messageIndexLength,
      compression: record.compression,
      compressedSize: BigInt(compressed.byteLength),
      uncompressedSize: record.uncompressedSize,
    });
    this.#publishSpans.push(this.#openPublishSpans);
    this.#openPublishSpans = new Map();
    this.#statistics.chunkCount++;
    chunk.reset();
  }

  #writeSummary(): void {
    const out = this.#out;
    // flush() left nothing pending, so #dataCrc covers the whole data section.
    out.writeDataEnd({ dataSectionCrc: this.#dataCrc });
    const summaryStart = this.#position + BigInt(out.length);
    // The summary CRC covers everything from the summary's first byte through the footer's offsets.
    const summaryBodyStart = out.length;
    const offsets: McapTypes.SummaryOffset[] = [];
    const group = (opcode: number, write: () => bigint): void => {
      const groupStart = this.#position + BigInt(out.length);
      const groupLength = write();
      if (groupLength > 0n) offsets.push({ groupOpcode: opcode, groupStart, groupLength });
    };
    const sum = <T>(items: Iterable<T>, write: (item: T) => bigint): bigint => {
      let total = 0n;
      for (const item of items) total += write(item);
      return total;
    };
    group(Opcode.SCHEMA, () => sum(this.#schemas.values(), (s) => out.writeSchema(s)));
    group(Opcode.CHANNEL, () => sum(this.#channels.values(), (c) => out.writeChannel(c)));
    group(Opcode.STATISTICS, () => out.writeStatistics(this.#statistics));
    group(Opcode.METADATA_INDEX, () => sum(this.#metadataIndexes, (m) => out.writeMetadataIndex(m)));
    group(Opcode.CHUNK_INDEX, () => sum(this.#chunkIndexes, (c) => out.writeChunkIndex(c)));
    const summaryOffsetStart = this.#position + BigInt(out.length);
    for (const offset of offsets) out.writeSummaryOffset(offset);
    // Footer: opcode, length 20, summaryStart, summaryOffsetStart, then the CRC of all of the above.
    const footerHead = new DataView(new ArrayBuffer(1 + 8 + 8 + 8));
    footerHead.setUint8(0, Opcode.FOOTER);
    footerHead.setBigUint64(1, 20n, true);
    footerHead.setBigUint64(9, summaryStart, true);
    footerHead.setBigUint64(17, summaryOffsetStart, true);
    const summaryCrc = zlib.crc32(new Uint8Array(footerHead.buffer), zlib.crc32(out.buffer.subarray(summaryBodyStart)));
    out.writeFooter({ summaryStart, summaryOffsetStart, summaryCrc });
    out.writeMagic();
  }

  /** Moves the pending records to the write chain, then syncs if `sync` and configured. */
  #emitOut(sync: boolean): void {
    if (this.#out.length === 0) return;
    const bytes = this.#out.buffer.slice();
    this.#out.reset();
    this.#dataCrc = zlib.crc32(bytes, this.#dataCrc);
    this.#position += BigInt(bytes.byteLength);
    this.#pendingWriteBytes += bytes.byteLength;
    const doSync = sync && this.#options.syncEachChunk;
    this.#writes = this.#writes.then(async () => {
      if (this.#error) return;
      try {
        await writeAll(this.#file, bytes);
        this.#writtenPosition += BigInt(bytes.byteLength);
        if (doSync) await this.#file.datasync();
      } catch (error) {
        this.#error = error instanceof Error ? error : new Error(String(error));
      } finally {
        this.#pendingWriteBytes -= bytes.byteLength;
      }
    });
  }
}

async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.byteLength - offset);
    offset += bytesWritten;
  }
}
