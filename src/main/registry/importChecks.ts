import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE_NAME, MODEL_FILE_NAME, modelManifestSchema, type ModelManifest } from '../../shared/domain/modelManifest';
import type { ImportCheck, ImportCheckId, ImportReport, LatencyMeasurement } from '../../shared/domain/registry';
import { ContractError, describeZodIssues } from '../../shared/ipc/contractError';
import type { InferenceHostClient } from '../inference/inferenceHostClient';
import { readModelPackage, type PackageLimits } from '../inference/modelPackage';
import { checkParity } from '../inference/parityCheck';
import { readReferenceCases } from '../inference/referenceData';
import { LatencyStats } from '../pipeline/latencyStats';
import type { ImportProgressTracker } from './importProgressTracker';
import { externalDataProblems, externalDataRefs } from './onnx/onnxExternalData';
import { ProtobufFormatError } from './onnx/protobufWire';
import { SourceError, type PackageStore, type StagingArea } from './packageStore';
import { ZipRefusal, type ZipLimits } from './zip/zipReader';

/** A check failed: the import stops and its report says which check and why. */
export class ImportRefusal extends Error {
  override readonly name = 'ImportRefusal';
}

/** Collects the checks of one import, timing each, into the report kept with the version. */
export class ImportReportBuilder {
  readonly #checks: ImportCheck[] = [];
  readonly #startedAt = new Date().toISOString();
  readonly #source: string;
  readonly #progress: ImportProgressTracker | undefined;
  sourceKind: 'folder' | 'zip' = 'folder';
  parity: ImportReport['parity'] = null;
  latency: LatencyMeasurement | null = null;
  warmupMs: number | null = null;
  fileCount = 0;
  totalBytes = 0;

  /** `progress` hears each check start, pass or fail as it happens. */
  constructor(source: string, progress?: ImportProgressTracker) {
    this.#source = source;
    this.#progress = progress;
  }

  /** Runs one check; a thrown error becomes its failure (with every issue) and stops the import. */
  async check<T>(id: ImportCheckId, passedMessage: (result: T) => string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    this.#progress?.set(id, 'running');
    try {
      const result = await run();
      const message = passedMessage(result);
      this.#checks.push({ id, status: 'passed', message, issues: [], durationMs: performance.now() - started });
      this.#progress?.set(id, 'passed', message);
      return result;
    } catch (error) {
      const issues = error instanceof ContractError && error.issues && error.issues.length > 0 ? [...error.issues] : [errorText(error)];
      const message = error instanceof ContractError || error instanceof ImportRefusal || error instanceof ZipRefusal || error instanceof SourceError ? error.message : errorText(error);
      this.#checks.push({ id, status: 'failed', message, issues, durationMs: performance.now() - started });
      this.#progress?.set(id, 'failed', message);
      throw new ImportRefusal(message);
    }
  }

