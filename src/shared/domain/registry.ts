import { z } from 'zod';
import { deviceFamilySchema } from './deviceProfile';

/**
 * The model registry's records (docs/model-registry.md): imported versions with their import
 * report and validation-gate result, aliases that point at versions, the append-only deployment
 * history, shadow-mode agreement and the automatic-rollback policy. Pure data shared by the core
 * and the Models page.
 */

/** A version's id: the SHA-256 of its manifest.json, which lists the SHA-256 of every other file (a tree hash). */
export const modelVersionIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a model version id is 64 lower-case hex digits');
export type ModelVersionId = z.infer<typeof modelVersionIdSchema>;

/** Alias names: `active` is per device profile; others (`champion`, `candidate`) are the operator's own. */
export const aliasNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'an alias is lower-case letters, digits, _ or -, e.g. "champion"');
/** The alias that decides what runs live on devices of one profile. */
export const ACTIVE_ALIAS = 'active';

/** One step of an import, in the order they run. */
export const importCheckIdSchema = z.enum([
  'source',
  'manifest',
  'files',
  'external-data',
  'runtime-load',
  'parity-reference',
  'parity',
  'latency',
  'store',
]);
export type ImportCheckId = z.infer<typeof importCheckIdSchema>;

/** A step shown while an import runs: the upload (for packages sent from the renderer), then every check. */
export const importStepIdSchema = z.enum(['upload', ...importCheckIdSchema.options]);
export type ImportStepId = z.infer<typeof importStepIdSchema>;
export const importStepStateSchema = z.enum(['pending', 'running', 'passed', 'failed', 'skipped']);
export type ImportStepState = z.infer<typeof importStepStateSchema>;

/**
 * One change of an import's checklist: which step changed to which state, plus every step's state
 * and the weighted fraction done (upload bytes included), so a late listener still sees it all.
 */
