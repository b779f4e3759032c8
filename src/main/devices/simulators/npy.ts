/**
 * NumPy `.npy` files (format 1.0), the exchange format with the Python training scripts:
 * `numpy.load` reads what `encodeNpy` writes, and `decodeNpy` reads what numpy writes for the
 * dtypes we use. Little-endian and C order only, which is what numpy produces on every
 * platform we run on. Spec: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

/** An n-dimensional array in one of the dtypes datasets use. */
export type NpyArray =
  | { readonly dtype: 'float32'; readonly shape: readonly number[]; readonly data: Float32Array }
  | { readonly dtype: 'float64'; readonly shape: readonly number[]; readonly data: Float64Array }
  | { readonly dtype: 'int64'; readonly shape: readonly number[]; readonly data: BigInt64Array }
  | { readonly dtype: 'uint8'; readonly shape: readonly number[]; readonly data: Uint8Array };

/** The dtypes `.npy` files of datasets may hold. */
export type NpyDtype = NpyArray['dtype'];

/** A file that is not a `.npy` this reader understands; the message says why. */
export class NpyFormatError extends Error {
  override readonly name = 'NpyFormatError';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const DESCR: Readonly<Record<NpyDtype, string>> = { float32: '<f4', float64: '<f8', int64: '<i8', uint8: '|u1' };
/** numpy pads the header so the data starts on a 64-byte boundary. */
const ALIGNMENT = 64;

/** Encodes an array as the bytes of a `.npy` file. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new RangeError(`shape (${array.shape.join(', ')}) holds ${count} values but data has ${array.data.length}`);
  }
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${DESCR[array.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  const preamble = MAGIC.length + 2 + 2;
  // Pad with spaces and end with a newline, as numpy does, to reach the alignment.
  header += ' '.repeat((ALIGNMENT - ((preamble + header.length + 1) % ALIGNMENT)) % ALIGNMENT) + '\n';
  const out = new Uint8Array(preamble + header.length + array.data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  out.set(new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength), preamble + header.length);
  return out;
}

/** Decodes the bytes of a `.npy` file (format 1.0–3.0); throws `NpyFormatError` on anything else. */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyFormatError('not a .npy file (bad magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerStart = 10;
    headerLength = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    headerStart = 12;
    headerLength = view.getUint32(8, true);
  } else {
    throw new NpyFormatError(`unsupported .npy format version ${major}.${bytes[7]}`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new NpyFormatError('header runs past the end of the file');
  const header = new TextDecoder().decode(bytes.subarray(headerStart, dataStart));

  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new NpyFormatError(`malformed header: ${header.trim()}`);
  if (fortran === 'True') throw new NpyFormatError('Fortran-order arrays are not supported');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new NpyFormatError(`bad shape (${shapeText})`);
  const dtype = (Object.keys(DESCR) as NpyDtype[]).find((d) => DESCR[d] === descr || (d === 'uint8' && descr === '<u1'));
  if (dtype === undefined) throw new NpyFormatError(`unsupported dtype ${descr} (want float32, float64, int64 or uint8, little-endian)`);

  const count = shape.reduce((a, b) => a * b, 1);
  const itemSize = dtype === 'uint8' ? 1 : dtype === 'float32' ? 4 : 8;
  if (bytes.length - dataStart < count * itemSize) throw new NpyFormatError(`file too short for shape (${shape.join(', ')})`);
  // Copy the data out: a typed array view needs an aligned offset, which a subarray may not have.
  // Uint8Array's slice copies; a Node Buffer's slice is a view of a pooled ArrayBuffer, so never call Buffer's.
  const buffer = Uint8Array.prototype.slice.call(bytes, dataStart, dataStart + count * itemSize).buffer;
  switch (dtype) {
    case 'float32':
      return { dtype, shape, data: new Float32Array(buffer) };
    case 'float64':
      return { dtype, shape, data: new Float64Array(buffer) };
    case 'int64':
      return { dtype, shape, data: new BigInt64Array(buffer) };
    case 'uint8':
      return { dtype, shape, data: new Uint8Array(buffer) };
  }
}
