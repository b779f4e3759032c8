import { describe, expect, it } from 'vitest';
import type { ModelOutput } from '../../shared/domain/modelManifest';
import { decodeOutput, PerSampleEventDetector } from './outputDecoding';
import type { Window } from './windower';

function window(endSeq: number, length: number): Window {
  return {
    data: new Float32Array(length),
    channels: 1,
    length,
    sampleTimesS: Float64Array.from({ length }, (_, i) => (endSeq - length + 1 + i) / 100),
    endSeq,
    endDeviceTimeS: endSeq / 100,
    endHostTimeMs: 0,
  };
}
const tensor = (rows: number[][]) => ({ dims: [rows.length, rows[0].length], data: Float32Array.from(rows.flat()) });

describe('decodeOutput', () => {
  it('applies softmax to logits and names the top class', () => {
    const out: ModelOutput = { name: 'c', dtype: 'float32', shape: ['batch', 3], kind: 'classification', labels: ['a', 'b', 'c'], softmaxApplied: false };
    const d = decodeOutput(out, tensor([[0, 0, 0], [1, 3, 2]]), 1, window(0, 1), new PerSampleEventDetector());
    if (d.kind !== 'classification') throw new Error(d.kind);
    expect(d.top).toBe('b');
    expect(d.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(d.topProbability).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(3) + Math.exp(2)), 6);
  });

  it('denormalises regression outputs per element', () => {
    const out: ModelOutput = { name: 'r', dtype: 'float32', shape: ['batch', 2], kind: 'regression', units: 'V', denormalisation: { mean: [1, -1], std: [2, 0.5] } };
    const d = decodeOutput(out, tensor([[0.5, 2]]), 0, window(0, 1), new PerSampleEventDetector());
    expect(d).toEqual({ kind: 'regression', name: 'r', units: 'V', values: [2, 0] });
  });

  it('names the reference channel of each regression value when the manifest does', () => {
    const out: ModelOutput = { name: 'r', dtype: 'float32', shape: ['batch', 2], kind: 'regression', units: 'V', referenceChannels: ['hq_00', 'hq_01'] };
    const d = decodeOutput(out, tensor([[0.5, 2]]), 0, window(0, 1), new PerSampleEventDetector());
    expect(d).toEqual({ kind: 'regression', name: 'r', units: 'V', values: [0.5, 2], referenceChannels: ['hq_00', 'hq_01'] });
  });

  it('applies sigmoid and per-label thresholds to multi-label logits', () => {
    const out: ModelOutput = { name: 'm', dtype: 'float32', shape: ['batch', 2], kind: 'multilabel', labels: ['rose', 'musk'], sigmoidApplied: false, thresholds: [0.5, 0.9] };
    const d = decodeOutput(out, tensor([[0.1, 1.0]]), 0, window(0, 1), new PerSampleEventDetector());
    if (d.kind !== 'multilabel') throw new Error(d.kind);
    expect(d.active).toEqual(['rose']);
  });
});

describe('PerSampleEventDetector', () => {
  const out = { name: 's', dtype: 'float32' as const, shape: ['batch', 20], kind: 'events' as const, labels: ['step'], threshold: 0.5, perSample: { trustedStart: 5, trustedEnd: 10, minDistanceSamples: 3 } };

  it('finds peaks in the trusted part only, once across overlapping windows', () => {
    const detector = new PerSampleEventDetector();
    // Window A covers samples 0..19 (trusted 5..9): a peak at sample 7.
    const a = new Array<number>(20).fill(0);
    a[7] = 0.9;
    a[6] = 0.6;
    a[15] = 0.95; // outside the trusted part: ignored here
    const first = detector.detect(out, a, window(19, 20));
    expect(first.kind === 'events' && first.events.map((e) => e.deviceTimeS)).toEqual([0.07]);
    // Two hops later, window C covers samples 10..29 (trusted 15..19): sample 15 is at index 5.
    const b = new Array<number>(20).fill(0);
    b[5] = 0.95;
    const second = detector.detect(out, b, window(29, 20));
    expect(second.kind === 'events' && second.events.map((e) => e.deviceTimeS)).toEqual([0.15]);
  });

  it('keeps events at least minDistance samples apart and ignores scores below threshold', () => {
    const detector = new PerSampleEventDetector();
    const s = new Array<number>(20).fill(0.2);
    s[5] = 0.8;
    s[7] = 0.7; // a smaller neighbour within 3 samples: not a peak
    s[9] = 0.4;
    const found = detector.detect(out, s, window(19, 20));
    expect(found.kind === 'events' && found.events.length).toBe(1);
  });
});
