import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { CalibrationParameter, CalibrationVersion, DeviceCalibrationStatus } from '../../shared/domain/calibration';
import type { ProcedureOptions, ProcedureSummary, WizardInput, WizardSnapshot } from '../../shared/domain/calibrationWizard';
import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import { ContractError } from '../../shared/ipc/contractError';
import type { IService } from '../core/serviceContainer';
import { findShippedProfile } from '../devices/profiles/shippedProfiles';
import { type CompiledCalibration, compileCalibration } from './apply/applyCalibration';
import { mergeTransforms } from './apply/transforms';
import { calibrationCertificate } from './certificate/calibrationCertificate';
import { createWizardRun } from './engine/createWizardRun';
import type { CalibrationDevice, WizardRun } from './engine/wizardRun';
import { procedureSummaries } from './procedures/procedureCatalog';
import { buildCalibrationExport, parseCalibrationImport } from './profiles/calibrationExchange';
import { CalibrationProfileStore, CalibrationStoreError } from './profiles/calibrationProfileStore';
import { calibrationStatus, DEFAULT_EXPIRY_POLICY, type ExpiryPolicy, expiryOf } from './profiles/calibrationStatus';

/** Where the service finds open devices (the DeviceManager, adapted by `deviceManagerDirectory`). */
export interface CalibrationDeviceDirectory {
  /** The open device; throws a ContractError naming it when there is none. */
  device(deviceId: string): CalibrationDevice;
  /** A device profile by id, shipped or the operator's own; absent: shipped profiles only. */
  findProfile?(profileId: string): DeviceProfile | undefined;
}

export interface CalibrationServiceOptions {
  /** The console database, open once the storage service has started. */
  readonly database: () => DatabaseSync;
  readonly devices: CalibrationDeviceDirectory;
  readonly appVersion: string;
  readonly now?: () => Date;
  readonly expiry?: ExpiryPolicy;
  /** A wizard changed (throttled while data flows; immediate on operator actions). */
  readonly onWizard: (snapshot: WizardSnapshot) => void;
  /** A device's stored calibration changed. */
  readonly onChanged: (status: DeviceCalibrationStatus) => void;
  readonly log: (level: 'info' | 'warn', message: string) => void;
  /** Least time between wizard snapshots while frames stream in, ms. */
  readonly snapshotIntervalMs?: number;
}

/** A download the UI offers to save. */
export interface CalibrationDownload {
  readonly fileName: string;
  readonly mediaType: string;
  readonly text: string;
}

interface OpenRun {
  readonly run: WizardRun;
  lastEmitMs: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Calibration as a core service: opens wizards on devices, forwards their snapshots, stores
 * accepted calibrations as new immutable versions, and answers status, history, certificates and
 * export/import. Only `accept`, `activate` and `import` write; everything else leaves the device
 * and the database untouched.
 */
export class CalibrationService implements IService {
  readonly name = 'calibration';
  readonly #o: CalibrationServiceOptions;
  readonly #runs = new Map<string, OpenRun>();
  readonly #now: () => Date;
  readonly #policy: ExpiryPolicy;
  #store: CalibrationProfileStore | undefined;

  constructor(options: CalibrationServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#policy = options.expiry ?? DEFAULT_EXPIRY_POLICY;
  }

  start(): void {
    this.#store = new CalibrationProfileStore(this.#o.database());
  }

  stop(): void {
    for (const open of this.#runs.values()) {
      clearTimeout(open.timer);
      open.run.cancel();
    }
    this.#runs.clear();
    this.#store = undefined;
  }

  health(): { state: 'running'; detail: string } {
    return { state: 'running', detail: `${this.#runs.size} calibration wizard(s) open` };
  }

