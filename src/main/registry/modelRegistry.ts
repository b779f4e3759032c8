import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { DeviceFamily } from '../../shared/domain/deviceProfile';
import {
  ACTIVE_ALIAS,
  autoRollbackPolicySchema,
  DEFAULT_AUTO_ROLLBACK_POLICY,
  type AutoRollbackPolicy,
  type GateResult,
  type HistoryAction,
  type HistoryEntry,
  type HistoryQuery,
  type ImportProgress,
  type ImportReport,
  type ManifestChange,
  type ModelAlias,
  type ModelVersion,
  type RegistryChange,
} from '../../shared/domain/registry';
import { ContractError } from '../../shared/ipc/contractError';
import type { ImportOutcome } from '../../shared/ipc/domains/registry';
import type { IService } from '../core/serviceContainer';
import type { InferenceHostClient } from '../inference/inferenceHostClient';
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '../inference/modelPackage';
import type { RollbackTrigger } from './autoRollbackMonitor';
import type { IGoldenValidator } from './golden/goldenDataset';
import { runValidationGate } from './golden/validationGate';
import { diffJson, historyToCsv } from './historyExport';
import { IMPORT_CHECK_ORDER, ImportRefusal, ImportReportBuilder, runtimeCheck, stageAndCheck } from './importChecks';
import type { IDeploymentTarget } from './liveDeployments';
import { ImportProgressTracker } from './importProgressTracker';
import { PackageStore } from './packageStore';
import { PackageUploads, type UploadDeclaration, type UploadLimits } from './packageUploads';
import { RegistryStore, type NewHistoryEntry, type StoredVersion } from './registryStore';
import type { RunnableVersion } from './swappableModelRunner';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip/zipReader';
import { readSetting, writeSetting } from '../storage/settingsTable';

export interface ModelRegistryOptions {
  readonly database: () => DatabaseSync;
  /** The console's data directory; packages go to `<dataDir>/models/`. */
  readonly dataDir: string;
  /** A fresh model runtime (own process) for import checks and validation. */
  readonly createRuntime: (label: string) => InferenceHostClient;
  readonly validators: ReadonlyMap<DeviceFamily, IGoldenValidator>;
  readonly goldenDirOf: (family: DeviceFamily) => Promise<string | undefined>;
  /** The family of a device profile, or undefined for an unknown profile. */
  readonly profileFamily: (profileId: string) => DeviceFamily | undefined;
  /** Live devices; absent in tools that only manage the store. */
  readonly target?: IDeploymentTarget;
  readonly onChange?: (change: RegistryChange) => void;
  /** Each step of a running import (its checklist), for the progress display. */
  readonly onImportProgress?: (progress: ImportProgress) => void;
  readonly uploadLimits?: UploadLimits;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Versions kept per family besides pinned and aliased ones (default 10). */
  readonly keepPerFamily?: number;
  readonly packageLimits?: PackageLimits;
  readonly zipLimits?: ZipLimits;
  /** Runs of the first reference case for the import's latency measurement (default 50). */
  readonly latencyRuns?: number;
  readonly now?: () => Date;
}

/** Who asked, and why (every change is recorded with both). */
export interface Actor {
  readonly actor: string;
  readonly reason: string;
}

const POLICY_SETTING = 'registry.autoRollbackPolicy';
const MIN_OVERRIDE_REASON = 10;

/**
 * The model registry (docs/model-registry.md): imports packages into a content-addressed,
 * immutable store, keeps versions and aliases in SQLite, gates activation on offline validation,
 * activates and rolls back through the live runners (hot swap), and records every change in an
 * append-only deployment history. Operations that change aliases run one at a time.
 */
export class ModelRegistry implements IService {
  #lastImport: ImportProgress | undefined;
  readonly name = 'registry';
  readonly #options: ModelRegistryOptions;
  readonly #store: RegistryStore;
  readonly #packages: PackageStore;
  readonly #keep: number;
  readonly #uploads: PackageUploads;
  /** The checklist of each open upload, from its first byte to the end of its import. */
  readonly #uploadProgress = new Map<string, ImportProgressTracker>();
  #importQueue: Promise<unknown> = Promise.resolve();
  #aliasQueue: Promise<unknown> = Promise.resolve();
  #detail = 'not started';
  /** Read on every live run by the monitors, so kept in memory; the settings table holds it across restarts. */
  #policy: AutoRollbackPolicy | undefined;

