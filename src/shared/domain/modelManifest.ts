import { z } from 'zod';
import { deviceFamilySchema } from './deviceProfile';

/**
 * `manifest.json` of a model package: a folder holding `model.onnx` (plus external data, a
 * reference file for the parity check, anything else the model needs) and this manifest, which
 * says what the model consumes and produces and lists every other file with its SHA-256.
 * The format is documented in docs/model-package.md.
 *
 * Strict throughout: a misspelt key is an error with its path, never silently ignored, because a
 * manifest decides how sensor data is normalised and how far an actuator may move.
 */

/** The ONNX file every package has, at the package root. */
export const MODEL_FILE_NAME = 'model.onnx';
/** The manifest itself; it cannot list its own hash, so it is the one file `files` must not name. */
export const MANIFEST_FILE_NAME = 'manifest.json';

/** Semantic Versioning 2.0.0 (the regular expression published at semver.org). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const packageName = z
  .string()
  .regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, 'must be lower-case letters and digits separated by . _ or -, e.g. "augmenter-mlp"')
  .max(64);

/** Tensor names as exporters write them (`sensor_input`, `input.1`, `onnx::Gemm_0`). */
const onnxName = z.string().min(1).max(256);

const symbolicAxis = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a symbolic axis is an identifier such as "batch"');
const fixedAxis = z.number().int().positive();
/** Tensor shape: a positive size per axis, or a name for an axis whose size varies (batch, sequence length). */
const shapeSchema = z.array(z.union([fixedAxis, symbolicAxis])).min(1).max(8);

/** Element types the console feeds and reads (the sensor data is float32; masks are bool; indices are int64). */
export const tensorDtypeSchema = z.enum(['float32', 'int64', 'bool']);
/** Element type of a model input or output. */
export type TensorDtype = z.infer<typeof tensorDtypeSchema>;

const finite = z.number().finite();
const positiveFinite = finite.positive();
const labels = z.array(z.string().min(1)).min(1).refine(isUnique, 'labels must be unique');

/** Per-channel z-score parameters: model value = (raw − mean) / std, or the reverse for outputs. */
const meanStdSchema = z.strictObject({
  mean: z.array(finite).min(1),
  std: z.array(positiveFinite).min(1),
});

const inputObjectSchema = z.strictObject({
  name: onnxName,
  dtype: tensorDtypeSchema,
  shape: shapeSchema,
  /** Device channel names that feed this input, in the order the model expects them along `channelAxis`. */
  channels: z.array(z.string().min(1)).min(1).refine(isUnique, 'channel names must be unique').optional(),
  /** Which axis of `shape` runs over `channels`. */
  channelAxis: z.number().int().min(0).optional(),
  /** Windowed inputs: samples per window and samples between window starts. */
  window: z.strictObject({ length: z.number().int().positive(), hop: z.number().int().positive() }).optional(),
  /** Which axis of `shape` runs over time within a window. */
  timeAxis: z.number().int().min(0).optional(),
  /** Applied by the console before feeding, one mean/std per channel (SensorAugmentor's `mean_lq`/`std_lq`). */
  normalisation: meanStdSchema.optional(),
  /** Raw values outside this range are refused as implausible (seed 000's input validation). */
  range: z.strictObject({ min: finite, max: finite }).optional(),
});

/** One model input: what feeds it and how the console prepares the data. */
export type ModelInput = z.infer<typeof inputObjectSchema>;