  /** The report so far; checks that never ran are listed as skipped so the report always reads the same way. */
  build(passed: boolean, order: readonly ImportCheckId[]): ImportReport {
    const ran = new Set(this.#checks.map((c) => c.id));
    const skipped = order.filter((id) => !ran.has(id)).map((id): ImportCheck => ({ id, status: 'skipped', message: 'not run', issues: [], durationMs: 0 }));
    return {
      source: this.#source,
      sourceKind: this.sourceKind,
      startedAt: this.#startedAt,
      finishedAt: new Date().toISOString(),
      passed,
      checks: [...this.#checks, ...skipped],
      parity: this.parity,
      latency: this.latency,
      warmupMs: this.warmupMs,
      fileCount: this.fileCount,
      totalBytes: this.totalBytes,
    };
  }
}

/** Every check in the order an import runs them. */
export const IMPORT_CHECK_ORDER: readonly ImportCheckId[] = [
  'source',
  'manifest',
  'files',
  'external-data',
  'runtime-load',
  'parity-reference',
  'parity',
  'latency',
  'store',
];

/** A staged package that passed the static checks. */
export interface StagedPackage {
  readonly staging: StagingArea;
  /** SHA-256 of manifest.json: the version id. */
  readonly id: string;
  readonly manifest: ModelManifest;
  readonly manifestBytes: Buffer;
}

export interface StaticCheckOptions {
  readonly packageLimits: PackageLimits;
  readonly zipLimits: ZipLimits;
}

/**
 * Copies or extracts the source into staging and checks it without running anything: manifest
 * schema, every file's size and SHA-256 with nothing unlisted (`readModelPackage`) and
 * external-data paths inside the package. The caller discards the staging area when this throws.
 */
export async function stageAndCheck(
  store: PackageStore,
  staging: StagingArea,
  source: string,
  report: ImportReportBuilder,
  options: StaticCheckOptions,
): Promise<StagedPackage> {
  report.sourceKind = await report.check('source', (kind) => `copied from the ${kind}`, () => store.fill(staging, source, options.zipLimits));
  const manifestBytes = await report.check('manifest', () => 'manifest.json matches the schema', async () => {
    const bytes = await readFile(join(staging.dir, MANIFEST_FILE_NAME)).catch(() => {
      throw new ImportRefusal(`${MANIFEST_FILE_NAME} is missing; every model package needs one`);
    });
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new ImportRefusal(`${MANIFEST_FILE_NAME} is not valid JSON (${errorText(error)})`);
    }
    const parsed = modelManifestSchema.safeParse(json);
    if (!parsed.success) {
      const issues = describeZodIssues(parsed.error).map((line) => `${MANIFEST_FILE_NAME}: ${line}`);
      throw new ContractError({ code: 'invalid-input', message: `${issues[0]}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, issues });
    }
    return bytes;
  });
  const pkg = await report.check(
    'files',
    (p) => `${p.manifest.files.length} files match their sizes and SHA-256, nothing unlisted`,
    () => readModelPackage(staging.dir, options.packageLimits),
  );
  const manifest = pkg.manifest;
  report.fileCount = manifest.files.length + 1;
  report.totalBytes = manifest.files.reduce((n, f) => n + f.bytes, manifestBytes.length);
  const listed = new Set(manifest.files.map((f) => f.path));
  await report.check(
    'external-data',
    (count) => (count === 0 ? 'model.onnx keeps its weights inside' : `${count} external-data references, all listed files inside the package`),
    async () => {
      let refs;
      try {
        refs = externalDataRefs(await readFile(join(staging.dir, MODEL_FILE_NAME)));
      } catch (error) {
        if (error instanceof ProtobufFormatError) throw new ImportRefusal(`${MODEL_FILE_NAME} is not a readable ONNX file (${error.message}); the file is damaged or truncated`);
        throw error;
      }
      const problems = externalDataProblems(refs, listed);
      if (problems.length > 0) throw new ContractError({ code: 'invalid-input', message: problems[0], issues: problems });
      return refs.length;
    },
  );
  return { staging, id: createHash('sha256').update(manifestBytes).digest('hex'), manifest, manifestBytes };
}

export interface RuntimeCheckOptions {
  readonly createRuntime: () => InferenceHostClient;
  /** Runs of the first reference case for the latency measurement. */
  readonly latencyRuns: number;
}

/** The reference file must state its tolerance explicitly and cover every output in every case. */
async function checkReferenceCoverage(staged: StagedPackage, report: ImportReportBuilder): Promise<void> {
  const { manifest, staging, manifestBytes } = staged;
  await report.check(
    'parity-reference',
    (cases) => `${cases} reference cases cover every output; tolerance ${manifest.parity.tolerance}`,
    async () => {
      const raw = JSON.parse(manifestBytes.toString('utf8')) as { parity?: { tolerance?: unknown } };
      if (raw.parity?.tolerance === undefined) {
        throw new ImportRefusal('manifest.json gives no parity.tolerance; the registry needs the tolerance stated explicitly rather than defaulted');
      }
      const cases = await readReferenceCases(staging.dir, manifest);
      const missing = cases.flatMap((c, i) => manifest.outputs.filter((o) => !(o.name in c.outputs)).map((o) => `${manifest.parity.reference} case ${i} has no reference for output "${o.name}"`));
      if (missing.length > 0) {
        throw new ContractError({ code: 'invalid-input', message: `${missing[0]}: every output needs reference values for the parity check`, issues: missing });
      }
      return cases.length;
    },
  );
}

/**
 * Loads the staged package in a fresh, isolated runtime process (graph I/O against the manifest,
 * warm-up), checks the reference file covers every output, checks parity against the reference outputs and measures latency against the budget.
 * A crash or hang of the runtime is a failed check; the process is always shut down.
 */
export async function runtimeCheck(staged: StagedPackage, report: ImportReportBuilder, options: RuntimeCheckOptions): Promise<void> {
  const runtime = options.createRuntime();
  const { manifest } = staged;
  try {
    const loaded = await report.check(
      'runtime-load',
      (model) => `loads and warms up in an isolated runtime in ${model.warmupMs.toFixed(1)} ms; graph inputs and outputs match the manifest`,
      async () => {
        try {
          return await runtime.load(staged.staging.dir);
        } catch (error) {
          throw new ImportRefusal(`The model could not be loaded in an isolated runtime: ${errorText(error)}`);
        }
      },
    );
    report.warmupMs = loaded.warmupMs;
    await checkReferenceCoverage(staged, report);
    await report.check(
      'parity',
      (p) => `${p.results.length} outputs within ${p.tolerance} of the reference (worst ${p.maxAbsDiff.toExponential(2)})`,
      async () => {
        const result = await checkParity(runtime, staged.staging.dir, manifest);
        report.parity = { tolerance: result.tolerance, maxAbsDiff: result.maxAbsDiff, cases: new Set(result.results.map((r) => r.caseIndex)).size };
        const failed = result.results.filter((r) => !r.passed).map((r) => `reference case ${r.caseIndex}, output "${r.output}": ${r.problem ?? 'differs'}`);
        if (failed.length > 0) throw new ContractError({ code: 'invalid-input', message: `Parity check failed: ${failed[0]}`, issues: failed });
        return result;
      },
    );
    await report.check(
      'latency',
      (l) => `p50 ${l.p50Ms.toFixed(3)} ms, p95 ${l.p95Ms.toFixed(3)} ms at batch ${l.batch} (budget p95 ${l.budgetP95Ms} ms)`,
      async () => {
        const latency = await measureLatency(runtime, staged, options.latencyRuns);
        report.latency = latency;
        if (!latency.withinBudget) {
          throw new ImportRefusal(`Latency p95 is ${latency.p95Ms.toFixed(2)} ms, over the manifest budget of ${latency.budgetP95Ms} ms (p50 ${latency.p50Ms.toFixed(2)} ms)`);
        }
        return latency;
      },
    );
  } finally {
    await runtime.dispose();
  }
}

async function measureLatency(runtime: InferenceHostClient, staged: StagedPackage, runs: number): Promise<LatencyMeasurement> {
  const [first] = await readReferenceCases(staged.staging.dir, staged.manifest);
  const stats = new LatencyStats(runs);
  for (let i = 0; i < runs; i++) stats.add((await runtime.run(first.inputs)).latencyUs / 1000);
  const p95Ms = stats.percentile(95);
  const budgetP95Ms = staged.manifest.latencyBudget.p95Ms;
  const batch = Object.values(first.inputs)[0]?.dims[0] ?? 1;
  return { runs, batch, p50Ms: stats.percentile(50), p95Ms, budgetP95Ms, withinBudget: p95Ms <= budgetP95Ms };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
