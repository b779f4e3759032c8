import { join } from 'node:path';
import type { DeviceProfile } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import { ContractError } from '../../shared/ipc/contractError';
import type { DeviceInfo, DeviceSourceSpec, ProfileEntry, ProfileSummary, SerialPortInfo } from '../../shared/ipc/domains/devices';
import type { IService } from '../core/serviceContainer';
import { DeviceProfileStore, type StoredProfile } from './profiles/profileStore';
import { loadShippedProfiles } from './profiles/shippedProfiles';
import { discoverPorts } from './serial/portDiscovery';
import { PortWatcher } from './serial/portWatcher';
import { createDeviceSource, type DeviceSourceContext } from './sources/createDeviceSource';
import type { IDeviceSource } from './sources/IDeviceSource';

/** Protocols a built-in simulator can play in process (everything but offline datasets). */
const SIMULATED_PROTOCOLS = new Set(['text', 'json', 'binary', 'modbus-rtu']);
/** `devices.changed` at most this often: health counters change with every batch. */
const CHANGE_NOTIFY_MS = 250;

/** Listener of calibrated frames: the batch after the device's active calibration, and that calibration's version (null: none, raw values). */
export type CalibratedListener = (batch: FrameBatch, calibrationVersion: string | null) => void;

/** Applies a device's active calibration to a batch, or returns undefined when it has none. */
export type Calibrate = (deviceId: string, batch: FrameBatch) => { batch: FrameBatch; version: string } | undefined;

interface OpenDevice {
  readonly source: IDeviceSource;
  readonly off: (() => void)[];
  readonly calibrated: Set<CalibratedListener>;
}

export interface DeviceManagerOptions extends Omit<DeviceSourceContext, 'resolveProfile' | 'demoDatasetsDir'> {
  /** The console's data folder: the operator's profiles live in `profiles/`, demo datasets in `datasets/`; absent: shipped profiles only. */
  readonly dataDir?: string;
  /** The pipeline's calibration stage (set once calibration storage exists; absent: frames pass raw). */
  readonly calibrate?: Calibrate;
  readonly onChanged: (devices: DeviceInfo[]) => void;
  /** A serial port appeared or went away (USB hot-plug). */
  readonly onPortsChanged?: (change: { added: string[]; removed: string[] }) => void;
  /** A device was closed (consumers such as live models let go of it). */
  readonly onClosed?: (deviceId: string) => void;
  readonly log: (level: 'info' | 'warn', message: string) => void;
}

/**
 * Owns every open device: opens sources from specs, fans their batches out to subscribers (UI
 * streams now; recorder and inference later), reports state changes, closes everything on stop.
 */
export class DeviceManager implements IService {
  readonly name = 'devices';
  readonly #options: DeviceManagerOptions;
  readonly #sources = new Map<string, OpenDevice>();
  #nextId = 1;
  readonly #watcher = new PortWatcher();
  #notifyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Shipped profiles and the operator's own; every profile lookup of the core goes through it. */
  readonly profiles: DeviceProfileStore;

  constructor(options: DeviceManagerOptions) {
    this.#options = options;
    this.profiles = new DeviceProfileStore(options.dataDir === undefined ? null : join(options.dataDir, 'profiles'));
  }