const inputSchema = inputObjectSchema.superRefine((input, ctx) => {
  checkAxis(input.shape, input.channelAxis, 'channelAxis', ctx);
  checkAxis(input.shape, input.timeAxis, 'timeAxis', ctx);
  if (input.channels && input.channelAxis === undefined) {
    ctx.addIssue({ code: 'custom', path: ['channelAxis'], message: 'is required when channels are listed' });
  }
  if (input.channels && input.channelAxis !== undefined) {
    const size = input.shape[input.channelAxis];
    if (typeof size === 'number' && size !== input.channels.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['channels'],
        message: `lists ${input.channels.length} channels but shape axis ${input.channelAxis} has size ${size}`,
      });
    }
  }
  if (input.window && input.timeAxis === undefined) {
    ctx.addIssue({ code: 'custom', path: ['timeAxis'], message: 'is required when a window is given' });
  }
  if (input.window && input.timeAxis !== undefined) {
    const size = input.shape[input.timeAxis];
    if (typeof size === 'number' && size !== input.window.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['window', 'length'],
        message: `is ${input.window.length} samples but shape axis ${input.timeAxis} has size ${size}`,
      });
    }
  }
  if (input.normalisation) {
    if (!input.channels) {
      ctx.addIssue({ code: 'custom', path: ['channels'], message: 'are required when normalisation is given (one mean/std per channel)' });
    } else {
      checkPerChannel(input.normalisation, input.channels.length, 'normalisation', 'channels', ctx);
    }
  }
  if (input.range && input.range.min >= input.range.max) {
    ctx.addIssue({ code: 'custom', path: ['range', 'max'], message: 'must be greater than range.min' });
  }
  if (input.dtype !== 'float32' && (input.normalisation || input.range)) {
    ctx.addIssue({ code: 'custom', path: ['dtype'], message: 'normalisation and range apply only to float32 inputs' });
  }
});

const outputBase = { name: onnxName, dtype: tensorDtypeSchema, shape: shapeSchema };

const classificationSchema = z.strictObject({
  ...outputBase,
  kind: z.literal('classification'),
  labels,
  /** Whether the graph already ends in softmax (values are probabilities) or emits logits. */
  softmaxApplied: z.boolean(),
});
const regressionSchema = z.strictObject({
  ...outputBase,
  kind: z.literal('regression'),
  units: z.string().min(1),
  /** Physical value = model value × std + mean, one pair per element of the last axis (SensorAugmentor's `mean_hq`/`std_hq`). */
  denormalisation: meanStdSchema.optional(),
  /**
   * Device channels this output estimates, one per element of the last axis (the augmenter's
   * `hq_00`…`hq_31`, read by the reference rig): the live view overlays each estimate on its channel.
   */
  referenceChannels: z.array(z.string().min(1)).min(1).refine(isUnique, 'reference channel names must be unique').optional(),
});
const localisationSchema = z.strictObject({
  ...outputBase,
  kind: z.literal('localisation'),
  units: z.literal('m'),
  /** Coordinate order along the last axis. */
  axes: z.array(z.enum(['x', 'y', 'z'])).min(1).max(3).refine(isUnique, 'axes must be unique'),
});
const multilabelSchema = z.strictObject({
  ...outputBase,
  kind: z.literal('multilabel'),
  labels,
  /** Whether the graph already ends in sigmoid (values are probabilities) or emits logits. */
  sigmoidApplied: z.boolean(),
  /** A label is present when its probability reaches its threshold; one per label. */
  thresholds: z.array(z.number().min(0).max(1)).min(1),
});
const actuatorSchema = z.strictObject({
  ...outputBase,
  kind: z.literal('actuator'),
  units: z.string().min(1),
  /** The guard clamps every command to [min, max]. */
  min: finite,
  max: finite,
  /** The guard limits how fast the command may change, in units per second. */
  maxRatePerS: positiveFinite,
  /** What the guard sends when it disarms or predictions go stale. */
  safeValue: finite,
});
const eventsSchema = z.strictObject({
  ...outputBase,
  kind: z.literal('events'),
  /** Event types along the last axis (e.g. `step`). */
  labels,
  /** An event fires when its score reaches this value. */
  threshold: z.number().min(0).max(1),
  /**
   * For models that score every sample of the input window (shape [batch, W], one label): which
   * samples of a window to trust (the window's edges lack context) and how close two events may
   * be. With hop = end − start the trusted parts tile the stream, so each sample is scored once.
   */
  perSample: z
    .strictObject({
      trustedStart: z.number().int().min(0),
      trustedEnd: z.number().int().positive(),
      minDistanceSamples: z.number().int().min(1),
    })
    .optional(),
});