  procedures(deviceId: string): ProcedureSummary[] {
    return procedureSummaries(this.#o.devices.device(deviceId).profile);
  }

  /** Opens a wizard on a device; one at a time per device. */
  startWizard(deviceId: string, operator: string, options: ProcedureOptions): WizardSnapshot {
    const device = this.#o.devices.device(deviceId);
    for (const open of this.#runs.values()) {
      if (open.run.device.id === deviceId) {
        throw invalid(`A calibration (${open.run.snapshot().procedureName}) is already open on ${device.name}; finish or cancel it first.`);
      }
    }
    const key = device.status().deviceKey;
    const previous = key === null ? null : this.#storeOrFail().active(key, device.profile.id);
    const runId = randomUUID();
    const open: OpenRun = { run: createWizardRun({ runId, device, options, operator, previous, onChange: () => this.#throttled(runId) }), lastEmitMs: 0, timer: undefined };
    this.#runs.set(runId, open);
    open.run.start();
    this.#o.log('info', `${operator} started ${open.run.snapshot().procedureName} on ${device.name}.`);
    return this.#emit(open);
  }

  /** The wizard open on a device, if any (a page opened again finds the wizard it left running). */
  openOn(deviceId: string): WizardSnapshot | null {
    for (const open of this.#runs.values()) if (open.run.device.id === deviceId) return open.run.snapshot();
    return null;
  }

  state(runId: string): WizardSnapshot {
    return this.#open(runId).run.snapshot();
  }

  input(runId: string, input: WizardInput): WizardSnapshot {
    const open = this.#open(runId);
    open.run.input(input);
    return this.#emit(open);
  }

  redo(runId: string, stepId?: string): WizardSnapshot {
    const open = this.#open(runId);
    open.run.redo(stepId);
    return this.#emit(open);
  }

  cancel(runId: string): WizardSnapshot {
    const open = this.#open(runId);
    open.run.cancel();
    this.#close(runId);
    this.#o.log('info', `Calibration ${open.run.snapshot().procedureName} on ${open.run.device.name} cancelled; nothing was stored.`);
    return this.#emit(open);
  }

  /** Stores the reviewed fit as the device's new active version. */
  accept(runId: string): { snapshot: WizardSnapshot; version: CalibrationVersion } {
    const open = this.#open(runId);
    const { run } = open;
    const fit = run.fit;
    if (run.phase !== 'review' || fit === null) throw invalid('There is no fit to accept yet: the wizard has steps left.');
    if (fit.report.outcome === 'fail') throw invalid(`This calibration failed its limits — ${fit.report.summary} Redo it or cancel.`);
    const device = run.device;
    const deviceKey = device.status().deviceKey;
    if (deviceKey === null) throw invalid(`${device.name} has not reported a serial number, so the calibration cannot be bound to it.`);
    const store = this.#storeOrFail();
    const previous = store.active(deviceKey, device.profile.id);
    const now = this.#now();
    const snapshot = run.snapshot();
    const version = store.append(
      {
        deviceKey,
        profileId: device.profile.id,
        family: device.profile.family,
        procedureId: snapshot.procedureId,
        procedureName: snapshot.procedureName,
        operator: snapshot.operator,
        createdAt: now.toISOString(),
        expiresAt: expiryOf(device.profile.family, now, this.#policy).toISOString(),
        appVersion: this.#o.appVersion,
        transforms: mergeTransforms(previous?.transforms ?? [], fit.transforms),
        parameters: mergeParameters(previous?.parameters ?? [], fit.parameters),
        fit: fit.report,
      },
      true,
    );
    run.markAccepted(version.id);
    this.#close(runId);
    this.#o.log('info', `${snapshot.operator} accepted ${snapshot.procedureName} for ${deviceKey}: version ${version.version}.`);
    this.#o.onChanged(this.#statusOf(version.deviceKey, version.profileId));
    return { snapshot: this.#emit(open), version };
  }

  /** The calibration state of an open device, or null before it reported its serial number. */
  status(deviceId: string): DeviceCalibrationStatus | null {
    const device = this.#o.devices.device(deviceId);
    const key = device.status().deviceKey;
    if (key === null) return null;
    const warming = new Set([...this.#runs.values()].filter((o) => o.run.device.id === deviceId).flatMap((o) => o.run.warmingChannels()));
    return this.#statusOf(key, device.profile.id, warming);
  }

  /** The compiled active transforms of an open device for the pipeline, or null when it has none. */
  activeCalibration(deviceId: string): { version: CalibrationVersion; compiled: CompiledCalibration } | null {
    const device = this.#o.devices.device(deviceId);
    const key = device.status().deviceKey;
    const version = key === null ? null : this.#storeOrFail().active(key, device.profile.id);
    if (version === null) return null;
    const compiled = compileCalibration(device.profile, version.transforms);
    if (!compiled.ok) {
      this.#o.log('warn', `Calibration version ${version.version} of ${key} is not applied: ${compiled.error}`);
      return null;
    }
    return { version, compiled: compiled.compiled };
  }

  profiles(): DeviceCalibrationStatus[] {
    return this.#storeOrFail()
      .devices()
      .map((d) => this.#statusOf(d.deviceKey, d.profileId));
  }

  history(deviceKey: string, profileId: string): CalibrationVersion[] {
    return this.#storeOrFail().history(deviceKey, profileId);
  }

  activate(versionId: string, operator: string): DeviceCalibrationStatus {
    const version = this.#storeCall(() => this.#storeOrFail().activate(versionId, operator, this.#now().toISOString()));
    this.#o.log('info', `${operator} made version ${version.version} the active calibration of ${version.deviceKey}.`);
    const status = this.#statusOf(version.deviceKey, version.profileId);
    this.#o.onChanged(status);
    return status;
  }

  certificate(versionId: string): CalibrationDownload {
    const version = this.#storeOrFail().get(versionId);
    if (version === null) throw invalid(`No calibration version "${versionId}".`);
    const deviceName = this.#findProfile(version.profileId)?.displayName ?? null;
    return {
      fileName: `calibration-${fileSafe(version.deviceKey)}-v${version.version}.html`,
      mediaType: 'text/html',
      text: calibrationCertificate(version, { deviceName, issuedAt: this.#now().toISOString() }),
    };
  }

  export(deviceKey: string, profileId: string): CalibrationDownload {
    const store = this.#storeOrFail();
    const versions = store.history(deviceKey, profileId);
    if (versions.length === 0) throw invalid(`No calibration is stored for ${deviceKey} (${profileId}).`);
    const file = buildCalibrationExport(versions, store.active(deviceKey, profileId), this.#o.appVersion, this.#now().toISOString());
    return { fileName: `calibration-${fileSafe(deviceKey)}-${fileSafe(profileId)}.json`, mediaType: 'application/json', text: `${JSON.stringify(file, null, 2)}\n` };
  }

  import(text: string, activate: boolean, operator: string): { deviceKey: string; profileId: string; imported: number; skipped: number } {
    const parsed = parseCalibrationImport(text);
    if (!parsed.ok) throw new ContractError({ code: 'invalid-input', message: 'This is not a valid calibration file; nothing was imported.', issues: [...parsed.errors] });
    const { file } = parsed;
    const outcome = this.#storeCall(() =>
      this.#storeOrFail().importVersions(file.versions, activate ? file.activeVersionId : null, operator, this.#now().toISOString()),
    );
    this.#o.log('info', `${operator} imported ${outcome.imported} calibration version(s) of ${file.deviceKey} (${outcome.skipped} already present).`);
    this.#o.onChanged(this.#statusOf(file.deviceKey, file.profileId));
    return { deviceKey: file.deviceKey, profileId: file.profileId, ...outcome };
  }

  #statusOf(deviceKey: string, profileId: string, warming?: ReadonlySet<string>): DeviceCalibrationStatus {
    const active = this.#storeOrFail().active(deviceKey, profileId);
    const profile = this.#findProfile(profileId);
    const channels = profile?.channels.map((c) => c.name) ?? [...new Set([...(active?.transforms ?? []).map((t) => t.channel)])];
    return calibrationStatus({ deviceKey, profileId, channels, active, now: this.#now(), policy: this.#policy, warming });
  }

  #findProfile(profileId: string): DeviceProfile | undefined {
    return this.#o.devices.findProfile?.(profileId) ?? findShippedProfile(profileId);
  }

  #open(runId: string): OpenRun {
    const open = this.#runs.get(runId);
    if (!open) throw invalid(`No open calibration "${runId}": it was accepted, cancelled or never started.`);
    return open;
  }

  #close(runId: string): void {
    const open = this.#runs.get(runId);
    if (open) clearTimeout(open.timer);
    this.#runs.delete(runId);
  }

  #emit(open: OpenRun): WizardSnapshot {
    clearTimeout(open.timer);
    open.timer = undefined;
    open.lastEmitMs = Date.now();
    const snapshot = open.run.snapshot();
    this.#o.onWizard(snapshot);
    return snapshot;
  }

  /** Data-driven changes: at most one snapshot per interval, the latest state always delivered. */
  #throttled(runId: string): void {
    const open = this.#runs.get(runId);
    if (!open || open.timer !== undefined) return;
    const interval = this.#o.snapshotIntervalMs ?? 150;
    const wait = open.lastEmitMs + interval - Date.now();
    if (wait <= 0) this.#emit(open);
    else open.timer = setTimeout(() => this.#runs.has(runId) && this.#emit(open), wait);
  }

  #storeOrFail(): CalibrationProfileStore {
    if (!this.#store) throw new ContractError({ code: 'unavailable', message: 'Calibration storage is not open (the console is starting or stopping).' });
    return this.#store;
  }

  #storeCall<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof CalibrationStoreError) throw invalid(error.message);
      throw error;
    }
  }
}

/** A calibration's parameters over those in force: a parameter of the same name and channel is replaced. */
function mergeParameters(current: readonly CalibrationParameter[], updates: readonly CalibrationParameter[]): CalibrationParameter[] {
  const key = (p: CalibrationParameter): string => `${p.name}\u0000${p.channel ?? ''}`;
  const updated = new Set(updates.map(key));
  return [...current.filter((p) => !updated.has(key(p))), ...updates];
}

function invalid(message: string): ContractError {
  return new ContractError({ code: 'invalid-input', message });
}

function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}