  async start(): Promise<void> {
    // Profiles are validated on first use; doing it here makes a broken build fail at start-up.
    loadShippedProfiles();
    // The first scan of the operator's profiles, so synchronous lookups know them from the start.
    await this.profiles.list();
    const notify = this.#options.onPortsChanged;
    if (notify) {
      // The first scan reports every present port as added: listen only to changes after it.
      void this.#watcher.start().then(() => {
        this.#watcher.on('added', ({ port }) => notify({ added: [port.path], removed: [] }));
        this.#watcher.on('removed', ({ port }) => notify({ added: [], removed: [port.path] }));
      });
    }
  }

  async stop(): Promise<void> {
    this.#watcher.stop();
    if (this.#notifyTimer) clearTimeout(this.#notifyTimer);
    await Promise.all([...this.#sources.keys()].map((id) => this.disconnect(id)));
  }

  health(): { state: 'running'; detail: string } {
    const open = [...this.#sources.values()].filter((s) => s.source.info().health.state === 'open').length;
    return { state: 'running', detail: `${this.#sources.size} device(s), ${open} streaming` };
  }

  list(): DeviceInfo[] {
    return [...this.#sources.values()].map((s) => s.source.info());
  }

  async available(): Promise<{ ports: SerialPortInfo[]; profiles: ProfileSummary[]; warning: string | null }> {
    const discovered = await discoverPorts();
    return {
      ports: discovered.ports.map((p) => ({
        path: p.path,
        stablePath: p.stablePath === p.path ? null : p.stablePath,
        vendorId: p.vendorId ?? null,
        productId: p.productId ?? null,
        serialNumber: p.serialNumber ?? null,
        manufacturer: p.manufacturer ?? null,
      })),
      profiles: (await this.profiles.list()).flatMap((p) => (p.profile ? [summarize(p.profile, p.origin)] : [])),
      warning: discovered.warning ?? null,
    };
  }

  /** Every profile for the profile editor, broken user files included. */
  async listProfiles(): Promise<ProfileEntry[]> {
    return (await this.profiles.list()).map(toEntry);
  }

  async connect(spec: DeviceSourceSpec): Promise<DeviceInfo> {
    const id = spec.kind === 'simulator' ? `sim-${spec.profileId}-${this.#nextId++}` : `${spec.kind}-${this.#nextId++}`;
    const { dataDir } = this.#options;
    const source = await createDeviceSource(id, spec, {
      ...this.#options,
      resolveProfile: (profileId) => this.profiles.resolve(profileId),
      demoDatasetsDir: dataDir === undefined ? undefined : join(dataDir, 'datasets'),
    });
    const calibrated = new Set<CalibratedListener>();
    const off = [
      source.onChange(() => this.#scheduleNotify()),
      // Calibration runs once per batch, and only while someone wants calibrated frames.
      source.onBatch((raw) => {
        if (calibrated.size === 0) return;
        const applied = this.#options.calibrate?.(id, raw);
        for (const listener of calibrated) listener(applied?.batch ?? raw, applied?.version ?? null);
      }),
    ];
    this.#sources.set(id, { source, off, calibrated });
    await source.start();
    this.#options.log('info', `Opened ${source.info().name}.`);
    this.#scheduleNotify();
    return source.info();
  }

  async disconnect(id: string): Promise<void> {
    const entry = this.#get(id);
    this.#sources.delete(id);
    for (const off of entry.off) off();
    await entry.source.stop();
    this.#options.onClosed?.(id);
    this.#options.log('info', `Closed ${entry.source.info().name}.`);
    this.#scheduleNotify();
  }

  source(id: string): IDeviceSource {
    return this.#get(id).source;
  }

  /**
   * Every batch of one device after its active calibration (what plots, models and tests see);
   * returns the unsubscribe function.
   */
  subscribe(id: string, listener: CalibratedListener): () => void {
    const { calibrated } = this.#get(id);
    calibrated.add(listener);
    return () => calibrated.delete(listener);
  }

  /** Every batch exactly as the device sent it (calibration wizards, the recorder's raw channel). */
  subscribeRaw(id: string, listener: (batch: FrameBatch) => void): () => void {
    return this.#get(id).source.onBatch(listener);
  }

  #get(id: string): OpenDevice {
    const entry = this.#sources.get(id);
    if (!entry) throw new ContractError({ code: 'invalid-input', message: `No open device "${id}".` });
    return entry;
  }

  #scheduleNotify(): void {
    if (this.#notifyTimer) return;
    this.#notifyTimer = setTimeout(() => {
      this.#notifyTimer = undefined;
      this.#options.onChanged(this.list());
    }, CHANGE_NOTIFY_MS);
  }
}

/** What the connect panel shows of a profile. */
function summarize(profile: DeviceProfile, origin: ProfileSummary['origin']): ProfileSummary {
  return {
    id: profile.id,
    family: profile.family,
    displayName: profile.displayName,
    protocol: profile.protocol.kind,
    nominalRateHz: profile.nominalRateHz,
    channelCount: profile.channels.length,
    simulated: SIMULATED_PROTOCOLS.has(profile.protocol.kind),
    origin,
  };
}

/** A stored profile as the contract lists it. */
export function toEntry(stored: StoredProfile): ProfileEntry {
  return {
    id: stored.id,
    origin: stored.origin,
    file: stored.file,
    summary: stored.profile ? summarize(stored.profile, stored.origin) : null,
    issues: [...stored.issues],
  };
}
