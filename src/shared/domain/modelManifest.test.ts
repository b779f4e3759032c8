import { describe, expect, it } from 'vitest';
import { describeZodIssues } from '../ipc/contractError';
import fixtureManifest from '../../../models/testing/augmenter-mlp/manifest.json';
import { modelManifestSchema } from './modelManifest';

const HASH = 'a'.repeat(64);

/** A small valid manifest; each bad case below changes one thing. */
function goodManifest(): Record<string, unknown> {
  return {
    formatVersion: 1,
    name: 'imu-steps',
    version: '1.2.0-rc.1+build.5',
    family: 'imu',
    description: 'Step detector',
    inputs: [
      {
        name: 'window',
        dtype: 'float32',
        shape: ['batch', 3, 128],
        channels: ['ax', 'ay', 'az'],
        channelAxis: 1,
        window: { length: 128, hop: 32 },
        timeAxis: 2,
        normalisation: { mean: [0, 0, 9.81], std: [1, 1, 1] },
        range: { min: -50, max: 50 },
      },
      { name: 'mask', dtype: 'bool', shape: ['batch', 128] },
    ],
    outputs: [
      { name: 'steps', dtype: 'float32', shape: ['batch', 1], kind: 'events', labels: ['step'], threshold: 0.5 },
      { name: 'activity', dtype: 'float32', shape: ['batch', 2], kind: 'classification', labels: ['walk', 'run'], softmaxApplied: true },
      { name: 'cadence', dtype: 'float32', shape: ['batch', 1], kind: 'regression', units: 'Hz', denormalisation: { mean: [1.8], std: [0.3] } },
      { name: 'pos', dtype: 'float32', shape: ['batch', 2], kind: 'localisation', units: 'm', axes: ['x', 'y'] },
      { name: 'notes', dtype: 'float32', shape: ['batch', 2], kind: 'multilabel', labels: ['rose', 'musk'], sigmoidApplied: false, thresholds: [0.5, 0.7] },
      { name: 'valve', dtype: 'float32', shape: ['batch', 1], kind: 'actuator', units: '%', min: 0, max: 100, maxRatePerS: 10, safeValue: 0 },
    ],
    latencyBudget: { p95Ms: 50 },
    validation: { accuracy: { min: 0.9 }, mae_m: { max: 0.05 } },
    parity: { reference: 'reference.json' },
    files: [
      { path: 'model.onnx', sha256: HASH, bytes: 1000 },
      { path: 'reference.json', sha256: HASH, bytes: 10 },
      { path: 'data/weights.bin', sha256: HASH, bytes: 10 },
    ],
  };
}

type Json = Record<string, unknown>;
const input0 = (m: Json): Json => (m.inputs as Json[])[0];
const output = (m: Json, i: number): Json => (m.outputs as Json[])[i];
const file = (m: Json, i: number): Json => (m.files as Json[])[i];

/** Parses and returns the issue lines (`path: message`). */
function issuesOf(manifest: unknown): string[] {
  const result = modelManifestSchema.safeParse(manifest);
  return result.success ? [] : describeZodIssues(result.error);
}

