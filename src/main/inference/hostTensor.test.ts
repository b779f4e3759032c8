import { describe, expect, it } from 'vitest';
import { allocateTensorData, compactTensorData, dtypeOf, elementCount } from './hostTensor';

describe('hostTensor', () => {
  it('keeps an array that spans its buffer and copies a view, so a clone never ships the rest of the buffer', () => {
    const ring = new Float32Array(1024).map((_, i) => i);
    expect(compactTensorData(ring)).toBe(ring);
    const window = ring.subarray(64, 128);
    const compacted = compactTensorData(window);
    expect(compacted.buffer.byteLength).toBe(64 * 4);
    expect(compacted.byteOffset).toBe(0);
    expect(Array.from(compacted)).toEqual(Array.from(window));
    expect(structuredClone(compacted).buffer.byteLength).toBe(256);
  });

  it('maps dtypes to storage and back', () => {
    for (const dtype of ['float32', 'int64', 'bool'] as const) {
      const data = allocateTensorData(dtype, 6);
      expect(data.length).toBe(6);
      expect(dtypeOf(data)).toBe(dtype);
    }
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(elementCount([0, 3])).toBe(0);
  });
});