  constructor(options: ModelRegistryOptions) {
    this.#options = options;
    this.#store = new RegistryStore(options.database, options.now);
    this.#packages = new PackageStore(join(options.dataDir, 'models'));
    this.#keep = options.keepPerFamily ?? 10;
    this.#uploads = new PackageUploads({
      stage: () => this.#packages.stage(),
      limits: options.uploadLimits,
      onBytes: (uploadId, received, total) => this.#uploadProgress.get(uploadId)?.uploaded(received, total),
      onAbandoned: (uploadId, why) => this.#uploadProgress.get(uploadId)?.finish(`upload ${why}`),
    });
  }

  /** Cleans up after a crash: staging folders and package folders the database does not know. */
  async start(): Promise<void> {
    const removed = await this.#packages.recover(this.#store.versionIds());
    const onDisk = new Set(await this.#packages.storedIds());
    const missing = [...this.#store.versionIds()].filter((id) => !onDisk.has(id));
    if (removed.length > 0) this.#log('info', `Removed ${removed.length} unfinished model import(s) left by an earlier run.`);
    if (missing.length > 0) this.#log('error', `${missing.length} registered model version(s) have no package folder: ${missing.join(', ')}`);
    this.#detail = `${this.#store.versionIds().size} versions`;
  }

  async stop(): Promise<void> {
    await this.#uploads.abortAll();
  }

  health(): { state: 'running'; detail: string } {
    return { state: 'running', detail: this.#detail };
  }

  // ── Import ──────────────────────────────────────────────────────────────────────────────────

  /** Imports a package folder or `.zip`; nothing is stored unless every check passes. */
  import(source: string, actor: string): Promise<ImportOutcome> {
    const progress = this.#progressTracker(randomUUID(), source, false);
    return this.#serial('import', () => this.#import(source, source, actor, progress));
  }

  /** Opens an upload of a package the renderer sends in chunks (docs/model-registry.md, "Uploads"); returns its id, which is also its import's id. */
  async beginUpload(declaration: UploadDeclaration): Promise<{ uploadId: string; maxChunkBytes: number }> {
    const label = `uploaded ${declaration.name}`;
    const uploadId = await this.#uploads.begin(declaration);
    const progress = this.#progressTracker(uploadId, label, true);
    this.#uploadProgress.set(uploadId, progress);
    progress.uploaded(0, declaration.files.reduce((n, f) => n + f.bytes, 0));
    return { uploadId, maxChunkBytes: this.#uploads.maxChunkBytes };
  }

  uploadChunk(uploadId: string, fileIndex: number, offset: number, data: Buffer): Promise<{ received: number; total: number }> {
    return this.#uploads.chunk(uploadId, fileIndex, offset, data);
  }

  /** Imports a complete upload; its staging folder is deleted whatever the outcome. */
  async finishUpload(uploadId: string, actor: string): Promise<ImportOutcome> {
    const progress = this.#uploadProgress.get(uploadId);
    try {
      return await this.#uploads.finish(uploadId, (source, name) => this.#serial('import', () => this.#import(source, `uploaded ${name}`, actor, progress)));
    } catch (error) {
      progress?.finish(error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      this.#uploadProgress.delete(uploadId);
    }
  }

  abortUpload(uploadId: string): Promise<void> {
    return this.#uploads.abort(uploadId);
  }

  #progressTracker(importId: string, source: string, withUpload: boolean): ImportProgressTracker {
    const emit = (progress: ImportProgress): void => {
      this.#lastImport = progress;
      this.#options.onImportProgress?.(progress);
    };
    return new ImportProgressTracker({ importId, source, checks: IMPORT_CHECK_ORDER, withUpload, emit });
  }

  /** The checklist of the latest import (running or finished), for a page opened while or after it ran. */
  lastImport(): ImportProgress | null {
    return this.#lastImport ?? null;
  }

  /** `source` is read; `label` names it in the report and the history (an upload's staging path means nothing to anyone). */
  async #import(source: string, label: string, actor: string, progress?: ImportProgressTracker): Promise<ImportOutcome> {
    const report = new ImportReportBuilder(label, progress);
    const staging = await this.#packages.stage();
    try {
      const staged = await stageAndCheck(this.#packages, staging, source, report, {
        packageLimits: this.#options.packageLimits ?? DEFAULT_PACKAGE_LIMITS,
        zipLimits: this.#options.zipLimits ?? DEFAULT_ZIP_LIMITS,
      });
      const { manifest, id } = staged;
      const existing = this.#store.version(id);
      if (existing) return { ok: true, version: publicVersion(existing), duplicate: true, report: existing.importReport, removedByRetention: [] };
      const clash = this.#store.versionByName(manifest.name, manifest.version);
      if (clash) {
        await report.check('store', () => '', () => {
          throw new ImportRefusal(`${manifest.name} ${manifest.version} is already in the registry with different files; give the new package a new version number`);
        });
      }
      await runtimeCheck(staged, report, { createRuntime: () => this.#options.createRuntime(`import ${manifest.name} ${manifest.version}`), latencyRuns: this.#options.latencyRuns ?? 50 });
      await report.check('store', () => `stored as ${id.slice(0, 12)}…`, () => this.#packages.publish(staging, id));
      const finished = report.build(true, IMPORT_CHECK_ORDER);
      this.#store.transaction(() => {
        this.#store.insertVersion({
          id,
          family: manifest.family,
          name: manifest.name,
          version: manifest.version,
          description: manifest.description,
          importedAt: this.#store.now(),
          importedBy: actor,
          totalBytes: finished.totalBytes,
          manifest,
          importReport: finished,
        });
        this.#history({ actor, action: 'import', family: manifest.family, versionId: id, reason: `imported from ${label}`, metrics: latencyMetrics(finished) });
      });
      const removedByRetention = await this.#applyRetention(manifest.family, actor);
      this.#changed('versions', manifest.family, `Imported ${manifest.name} ${manifest.version}`);
      return { ok: true, version: publicVersion(this.#version(id)), duplicate: false, report: finished, removedByRetention };
    } catch (error) {
      if (!(error instanceof ImportRefusal)) {
        progress?.finish(error instanceof Error ? error.message : String(error));
        throw error;
      }
      const finished = report.build(false, IMPORT_CHECK_ORDER);
      this.#history({ actor, action: 'import-failed', family: null, versionId: null, reason: error.message, detail: { source: label, checks: finished.checks.filter((c) => c.status === 'failed') } });
      return { ok: false, message: `The package was refused: ${error.message}`, report: finished };
    } finally {
      progress?.finish();
      await staging.discard();
    }
  }

  /** Keeps the newest `keepPerFamily` versions of a family plus every pinned, aliased or live one. */
  async #applyRetention(family: DeviceFamily, actor: string): Promise<string[]> {
    const versions = this.#store.versions(family);
    const inUse = this.#options.target?.inUse() ?? new Set<string>();
    const doomed = versions.slice(this.#keep).filter((v) => !v.pinned && v.aliases.length === 0 && !inUse.has(v.id));
    for (const v of doomed) await this.#deleteVersion(v, actor, `retention keeps the last ${this.#keep} ${family} versions`, 'retention-delete');
    return doomed.map((v) => v.id);
  }

  // ── Reading ────────────────────────────────────────────────────────────────────────────────

  versions(family?: DeviceFamily): ModelVersion[] {
    return this.#store.versions(family).map(publicVersion);
  }

  version(id: string): ModelVersion {
    return publicVersion(this.#version(id));
  }

  aliases(family?: DeviceFamily): ModelAlias[] {
    return this.#store.aliases(family);
  }

  /** A stored version ready for a runner. */
  runnable(id: string): RunnableVersion {
    const v = this.#version(id);
    return { versionId: v.id, dir: this.#packages.dirOf(v.id), manifest: v.manifest };
  }

  /** What the `active` alias of a profile points at, ready to run. */
  activeFor(profileId: string): RunnableVersion | undefined {
    const family = this.#options.profileFamily(profileId);
    const alias = family ? this.#store.alias(family, ACTIVE_ALIAS, profileId) : undefined;
    return alias ? this.runnable(alias.versionId) : undefined;
  }

  diff(a: string, b: string): ManifestChange[] {
    return diffJson(this.#version(a).manifest, this.#version(b).manifest);
  }

  history(query: HistoryQuery): HistoryEntry[] {
    return this.#store.history(query);
  }

  exportHistory(query: HistoryQuery, format: 'csv' | 'json'): string {
    const entries = this.#store.history(query);
    return format === 'csv' ? historyToCsv(entries) : `${JSON.stringify(entries, null, 2)}\n`;
  }

  /** Which version was serving on a device at a time (null: none, or the device had stopped). */
  liveAt(deviceId: string, time: string): HistoryEntry | null {
    const entry = this.#store.liveAt(deviceId, time);
    return entry && entry.action !== 'live-stop' ? entry : null;
  }

  // ── Gate, aliases, activation, rollback ─────────────────────────────────────────────────────

  /** Runs offline validation on the family's golden dataset and keeps the result with the version. */
  async runGate(versionId: string, actor: string): Promise<GateResult> {
    const v = this.#version(versionId);
    const gate = await runValidationGate(
      { id: v.id, dir: this.#packages.dirOf(v.id), manifest: v.manifest },
      { validators: this.#options.validators, goldenDirOf: this.#options.goldenDirOf, createRuntime: this.#options.createRuntime },
    );
    this.#store.transaction(() => {
      this.#store.updateVersion(v.id, { gate });
      this.#history({
        actor,
        action: 'gate',
        family: v.family,
        versionId: v.id,
        reason: gate.passed ? 'validation gate passed' : `validation gate failed: ${gate.problem ?? failedMetrics(gate)}`,
        metrics: gateMetrics(gate),
        detail: { dataset: gate.dataset, samples: gate.samples, passed: gate.passed },
      });
    });
    this.#changed('versions', v.family, `Validation of ${v.name} ${v.version}: ${gate.passed ? 'passed' : 'failed'}`);
    return gate;
  }

  /**
   * Points a profile's `active` alias at a version, after the validation gate (run now if it has
   * not run) — or with an override whose reason is recorded. Live devices of the profile are
   * hot-swapped first; if that fails, the alias stays where it was and the failure is recorded.
   */
  activate(request: { profileId: string; versionId: string; override?: { reason: string } }, who: Actor): Promise<ModelAlias> {
    return this.#serial('alias', async () => {
      const v = this.#version(request.versionId);
      const family = this.#familyOfProfile(request.profileId, v);
      const gate = v.gate ?? (await this.runGate(v.id, who.actor));
      if (!gate.passed) {
        const overrideReason = request.override?.reason.trim() ?? '';
        if (!request.override) {
          throw new ContractError({
            code: 'failed',
            message: `${v.name} ${v.version} did not pass the validation gate (${gate.problem ?? failedMetrics(gate)}); activate it with an override and a reason if you must`,
          });
        }
        if (overrideReason.length < MIN_OVERRIDE_REASON) {
          throw new ContractError({ code: 'invalid-input', message: `An override needs a reason of at least ${MIN_OVERRIDE_REASON} characters` });
        }
        this.#history({ actor: who.actor, action: 'gate-override', family, versionId: v.id, profileId: request.profileId, reason: overrideReason, metrics: gateMetrics(gate) });
      }
      return this.#pointActive(family, request.profileId, v, 'activate', who, { metrics: gateMetrics(gate) });
    });
  }

  /**
   * Rolls an alias back: to the version it held before the current one (skipping versions that
   * were rolled back automatically), or to `toVersionId`. For `active`, live devices swap first.
   */
  rollback(request: { family: DeviceFamily; alias: string; profileId: string | null; toVersionId?: string }, who: Actor): Promise<ModelAlias> {
    return this.#serial('alias', () => this.#rollback(request, who, 'rollback', { metrics: {} }));
  }

  /** Called by the live monitor: rolls the profile's `active` alias back to the last known-good version. */
  autoRollback(device: { deviceId: string; profileId: string }, trigger: RollbackTrigger): Promise<ModelAlias | undefined> {
    return this.#serial('alias', async () => {
      const current = this.#store.version(trigger.versionId);
      const family = current?.family ?? this.#options.profileFamily(device.profileId);
      if (!family) return undefined;
      const alias = this.#store.alias(family, ACTIVE_ALIAS, device.profileId);
      if (!alias || alias.versionId !== trigger.versionId) return undefined;
      try {
        const result = await this.#rollback({ family, alias: ACTIVE_ALIAS, profileId: device.profileId }, { actor: 'auto-rollback', reason: trigger.reason }, 'auto-rollback', {
          metrics: trigger.metrics,
          deviceId: device.deviceId,
        });
        const message = `Automatic rollback on ${device.deviceId}: ${trigger.reason}; ${device.profileId} is back on ${labelOf(this.#version(result.versionId))}`;
        this.#log('warn', message);
        this.#changed('auto-rollback', family, message);
        return result;
      } catch (error) {
        const message = `Automatic rollback on ${device.deviceId} was needed (${trigger.reason}) but failed: ${error instanceof Error ? error.message : String(error)}`;
        this.#log('error', message);
        this.#changed('activation-failed', family, message);
        return undefined;
      }
    });
  }

  /** Points a user alias (`champion`, `candidate`, …) at a version; `active` goes through `activate`. */
  setAlias(request: { alias: string; versionId: string }, who: Actor): Promise<ModelAlias> {
    return this.#serial('alias', () => {
      if (request.alias === ACTIVE_ALIAS) throw new ContractError({ code: 'invalid-input', message: 'Use activate for the active alias (it runs the validation gate)' });
      const v = this.#version(request.versionId);
      const previous = this.#store.alias(v.family, request.alias, null);
      return Promise.resolve(
        this.#store.transaction(() => {
          this.#store.setAlias(v.family, request.alias, null, v.id, who.actor);
          this.#history({ actor: who.actor, action: 'alias-set', family: v.family, versionId: v.id, previousVersionId: previous?.versionId ?? null, alias: request.alias, reason: who.reason });
          this.#changed('aliases', v.family, `${request.alias} → ${labelOf(v)}`);
          return this.#aliasOrFail(v.family, request.alias, null);
        }),
      );
    });
  }

  removeAlias(request: { family: DeviceFamily; alias: string; profileId: string | null }, who: Actor): Promise<void> {
    return this.#serial('alias', () => {
      const previous = this.#store.alias(request.family, request.alias, request.profileId);
      if (!previous) return Promise.resolve();
      this.#store.transaction(() => {
        this.#store.removeAlias(request.family, request.alias, request.profileId);
        this.#history({ actor: who.actor, action: 'alias-removed', family: request.family, versionId: null, previousVersionId: previous.versionId, alias: request.alias, profileId: request.profileId, reason: who.reason });
      });
      this.#changed('aliases', request.family, `${request.alias} removed`);
      return Promise.resolve();
    });
  }

  // ── Version housekeeping ─────────────────────────────────────────────────────────────────────

  setPinned(versionId: string, pinned: boolean, who: Actor): ModelVersion {
    return this.#edit(versionId, { pinned }, pinned ? 'pin' : 'unpin', who);
  }

  setTags(versionId: string, tags: readonly string[], who: Actor): ModelVersion {
    return this.#edit(versionId, { tags: [...new Set(tags)] }, 'tags', who, { tags });
  }

  setNotes(versionId: string, notes: string, who: Actor): ModelVersion {
    return this.#edit(versionId, { notes }, 'notes', who);
  }

  /** Deletes a version that is neither pinned, aliased nor live. */
  delete(versionId: string, who: Actor): Promise<void> {
    return this.#serial('alias', async () => {
      const v = this.#version(versionId);
      if (v.pinned) throw new ContractError({ code: 'invalid-input', message: `${labelOf(v)} is pinned; unpin it first` });
      if (v.aliases.length > 0) {
        throw new ContractError({ code: 'invalid-input', message: `${labelOf(v)} is the ${v.aliases.map((a) => a.alias + (a.profileId ? ` (${a.profileId})` : '')).join(', ')} version; point the alias elsewhere first` });
      }
      if (this.#options.target?.inUse().has(v.id)) throw new ContractError({ code: 'invalid-input', message: `${labelOf(v)} is running on a device` });
      await this.#deleteVersion(v, who.actor, who.reason, 'delete');
    });
  }

  // ── Shadow mode and policy ───────────────────────────────────────────────────────────────────

  async startShadow(deviceId: string, versionId: string, who: Actor): Promise<void> {
    const v = this.#version(versionId);
    await this.#target().startShadow(deviceId, this.runnable(versionId));
    this.#history({ actor: who.actor, action: 'shadow-start', family: v.family, versionId, deviceId, reason: who.reason });
    this.#changed('shadow', v.family, `Shadowing ${labelOf(v)} on ${deviceId}`);
  }

  async stopShadow(deviceId: string, who: Actor): Promise<void> {
    const status = await this.#target().stopShadow(deviceId);
    if (!status) return;
    const metrics: Record<string, number | null> = { windowsCompared: status.windowsCompared, windowsSkipped: status.windowsSkipped };
    for (const o of status.outputs) {
      if (o.agreement !== null) metrics[`${o.output}.agreement`] = o.agreement;
      if (o.mae !== null) metrics[`${o.output}.mae`] = o.mae;
    }
    const v = this.#store.version(status.shadowVersionId);
    this.#history({ actor: who.actor, action: 'shadow-stop', family: v?.family ?? null, versionId: status.shadowVersionId, deviceId, reason: who.reason, metrics, detail: { outputs: status.outputs.map(({ series: _series, ...rest }) => rest) } });
    this.#changed('shadow', v?.family ?? null, `Shadow stopped on ${deviceId}`);
  }

  autoRollbackPolicy(): AutoRollbackPolicy {
    this.#policy ??= this.#loadPolicy();
    return this.#policy;
  }

  #loadPolicy(): AutoRollbackPolicy {
    const stored = readSetting(this.#options.database(), POLICY_SETTING);
    const parsed = stored === undefined ? undefined : autoRollbackPolicySchema.safeParse(JSON.parse(stored));
    return parsed?.success ? parsed.data : DEFAULT_AUTO_ROLLBACK_POLICY;
  }

  setAutoRollbackPolicy(policy: AutoRollbackPolicy, who: Actor): AutoRollbackPolicy {
    writeSetting(this.#options.database(), POLICY_SETTING, JSON.stringify(policy), this.#store.now());
    this.#policy = policy;
    this.#history({ actor: who.actor, action: 'notes', family: null, versionId: null, reason: `automatic rollback policy changed: ${who.reason}`, detail: { policy } });
    return policy;
  }

  /** For the inference service: a device started, swapped or stopped serving a version. */
  recordLive(event: { deviceId: string; profileId: string; versionId: string | null; previousVersionId: string | null; action: 'live-start' | 'live-swap' | 'live-stop' }): void {
    const v = event.versionId ? this.#store.version(event.versionId) : undefined;
    const previous = event.previousVersionId ? this.#store.version(event.previousVersionId) : undefined;
    this.#history({
      actor: 'console',
      action: event.action,
      family: v?.family ?? previous?.family ?? null,
      versionId: event.versionId,
      previousVersionId: event.previousVersionId,
      profileId: event.profileId,
      deviceId: event.deviceId,
      reason: event.action === 'live-stop' ? 'model stopped on the device' : 'serving on the device',
    });
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────

  async #rollback(
    request: { family: DeviceFamily; alias: string; profileId: string | null; toVersionId?: string },
    who: Actor,
    action: 'rollback' | 'auto-rollback',
    evidence: { metrics: Record<string, number | null>; deviceId?: string },
  ): Promise<ModelAlias> {
    const current = this.#aliasOrFail(request.family, request.alias, request.profileId);
    const targetId = request.toVersionId ?? this.#lastKnownGood(request.family, request.alias, request.profileId, current.versionId);
    if (!targetId) {
      throw new ContractError({ code: 'failed', message: `${request.alias}${request.profileId ? ` (${request.profileId})` : ''} has no earlier version to roll back to` });
    }
    const target = this.#version(targetId);
    if (target.family !== request.family) throw new ContractError({ code: 'invalid-input', message: `${labelOf(target)} is a ${target.family} model, not ${request.family}` });
    if (request.alias === ACTIVE_ALIAS && request.profileId) return this.#pointActive(request.family, request.profileId, target, action, who, evidence);
    return this.#store.transaction(() => {
      this.#store.setAlias(request.family, request.alias, request.profileId, target.id, who.actor);
      this.#history({ actor: who.actor, action, family: request.family, versionId: target.id, previousVersionId: current.versionId, alias: request.alias, profileId: request.profileId, reason: who.reason, metrics: evidence.metrics });
      this.#changed('aliases', request.family, `${request.alias} rolled back to ${labelOf(target)}`);
      return this.#aliasOrFail(request.family, request.alias, request.profileId);
    });
  }

  /** Swaps live devices of the profile, then moves `active` in one transaction with its history row. */
  async #pointActive(
    family: DeviceFamily,
    profileId: string,
    v: StoredVersion,
    action: HistoryAction,
    who: Actor,
    evidence: { metrics: Record<string, number | null>; deviceId?: string },
  ): Promise<ModelAlias> {
    const deviceId = evidence.deviceId ?? null;
    const previous = this.#store.alias(family, ACTIVE_ALIAS, profileId);
    let devices: string[] = [];
    try {
      devices = (await this.#options.target?.deploy(profileId, this.runnable(v.id))) ?? [];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#history({ actor: who.actor, action: 'activate-failed', family, versionId: v.id, previousVersionId: previous?.versionId ?? null, alias: ACTIVE_ALIAS, profileId, deviceId, reason: message });
      this.#changed('activation-failed', family, message);
      throw error;
    }
    return this.#store.transaction(() => {
      this.#store.setAlias(family, ACTIVE_ALIAS, profileId, v.id, who.actor);
      this.#history({ actor: who.actor, action, family, versionId: v.id, previousVersionId: previous?.versionId ?? null, alias: ACTIVE_ALIAS, profileId, deviceId, reason: who.reason, metrics: evidence.metrics, detail: { devices } });
      this.#changed('aliases', family, `${profileId}: ${labelOf(v)} is active`);
      return this.#aliasOrFail(family, ACTIVE_ALIAS, profileId);
    });
  }

  /** The newest earlier holder of the alias that still exists and was never rolled back from automatically. */
  #lastKnownGood(family: DeviceFamily, alias: string, profileId: string | null, current: string): string | undefined {
    const history = this.#store.aliasHistory(family, alias, profileId);
    const bad = new Set(history.filter((h) => h.action === 'auto-rollback' && h.previousVersionId).map((h) => h.previousVersionId as string));
    const existing = this.#store.versionIds();
    const candidates = history.flatMap((h) => [h.versionId, h.previousVersionId]);
    return candidates.find((id): id is string => id !== null && id !== current && !bad.has(id) && existing.has(id));
  }

  async #deleteVersion(v: StoredVersion, actor: string, reason: string, action: 'delete' | 'retention-delete'): Promise<void> {
    // Row first, folder second: a crash in between leaves an orphan folder that start() removes.
    this.#store.transaction(() => {
      this.#store.deleteVersion(v.id);
      this.#history({ actor, action, family: v.family, versionId: v.id, reason, detail: { label: labelOf(v) } });
    });
    await this.#packages.remove(v.id);
    this.#changed('versions', v.family, `Deleted ${labelOf(v)}`);
  }

  #edit(versionId: string, change: { pinned?: boolean; tags?: readonly string[]; notes?: string }, action: HistoryAction, who: Actor, detail: Record<string, unknown> = {}): ModelVersion {
    const v = this.#version(versionId);
    this.#store.transaction(() => {
      this.#store.updateVersion(v.id, change);
      this.#history({ actor: who.actor, action, family: v.family, versionId: v.id, reason: who.reason, detail });
    });
    this.#changed('versions', v.family, `${labelOf(v)} updated`);
    return this.version(v.id);
  }

  #familyOfProfile(profileId: string, v: StoredVersion): DeviceFamily {
    const family = this.#options.profileFamily(profileId);
    if (!family) throw new ContractError({ code: 'invalid-input', message: `There is no device profile "${profileId}"` });
    if (family !== v.family) throw new ContractError({ code: 'invalid-input', message: `${labelOf(v)} is a ${v.family} model; ${profileId} is a ${family} profile` });
    return family;
  }

  #version(id: string): StoredVersion {
    const v = this.#store.version(id);
    if (!v) throw new ContractError({ code: 'invalid-input', message: `There is no model version ${id} in the registry` });
    return v;
  }

  #aliasOrFail(family: DeviceFamily, alias: string, profileId: string | null): ModelAlias {
    const found = this.#store.alias(family, alias, profileId);
    if (!found) throw new ContractError({ code: 'invalid-input', message: `No ${family} alias "${alias}"${profileId ? ` for ${profileId}` : ''}` });
    return found;
  }

  #target(): IDeploymentTarget {
    const target = this.#options.target;
    if (!target) throw new ContractError({ code: 'unavailable', message: 'Live devices are not available here' });
    return target;
  }

  #history(entry: Partial<NewHistoryEntry> & Pick<NewHistoryEntry, 'actor' | 'action' | 'family' | 'versionId' | 'reason'>): void {
    this.#store.appendHistory({ previousVersionId: null, alias: null, profileId: null, deviceId: null, ...entry });
  }

  #serial<T>(queue: 'import' | 'alias', fn: () => Promise<T>): Promise<T> {
    const previous = queue === 'import' ? this.#importQueue : this.#aliasQueue;
    const next = previous.then(fn, fn);
    if (queue === 'import') this.#importQueue = next.catch(() => undefined);
    else this.#aliasQueue = next.catch(() => undefined);
    return next;
  }

  #changed(kind: RegistryChange['kind'], family: DeviceFamily | null, message: string): void {
    this.#detail = `${this.#store.versionIds().size} versions`;
    this.#options.onChange?.({ kind, family, message });
  }

  #log(level: 'info' | 'warn' | 'error', message: string): void {
    this.#options.log?.(level, message);
  }
}

function publicVersion(v: StoredVersion): ModelVersion {
  const { manifest: _manifest, ...rest } = v;
  return rest;
}

function labelOf(v: { name: string; version: string }): string {
  return `${v.name} ${v.version}`;
}

function latencyMetrics(report: ImportReport): Record<string, number | null> {
  return report.latency ? { latencyP50Ms: report.latency.p50Ms, latencyP95Ms: report.latency.p95Ms, parityMaxAbsDiff: report.parity?.maxAbsDiff ?? null } : {};
}

function gateMetrics(gate: GateResult): Record<string, number | null> {
  return Object.fromEntries(gate.metrics.map((m) => [m.name, m.value]));
}

function failedMetrics(gate: GateResult): string {
  const failed = gate.metrics.filter((m) => !m.passed);
  return failed.length === 0
    ? 'no metric passed'
    : failed.map((m) => `${m.name} = ${m.value === null ? 'not computed' : m.value.toPrecision(4)} (${m.min !== null ? `min ${m.min}` : ''}${m.min !== null && m.max !== null ? ', ' : ''}${m.max !== null ? `max ${m.max}` : ''})`).join('; ');
}