const outputObjectSchema = z.discriminatedUnion('kind', [
  classificationSchema,
  regressionSchema,
  localisationSchema,
  multilabelSchema,
  actuatorSchema,
  eventsSchema,
]);

/** One model output and what its numbers mean. */
export type ModelOutput = z.infer<typeof outputObjectSchema>;
/** What an output means: drives post-processing, display and validation. */
export type ModelOutputKind = ModelOutput['kind'];

const outputSchema = outputObjectSchema.superRefine((output, ctx) => {
  const last = output.shape[output.shape.length - 1];
  const lastAxisMustBe = (count: number, field: string, what: string): void => {
    if (typeof last === 'number' && last !== count) {
      ctx.addIssue({ code: 'custom', path: [field], message: `has ${count} ${what} but the last axis of shape has size ${last}` });
    }
  };
  switch (output.kind) {
    case 'classification':
      lastAxisMustBe(output.labels.length, 'labels', 'labels');
      return;
    case 'regression':
      if (output.denormalisation && typeof last === 'number') {
        checkPerChannel(output.denormalisation, last, 'denormalisation', 'the last axis of shape', ctx);
      }
      if (output.referenceChannels) lastAxisMustBe(output.referenceChannels.length, 'referenceChannels', 'channels');
      return;
    case 'localisation':
      lastAxisMustBe(output.axes.length, 'axes', 'axes');
      return;
    case 'multilabel':
      lastAxisMustBe(output.labels.length, 'labels', 'labels');
      if (output.thresholds.length !== output.labels.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['thresholds'],
          message: `has ${output.thresholds.length} values but there are ${output.labels.length} labels`,
        });
      }
      return;
    case 'actuator':
      if (output.min >= output.max) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min' });
      } else if (output.safeValue < output.min || output.safeValue > output.max) {
        ctx.addIssue({ code: 'custom', path: ['safeValue'], message: `must lie within [${output.min}, ${output.max}]` });
      }
      return;
    case 'events': {
      if (!output.perSample) {
        lastAxisMustBe(output.labels.length, 'labels', 'labels');
        return;
      }
      if (output.labels.length !== 1) {
        ctx.addIssue({ code: 'custom', path: ['labels'], message: 'a per-sample events output scores one label' });
      }
      // Scores per window sample: [batch, W] or [batch, W, 1] — what counts is the elements per item.
      const perItem = output.shape.slice(1).every((d) => typeof d === 'number') ? (output.shape.slice(1) as number[]).reduce((a, b) => a * b, 1) : undefined;
      if (output.perSample.trustedEnd <= output.perSample.trustedStart) {
        ctx.addIssue({ code: 'custom', path: ['perSample', 'trustedEnd'], message: 'must be greater than trustedStart' });
      } else if (perItem !== undefined && output.perSample.trustedEnd > perItem) {
        ctx.addIssue({ code: 'custom', path: ['perSample', 'trustedEnd'], message: `must not exceed the window's ${perItem} samples` });
      }
      return;
    }
    default: {
      const unreachable: never = output;
      return unreachable;
    }
  }
});

/**
 * A path inside the package: relative, forward slashes, no `.`/`..` segments, no hidden tricks.
 * The loader checks the file system too (symlinks, escapes); this catches what text alone shows.
 */
