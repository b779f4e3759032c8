import { describe, expect, it } from 'vitest';
import { modelManifestSchema, type ModelManifest } from '../../shared/domain/modelManifest';
import { checkFeeds, checkGraphAgainstManifest } from './modelSignature';

/** SITS-shaped: sequences [B, T, 4, 8, 8] with masks [B, T] → predictions [B, 10]. */
const manifest: ModelManifest = modelManifestSchema.parse({
  formatVersion: 1,
  name: 'sits-tiny',
  version: '1.0.0',
  family: 'sits',
  description: '',
  inputs: [
    { name: 'sequences', dtype: 'float32', shape: ['batch', 'T', 4, 8, 8] },
    { name: 'masks', dtype: 'bool', shape: ['batch', 'T'] },
  ],
  outputs: [
    { name: 'predictions', dtype: 'float32', shape: ['batch', 10], kind: 'classification', labels: 'abcdefghij'.split(''), softmaxApplied: false },
  ],
  latencyBudget: { p95Ms: 100 },
  validation: {},
  parity: { reference: 'reference.json' },
  files: [
    { path: 'model.onnx', sha256: '0'.repeat(64), bytes: 1 },
    { path: 'reference.json', sha256: '0'.repeat(64), bytes: 1 },
  ],
});

const graph = {
  inputs: [
    { name: 'sequences', dtype: 'float32', shape: ['batch_size', 'seq', 4, 8, 8] },
    { name: 'masks', dtype: 'bool', shape: ['batch_size', 'seq'] },
  ],
  outputs: [{ name: 'predictions', dtype: 'float32', shape: ['batch_size', 10] }],
};

describe('checkGraphAgainstManifest', () => {
  it('accepts a graph whose symbolic axes are named differently', () => {
    expect(checkGraphAgainstManifest(manifest, graph)).toEqual([]);
  });

  it('accepts an output of unknown rank', () => {
    expect(checkGraphAgainstManifest(manifest, { ...graph, outputs: [{ name: 'predictions', dtype: 'float32', shape: [] }] })).toEqual([]);
  });

  it('names dtype, rank, size and pinned-batch mismatches', () => {
    const issues = checkGraphAgainstManifest(manifest, {
      inputs: [
        { name: 'sequences', dtype: 'float32', shape: [1, 'seq', 4, 8, 9] },
        { name: 'masks', dtype: 'float16', shape: ['batch_size', 'seq'] },
        { name: 'lengths', dtype: 'int64', shape: ['batch_size'] },
      ],
      outputs: [{ name: 'predictions', dtype: 'float32', shape: ['batch_size', 10, 1] }],
    });
    expect(issues).toEqual([
      'input "sequences" axis 0 is fixed to 1 in the model but manifest.json declares it variable ("batch")',
      'input "sequences" axis 4 is 9 but manifest.json declares 8',
      'input "masks" is float16 in the model but bool in manifest.json',
      'output "predictions" has 3 axes [batch_size, 10, 1] but manifest.json declares 2 [batch, 10]',
      'the model needs input "lengths", which manifest.json does not describe',
    ]);
  });
});

describe('checkFeeds', () => {
  const feeds = (batch: number, t: number, maskT = t) => ({
    sequences: { dims: [batch, t, 4, 8, 8], data: new Float32Array(batch * t * 256) },
    masks: { dims: [batch, maskT], data: new Uint8Array(batch * maskT) },
  });

  it('accepts any size on named axes', () => {
    expect(checkFeeds(manifest, feeds(3, 12))).toEqual([]);
  });

  it('requires a named axis to agree across inputs', () => {
    expect(checkFeeds(manifest, feeds(2, 12, 11))).toEqual(['input "masks" axis 1 ("T") is 11 but 12 in input "sequences"']);
  });

  it('names a missing input, a short buffer and bad dims', () => {
    const good = feeds(1, 2);
    expect(checkFeeds(manifest, { sequences: good.sequences })).toEqual(['input "masks" is missing']);
    expect(checkFeeds(manifest, { ...good, masks: { dims: [1, 2], data: new Uint8Array(1) } })).toEqual([
      'input "masks" has 1 values but dims [1, 2] need 2',
    ]);
    expect(checkFeeds(manifest, { ...good, masks: { dims: [1, 1.5], data: new Uint8Array(2) } })).toEqual([
      'input "masks" has dims [1, 1.5]; each must be a whole number ≥ 0',
    ]);
  });
});
