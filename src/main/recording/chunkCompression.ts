import zlib from 'node:zlib';
import type { McapTypes } from '@mcap/core';

/**
 * How chunk bytes are compressed. `name` is the MCAP compression string ("" = none); readers find
 * the matching decompressor in {@link decompressHandlers}.
 */
export interface IChunkCompression {
  readonly name: string;
  compress(data: Uint8Array): Uint8Array;
}

/** No compression. */
export const noCompression: IChunkCompression = { name: '', compress: (data) => data };

/**
 * zstd from Node's own zlib (Node ≥ 22.15), so no native or wasm package is needed. A 64 KB chunk
 * of 32-channel frames compresses in well under a millisecond at the default level.
 */
export const zstdCompression: IChunkCompression = {
  name: 'zstd',
  compress: (data) => zlib.zstdCompressSync(data),
};

/** zstd where this Node has it (Electron's bundled Node may be older), else none. */
export function defaultChunkCompression(): IChunkCompression {
  return typeof zlib.zstdCompressSync === 'function' ? zstdCompression : noCompression;
}

/** Decompressors for every compression this build can read. */
export function decompressHandlers(): McapTypes.DecompressHandlers {
  if (typeof zlib.zstdDecompressSync !== 'function') return {};
  return { zstd: (buffer) => zlib.zstdDecompressSync(buffer) };
}