describe('modelManifestSchema', () => {
  it('accepts a complete manifest and defaults the parity tolerance to 1e-5', () => {
    const parsed = modelManifestSchema.parse(goodManifest());
    expect(parsed.parity.tolerance).toBe(1e-5);
    expect(parsed.outputs.map((o) => o.kind)).toEqual(['events', 'classification', 'regression', 'localisation', 'multilabel', 'actuator']);
  });

  it('accepts the committed fixture package manifest', () => {
    expect(issuesOf(fixtureManifest)).toEqual([]);
  });

  const cases: readonly [string, (m: Json) => void, string][] = [
    ['unknown top-level key', (m) => (m.author = 'x'), '(root): Unrecognized key: "author"'],
    ['unknown input key', (m) => (input0(m).mean = [0]), 'inputs.0: Unrecognized key: "mean"'],
    ['non-semver version', (m) => (m.version = '1.2'), 'version: must be a semantic version such as 1.2.0 or 1.2.0-rc.1'],
    ['leading zero in version', (m) => (m.version = '01.2.0'), 'version: must be a semantic version such as 1.2.0 or 1.2.0-rc.1'],
    ['unknown family', (m) => (m.family = 'radar'), 'family: Invalid option: expected one of "augmenter"|"echoloc"|"imu"|"enose"|"sits"'],
    ['bad package name', (m) => (m.name = 'IMU Steps'), 'name: must be lower-case letters and digits separated by . _ or -, e.g. "augmenter-mlp"'],
    ['unsupported dtype', (m) => (input0(m).dtype = 'float64'), 'inputs.0.dtype: Invalid option: expected one of "float32"|"int64"|"bool"'],
    ['symbolic axis not an identifier', (m) => (input0(m).shape = ['batch size', 3, 128]), 'inputs.0.shape.0: a symbolic axis is an identifier such as "batch"'],
    ['zero-sized axis', (m) => ((m.inputs as Json[])[1].shape = ['batch', 0]), 'inputs.1.shape.1: Too small: expected number to be >0'],
    [
      'normalisation mean shorter than channels',
      (m) => (input0(m).normalisation = { mean: [0, 0], std: [1, 1, 1] }),
      'inputs.0.normalisation.mean: has 2 values but channels has 3',
    ],
    [
      'normalisation std longer than channels',
      (m) => (input0(m).normalisation = { mean: [0, 0, 0], std: [1, 1, 1, 1] }),
      'inputs.0.normalisation.std: has 4 values but channels has 3',
    ],
    ['zero std', (m) => (input0(m).normalisation = { mean: [0, 0, 0], std: [1, 0, 1] }), 'inputs.0.normalisation.std.1: Too small: expected number to be >0'],
    ['normalisation without channels', (m) => delete input0(m).channels, 'inputs.0.channels: are required when normalisation is given (one mean/std per channel)'],
    ['channel count differs from shape', (m) => (input0(m).shape = ['batch', 4, 128]), 'inputs.0.channels: lists 3 channels but shape axis 1 has size 4'],
    ['channels without channelAxis', (m) => delete input0(m).channelAxis, 'inputs.0.channelAxis: is required when channels are listed'],
    ['channelAxis out of range', (m) => (input0(m).channelAxis = 3), 'inputs.0.channelAxis: is 3 but shape has only 3 axes'],
    ['duplicate channel', (m) => (input0(m).channels = ['ax', 'ax', 'az']), 'inputs.0.channels: channel names must be unique'],
    ['window length differs from shape', (m) => (input0(m).window = { length: 100, hop: 10 }), 'inputs.0.window.length: is 100 samples but shape axis 2 has size 128'],
    ['window without timeAxis', (m) => delete input0(m).timeAxis, 'inputs.0.timeAxis: is required when a window is given'],
    ['zero hop', (m) => (input0(m).window = { length: 128, hop: 0 }), 'inputs.0.window.hop: Too small: expected number to be >0'],
    ['empty range', (m) => (input0(m).range = { min: 5, max: 5 }), 'inputs.0.range.max: must be greater than range.min'],
    ['normalising a bool input', (m) => (input0(m).dtype = 'bool'), 'inputs.0.dtype: normalisation and range apply only to float32 inputs'],
    ['duplicate I/O name', (m) => (output(m, 0).name = 'window'), 'outputs.0.name: "window" is already used by inputs.0'],
    ['unknown output kind', (m) => (output(m, 0).kind = 'segmentation'), "outputs.0.kind: Invalid discriminator value. Expected 'classification' | 'regression' | 'localisation' | 'multilabel' | 'actuator' | 'events'"],
    ['classification labels vs shape', (m) => (output(m, 1).labels = ['walk', 'run', 'stand']), 'outputs.1.labels: has 3 labels but the last axis of shape has size 2'],
    ['regression denormalisation vs shape', (m) => (output(m, 2).denormalisation = { mean: [1, 2], std: [1] }), 'outputs.2.denormalisation.mean: has 2 values but the last axis of shape has 1'],
    ['regression reference channels vs shape', (m) => (output(m, 2).referenceChannels = ['hq_00', 'hq_01']), 'outputs.2.referenceChannels: has 2 channels but the last axis of shape has size 1'],
    ['localisation in cm', (m) => (output(m, 3).units = 'cm'), 'outputs.3.units: Invalid input: expected "m"'],
    ['localisation axes repeated', (m) => (output(m, 3).axes = ['x', 'x']), 'outputs.3.axes: axes must be unique'],
    ['multilabel thresholds count', (m) => (output(m, 4).thresholds = [0.5]), 'outputs.4.thresholds: has 1 values but there are 2 labels'],
    ['multilabel threshold above 1', (m) => (output(m, 4).thresholds = [0.5, 1.5]), 'outputs.4.thresholds.1: Too big: expected number to be <=1'],
    ['actuator min above max', (m) => Object.assign(output(m, 5), { min: 100, max: 0 }), 'outputs.5.max: must be greater than min'],
    ['actuator safe value outside limits', (m) => (output(m, 5).safeValue = -1), 'outputs.5.safeValue: must lie within [0, 100]'],
    ['actuator zero rate', (m) => (output(m, 5).maxRatePerS = 0), 'outputs.5.maxRatePerS: Too small: expected number to be >0'],
    ['key from another output kind', (m) => (output(m, 0).softmaxApplied = true), 'outputs.0: Unrecognized key: "softmaxApplied"'],
    ['validation bounds empty', (m) => (m.validation = { accuracy: {} }), 'validation.accuracy: give min, max or both'],
    ['validation min above max', (m) => (m.validation = { accuracy: { min: 0.9, max: 0.8 } }), 'validation.accuracy: min must not exceed max'],
    ['negative parity tolerance', (m) => (m.parity = { tolerance: -1, reference: 'reference.json' }), 'parity.tolerance: Too small: expected number to be >0'],
    ['reference not listed', (m) => (m.parity = { reference: 'ref.json' }), 'parity.reference: "ref.json" is not listed in files'],
    ['model not listed', (m) => (file(m, 0).path = 'net.onnx'), 'files: must list model.onnx'],
    ['absolute path', (m) => (file(m, 2).path = '/etc/passwd'), 'files.2.path: must be relative to the package folder, not absolute'],
    ['dot-dot path', (m) => (file(m, 2).path = 'data/../../x.bin'), 'files.2.path: must not contain empty, "." or ".." segments'],
    ['backslash path', (m) => (file(m, 2).path = 'data\\w.bin'), 'files.2.path: must use forward slashes'],
    ['control character in path', (m) => (file(m, 2).path = 'data/w\n.bin'), 'files.2.path: must not contain control characters'],
    ['path listed twice', (m) => (file(m, 2).path = 'model.onnx'), 'files.2.path: "model.onnx" is listed twice'],
    ['manifest lists itself', (m) => (file(m, 2).path = 'manifest.json'), 'files.2.path: the manifest cannot list itself'],
    ['upper-case hash', (m) => (file(m, 0).sha256 = 'A'.repeat(64)), 'files.0.sha256: must be 64 lower-case hex digits'],
    ['negative size', (m) => (file(m, 0).bytes = -1), 'files.0.bytes: Too small: expected number to be >=0'],
    ['future format version', (m) => (m.formatVersion = 2), 'formatVersion: Invalid input: expected 1'],
    [
      'per-sample events with an empty trusted span',
      (m) => Object.assign(output(m, 0), { shape: ['batch', 128], perSample: { trustedStart: 70, trustedEnd: 60, minDistanceSamples: 20 } }),
      'outputs.0.perSample.trustedEnd: must be greater than trustedStart',
    ],
    [
      'per-sample events trusted beyond the window',
      (m) => Object.assign(output(m, 0), { shape: ['batch', 128], perSample: { trustedStart: 56, trustedEnd: 200, minDistanceSamples: 20 } }),
      "outputs.0.perSample.trustedEnd: must not exceed the window's 128 samples",
    ],
    [
      'per-sample events with two labels',
      (m) => Object.assign(output(m, 0), { shape: ['batch', 128], labels: ['step', 'stomp'], perSample: { trustedStart: 56, trustedEnd: 72, minDistanceSamples: 20 } }),
      'outputs.0.labels: a per-sample events output scores one label',
    ],
  ];

  it('accepts a per-sample events output whose last axis runs over the window', () => {
    const manifest = goodManifest();
    Object.assign(output(manifest, 0), { shape: ['batch', 128], perSample: { trustedStart: 56, trustedEnd: 72, minDistanceSamples: 20 } });
    expect(issuesOf(manifest)).toEqual([]);
  });

  it.each(cases)('refuses %s', (_name, mutate, expected) => {
    const manifest = goodManifest();
    mutate(manifest);
    expect(issuesOf(manifest)).toEqual([expected]);
  });
});