export const packagePathSchema = z
  .string()
  .min(1)
  .max(255)
  .superRefine((path, ctx) => {
    const problem = packagePathProblem(path);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The first thing wrong with a package path, or undefined; one message per path keeps errors readable. */
function packagePathProblem(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative to the package folder, not absolute';
  if (path.includes('\\')) return 'must use forward slashes';
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'must not contain empty, "." or ".." segments';
  if ([...path].some((ch) => ch.charCodeAt(0) < 0x20)) return 'must not contain control characters';
  return undefined;
}

const fileEntrySchema = z.strictObject({
  path: packagePathSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  bytes: z.number().int().min(0),
});
/** One file of the package with the hash and size it must have. */
export type PackageFileEntry = z.infer<typeof fileEntrySchema>;

const metricBoundsSchema = z
  .strictObject({ min: finite.optional(), max: finite.optional() })
  .refine((b) => b.min !== undefined || b.max !== undefined, 'give min, max or both')
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, 'min must not exceed max');

const manifestObjectSchema = z.strictObject({
  /** Lets the format evolve; readers refuse versions they do not know. */
  formatVersion: z.literal(1),
  name: packageName,
  version: z.string().regex(SEMVER, 'must be a semantic version such as 1.2.0 or 1.2.0-rc.1'),
  family: deviceFamilySchema,
  description: z.string().max(2000),
  inputs: z.array(inputSchema).min(1),
  outputs: z.array(outputSchema).min(1),
  latencyBudget: z.strictObject({ p95Ms: positiveFinite }),
  /** Offline validation must land every metric within its bounds before the model may be activated. */
  validation: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'metric names are snake_case'), metricBoundsSchema),
  parity: z.strictObject({
    /** Largest allowed absolute difference between the runtime's outputs and the reference outputs. */
    tolerance: positiveFinite.default(1e-5),
    /** The reference file (format in docs/model-package.md); must be listed in `files`. */
    reference: packagePathSchema,
  }),
  /** Every file of the package except the manifest. Files on disk that are not listed are refused. */
  files: z.array(fileEntrySchema).min(1),
});

/** A parsed, checked `manifest.json`. */
export type ModelManifest = z.infer<typeof manifestObjectSchema>;

/** The full check of a manifest, cross-field rules included; errors carry exact paths (`inputs.0.normalisation.mean`). */
export const modelManifestSchema = manifestObjectSchema.superRefine((manifest, ctx) => {
  const ioNames = new Map<string, string>();
  const claimName = (name: string, path: (string | number)[]): void => {
    const earlier = ioNames.get(name);
    if (earlier) ctx.addIssue({ code: 'custom', path, message: `"${name}" is already used by ${earlier}` });
    else ioNames.set(name, path.slice(0, 2).join('.'));
  };
  manifest.inputs.forEach((input, i) => claimName(input.name, ['inputs', i, 'name']));
  manifest.outputs.forEach((output, i) => claimName(output.name, ['outputs', i, 'name']));

  const listed = new Set<string>();
  manifest.files.forEach((file, i) => {
    if (listed.has(file.path)) ctx.addIssue({ code: 'custom', path: ['files', i, 'path'], message: `"${file.path}" is listed twice` });
    if (file.path === MANIFEST_FILE_NAME) {
      ctx.addIssue({ code: 'custom', path: ['files', i, 'path'], message: 'the manifest cannot list itself' });
    }
    listed.add(file.path);
  });
  if (!listed.has(MODEL_FILE_NAME)) {
    ctx.addIssue({ code: 'custom', path: ['files'], message: `must list ${MODEL_FILE_NAME}` });
  }
  if (!listed.has(manifest.parity.reference)) {
    ctx.addIssue({ code: 'custom', path: ['parity', 'reference'], message: `"${manifest.parity.reference}" is not listed in files` });
  }
});

function isUnique(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

function checkAxis(shape: readonly (number | string)[], axis: number | undefined, field: string, ctx: z.RefinementCtx): void {
  if (axis !== undefined && axis >= shape.length) {
    ctx.addIssue({ code: 'custom', path: [field], message: `is ${axis} but shape has only ${shape.length} axes` });
  }
}

function checkPerChannel(
  params: { mean: readonly number[]; std: readonly number[] },
  count: number,
  field: string,
  countedBy: string,
  ctx: z.RefinementCtx,
): void {
  if (params.mean.length !== count) {
    ctx.addIssue({ code: 'custom', path: [field, 'mean'], message: `has ${params.mean.length} values but ${countedBy} has ${count}` });
  }
  if (params.std.length !== count) {
    ctx.addIssue({ code: 'custom', path: [field, 'std'], message: `has ${params.std.length} values but ${countedBy} has ${count}` });
  }
}
