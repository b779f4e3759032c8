import { open } from 'node:fs/promises';
import { McapStreamReader, type McapTypes } from '@mcap/core';
import { decompressHandlers } from './chunkCompression';

/** How far a stream read got. */
export interface StreamReadOutcome {
  /** The file ended with a valid footer and magic. */
  readonly complete: boolean;
  readonly fileBytes: number;
  /** Why reading stopped early (a parse or CRC error), or null at a clean end or truncation. */
  readonly error: string | null;
}

const PIECE_BYTES = 1024 * 1024;

/**
 * Reads every record of an MCAP file front to back with McapStreamReader, which needs no summary:
 * a file cut short yields every record (and every message of every chunk) that is complete, and a
 * damaged record stops the read with the error as a value. Messages inside chunks are yielded
 * after their chunk, schemas and channels before the messages that use them. Records are handed
 * over a piece of the file at a time, so memory stays bounded whatever the file's size.
 */
export async function streamMcapRecords(
  path: string,
  onRecords: (records: readonly McapTypes.TypedMcapRecord[]) => void | Promise<void>,
): Promise<StreamReadOutcome> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const reader = new McapStreamReader({ decompressHandlers: decompressHandlers() });
    const piece = new Uint8Array(PIECE_BYTES);
    let offset = 0;
    let error: string | null = null;
    while (offset < size && error === null && !reader.done()) {
      const { bytesRead } = await file.read(piece, 0, PIECE_BYTES, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      const records: McapTypes.TypedMcapRecord[] = [];
      try {
        reader.append(piece.subarray(0, bytesRead));
        for (let record; (record = reader.nextRecord()); ) records.push(record);
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
      // Outside the try: a failure in the caller's handler is not damage in the file.
      if (records.length > 0) await onRecords(records);
    }
    return { complete: reader.done(), fileBytes: size, error };
  } finally {
    await file.close();
  }
}