export const importProgressSchema = z.object({
  importId: z.string(),
  /** What is being imported, as the operator named it (a path or the uploaded file's name). */
  source: z.string(),
  step: importStepIdSchema,
  state: importStepStateSchema,
  /** The step's result or failure in words; empty while it runs. */
  message: z.string(),
  steps: z.array(z.object({ id: importStepIdSchema, state: importStepStateSchema, message: z.string() })),
  /** 0…1: finished steps by their weight, the running upload by its bytes. */
  fraction: z.number().min(0).max(1),
  /** True once the import has passed or been refused. */
  done: z.boolean(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const importCheckSchema = z.object({
  id: importCheckIdSchema,
  status: z.enum(['passed', 'failed', 'skipped']),
  /** What was checked or what went wrong, in a technician's words. */
  message: z.string(),
  /** Every problem found by this check (the message names the first). */
  issues: z.array(z.string()),
  durationMs: z.number(),
});
export type ImportCheck = z.infer<typeof importCheckSchema>;

export const latencyMeasurementSchema = z.object({
  runs: z.number().int(),
  batch: z.number().int(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  budgetP95Ms: z.number(),
  withinBudget: z.boolean(),
});
export type LatencyMeasurement = z.infer<typeof latencyMeasurementSchema>;

/** Everything an import found out, kept with the version (and in the history when it failed). */
export const importReportSchema = z.object({
  source: z.string(),
  sourceKind: z.enum(['folder', 'zip']),
  startedAt: z.string(),
  finishedAt: z.string(),
  passed: z.boolean(),
  checks: z.array(importCheckSchema),
  parity: z.object({ tolerance: z.number(), maxAbsDiff: z.number(), cases: z.number().int() }).nullable(),
  latency: latencyMeasurementSchema.nullable(),
  warmupMs: z.number().nullable(),
  fileCount: z.number().int(),
  totalBytes: z.number().int(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const gateMetricSchema = z.object({
  name: z.string(),
  /** Null when the validator cannot compute this metric (the gate then fails). */
  value: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  passed: z.boolean(),
});
export type GateMetric = z.infer<typeof gateMetricSchema>;

/** Offline validation of one version on its family's golden dataset against the manifest's thresholds. */
export const gateResultSchema = z.object({
  versionId: modelVersionIdSchema,
  validator: z.string(),
  dataset: z.string(),
  ranAt: z.string(),
  passed: z.boolean(),
  metrics: z.array(gateMetricSchema),
  samples: z.number().int(),
  durationMs: z.number(),
  /** Why the gate could not run or failed as a whole (no golden data, runtime failure); null when it ran. */
  problem: z.string().nullable(),
});
export type GateResult = z.infer<typeof gateResultSchema>;

export const aliasSchema = z.object({
  family: deviceFamilySchema,
  alias: aliasNameSchema,
  /** The device profile an `active` alias applies to; null for a family-wide alias. */
  profileId: z.string().nullable(),
  versionId: modelVersionIdSchema,
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ModelAlias = z.infer<typeof aliasSchema>;

export const modelVersionSchema = z.object({
  id: modelVersionIdSchema,
  family: deviceFamilySchema,
  name: z.string(),
  version: z.string(),
  description: z.string(),
  importedAt: z.string(),
  importedBy: z.string(),
  totalBytes: z.number().int(),
  pinned: z.boolean(),
  tags: z.array(z.string()),
  notes: z.string(),
  importReport: importReportSchema,
  gate: gateResultSchema.nullable(),
  aliases: z.array(aliasSchema),
});
export type ModelVersion = z.infer<typeof modelVersionSchema>;

export const historyActionSchema = z.enum([
  'import',
  'import-failed',
  'gate',
  'gate-override',
  'activate',
  'activate-failed',
  'rollback',
  'auto-rollback',
  'alias-set',
  'alias-removed',
  'pin',
  'unpin',
  'tags',
  'notes',
  'delete',
  'retention-delete',
  'shadow-start',
  'shadow-stop',
  'live-start',
  'live-swap',
  'live-stop',
]);
export type HistoryAction = z.infer<typeof historyActionSchema>;

/** One row of the append-only deployment history: who did what to which version, where, why, with which numbers. */
export const historyEntrySchema = z.object({
  id: z.number().int(),
  time: z.string(),
  actor: z.string(),
  action: historyActionSchema,
  family: deviceFamilySchema.nullable(),
  versionId: modelVersionIdSchema.nullable(),
  /** `name@version` of `versionId` at the time, kept so the row reads well after the version is deleted. */
  versionLabel: z.string().nullable(),
  previousVersionId: modelVersionIdSchema.nullable(),
  alias: z.string().nullable(),
  profileId: z.string().nullable(),
  deviceId: z.string().nullable(),
  reason: z.string(),
  /** Numbers in force at the time (gate metrics, latency p95, error rate, restarts). */
  metrics: z.record(z.string(), z.number().nullable()),
  detail: z.record(z.string(), z.unknown()),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyQuerySchema = z.strictObject({
  family: deviceFamilySchema.optional(),
  versionId: modelVersionIdSchema.optional(),
  deviceId: z.string().min(1).optional(),
  profileId: z.string().min(1).optional(),
  actions: z.array(historyActionSchema).optional(),
  /** ISO times, inclusive. */
  from: z.string().datetime().optional(),
  to: z.string().datetime().optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
});
export type HistoryQuery = z.input<typeof historyQuerySchema>;

/** Agreement between the active model and a shadow on one output, over every compared window. */
export const shadowOutputStatsSchema = z.object({
  output: z.string(),
  kind: z.string(),
  compared: z.number().int(),
  /** Classification: fraction of windows with the same top class; multilabel: fraction of labels with the same decision. */
  agreement: z.number().nullable(),
  /** Classification: counts[activeClass][shadowClass]. */
  confusion: z.object({ labels: z.array(z.string()), counts: z.array(z.array(z.number().int())) }).nullable(),
  /** Regression, localisation, actuator, events: differences between the two outputs. */
  mae: z.number().nullable(),
  rmse: z.number().nullable(),
  maxAbsDiff: z.number().nullable(),
  /** The same statistic per time bucket, oldest first, so the UI can plot agreement over time. */
  series: z.array(z.object({ startMs: z.number(), compared: z.number().int(), agreement: z.number().nullable(), mae: z.number().nullable() })),
});
export type ShadowOutputStats = z.infer<typeof shadowOutputStatsSchema>;

export const shadowStatusSchema = z.object({
  deviceId: z.string(),
  activeVersionId: modelVersionIdSchema,
  shadowVersionId: modelVersionIdSchema,
  startedAt: z.string(),
  windowsCompared: z.number().int(),
  /** Windows the shadow skipped because it was still busy with earlier ones (it never slows the active model). */
  windowsSkipped: z.number().int(),
  shadowErrors: z.number().int(),
  lastError: z.string().nullable(),
  outputs: z.array(shadowOutputStatsSchema),
});
export type ShadowStatus = z.infer<typeof shadowStatusSchema>;

/** When the active version is rolled back to the last known-good one without anyone asking. */
export const autoRollbackPolicySchema = z.strictObject({
  crashLoop: z.strictObject({ enabled: z.boolean(), restarts: z.number().int().min(1).max(100), withinS: z.number().positive().max(3600) }),
  errorRate: z.strictObject({
    enabled: z.boolean(),
    /** Fraction of runs that failed over the last `windowS` seconds. */
    maxFraction: z.number().min(0).max(1),
    windowS: z.number().positive().max(3600),
    /** Below this many runs in the window the rate is not judged. */
    minRuns: z.number().int().min(1),
  }),
  latency: z.strictObject({
    enabled: z.boolean(),
    /** p95 over the manifest budget continuously for this long. */
    sustainedS: z.number().positive().max(3600),
  }),
});
export type AutoRollbackPolicy = z.infer<typeof autoRollbackPolicySchema>;

export const DEFAULT_AUTO_ROLLBACK_POLICY: AutoRollbackPolicy = {
  crashLoop: { enabled: true, restarts: 3, withinS: 60 },
  errorRate: { enabled: true, maxFraction: 0.2, windowS: 30, minRuns: 20 },
  latency: { enabled: true, sustainedS: 30 },
};

/** One difference between two manifests, by JSON path (`inputs.0.normalisation.mean`). */
export const manifestChangeSchema = z.object({
  path: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  a: z.unknown(),
  b: z.unknown(),
});
export type ManifestChange = z.infer<typeof manifestChangeSchema>;

/** Registry notifications: a version, alias or shadow changed, or an automatic rollback happened. */
export const registryChangeSchema = z.object({
  kind: z.enum(['versions', 'aliases', 'shadow', 'auto-rollback', 'activation-failed']),
  family: deviceFamilySchema.nullable(),
  message: z.string(),
});
export type RegistryChange = z.infer<typeof registryChangeSchema>;
