import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, type NpyArray, NpyFormatError } from './npy';

const python = '/usr/bin/python3';
const hasNumpy = (() => {
  try {
    execFileSync(python, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 });

const arrayArb: fc.Arbitrary<NpyArray> = shapeArb.chain((shape) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: n, maxLength: n });
  return fc.oneof(
    values(fc.float({ noNaN: true })).map((v): NpyArray => ({ dtype: 'float32', shape, data: Float32Array.from(v) })),
    values(fc.double({ noNaN: true })).map((v): NpyArray => ({ dtype: 'float64', shape, data: Float64Array.from(v) })),
    values(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })).map((v): NpyArray => ({ dtype: 'int64', shape, data: BigInt64Array.from(v) })),
    values(fc.integer({ min: 0, max: 255 })).map((v): NpyArray => ({ dtype: 'uint8', shape, data: Uint8Array.from(v) })),
  );
});

describe('npy', () => {
  it('round-trips every dtype and shape', () => {
    fc.assert(
      fc.property(arrayArb, (array) => {
        const back = decodeNpy(encodeNpy(array));
        expect(back.dtype).toBe(array.dtype);
        expect(back.shape).toEqual(array.shape);
        expect(Array.from<number | bigint>(back.data)).toEqual(Array.from<number | bigint>(array.data));
      }),
    );
  });

  it('writes a format 1.0 header numpy accepts: magic, version, length, 64-byte alignment, newline', () => {
    const bytes = encodeNpy({ dtype: 'float32', shape: [2, 3], data: new Float32Array(6) });
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = bytes[8] | (bytes[9] << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(header.endsWith('\n')).toBe(true);
    expect(bytes.length).toBe(10 + headerLength + 24);
    const vector = new TextDecoder().decode(encodeNpy({ dtype: 'uint8', shape: [5], data: new Uint8Array(5) }).subarray(10, 80));
    expect(vector).toContain("'shape': (5,)");
  });

  it('refuses data that does not fill the shape', () => {
    expect(() => encodeNpy({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) })).toThrow(RangeError);
  });

  it('reports what is wrong with files it cannot read', () => {
    const good = encodeNpy({ dtype: 'float64', shape: [4], data: new Float64Array(4) });
    expect(() => decodeNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toThrow(/bad magic/);
    expect(() => decodeNpy(good.subarray(0, good.length - 1))).toThrow(/too short/);
    const bigEndian = good.slice();
    bigEndian.set(new TextEncoder().encode("'>f8'"), 10 + "{'descr': ".length);
    expect(() => decodeNpy(bigEndian)).toThrow(NpyFormatError);
  });

  it.skipIf(!hasNumpy)('writes files numpy reads back exactly, and reads what numpy writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    try {
      const ours = join(dir, 'ours.npy');
      writeFileSync(ours, encodeNpy({ dtype: 'int64', shape: [2, 3], data: BigInt64Array.from([1n, -2n, 3n, 2n ** 40n, 0n, -1n]) }));
      const theirs = join(dir, 'theirs.npy');
      const script = [
        'import numpy as np, sys',
        'a = np.load(sys.argv[1])',
        'print(a.dtype, a.shape, a.tolist())',
        'np.save(sys.argv[2], np.arange(12, dtype=np.float32).reshape(3, 4) / 4)',
      ].join('\n');
      const out = execFileSync(python, ['-c', script, ours, theirs], { encoding: 'utf8' }).trim();
      expect(out).toBe(`int64 (2, 3) [[1, -2, 3], [${2 ** 40}, 0, -1]]`);
      const back = decodeNpy(new Uint8Array(readFileSync(theirs)));
      expect(back.dtype).toBe('float32');
      expect(back.shape).toEqual([3, 4]);
      expect(Array.from<number | bigint>(back.data)).toEqual(Array.from({ length: 12 }, (_, i) => i / 4));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('decodeNpy from a Node Buffer', () => {
  it('reads the array, not the rest of the pooled buffer behind a Buffer view', () => {
    const encoded = encodeNpy({ dtype: 'float32', shape: [3], data: Float32Array.of(1.5, -2, 3) });
    // Buffer.from(small) is a view into Node's shared pool: its .buffer is much larger than the file.
    const pooled = Buffer.from(encoded);
    expect(Array.from(decodeNpy(pooled).data as Float32Array)).toEqual([1.5, -2, 3]);
  });
});
