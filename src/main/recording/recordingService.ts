import { randomUUID } from 'node:crypto';
import type { ServiceState } from '../../shared/ipc/domains/app';
import type { IService } from '../core/serviceContainer';
import { recordingsDir } from './recordingLayout';
import { repairUnfinishedRecordings, type RepairOutcome } from './recordingRepair';
import { RecordingSession, type RecordedDevice, type RecordingCloseResult, type RecordingSessionOptions } from './recordingSession';
import type { RecordingStore } from './recordingStore';

/** What an operator gives when starting a recording. */
export interface StartRecordingRequest {
  readonly name: string;
  readonly tags?: readonly string[];
  readonly notes?: string;
  readonly devices: readonly RecordedDevice[];
}

/**
 * The recorder as a core service: on start it repairs recordings a crash left unfinished and
 * brings the session index up to date; it starts sessions (file + index row) and ends them
 * (index row with the file's final size and counts). Stopping the service closes open sessions.
 */
export class RecordingService implements IService {
  readonly name = 'recording';
  readonly #dir: string;
  readonly #store: RecordingStore;
  readonly #appVersion: string;
  readonly #sessionOptions: Partial<RecordingSessionOptions>;
  readonly #active = new Map<string, RecordingSession>();
  #repairs: readonly RepairOutcome[] = [];

  constructor(options: { readonly dataDir: string; readonly store: RecordingStore; readonly appVersion: string; readonly session?: Partial<RecordingSessionOptions> }) {
    this.#dir = recordingsDir(options.dataDir);
    this.#store = options.store;
    this.#appVersion = options.appVersion;
    this.#sessionOptions = options.session ?? {};
  }

  /** What the last start repaired (or failed to), for the UI to tell the operator. */
  get repairs(): readonly RepairOutcome[] {
    return this.#repairs;
  }

  async start(): Promise<void> {
    this.#repairs = await repairUnfinishedRecordings(this.#dir);
    for (const outcome of this.#repairs) {
      const id = outcome.ok ? outcome.report.sessionId : outcome.sessionId;
      if (this.#store.get(id) === undefined) continue;
      this.#store.markEnded(
        id,
        outcome.ok
          ? {
              endedAt: null,
              frameCount: outcome.report.framesRecovered,
              sizeBytes: outcome.report.repairedBytes,
              filePath: outcome.report.path,
              state: 'repaired',
              stateDetail: `Repaired after the console stopped while recording: ${outcome.report.framesRecovered} frames recovered${outcome.report.damage ? `; damage found: ${outcome.report.damage}` : ''}.`,
            }
          : { endedAt: null, frameCount: 0, sizeBytes: 0, filePath: '', state: 'failed', stateDetail: outcome.message },
      );
    }
  }

  async stop(): Promise<void> {
    for (const session of [...this.#active.values()]) await this.stopSession(session);
  }

  health(): { state: ServiceState; detail: string } {
    const failed = this.#repairs.filter((r) => !r.ok).length;
    if (failed > 0) return { state: 'degraded', detail: `${failed} unfinished recording(s) could not be repaired` };
    return { state: 'running', detail: this.#active.size > 0 ? `recording ${this.#active.size} session(s)` : 'idle' };
  }

  /** Starts a session with its devices declared, and lists it in the index. */
  async startSession(request: StartRecordingRequest): Promise<RecordingSession> {
    const sessionId = randomUUID();
    const session = await RecordingSession.start({
      ...this.#sessionOptions,
      dir: this.#dir,
      sessionId,
      name: request.name,
      appVersion: this.#appVersion,
      tags: request.tags,
      notes: request.notes,
    });
    for (const device of request.devices) session.addDevice(device);
    this.#store.insertStarted({
      id: sessionId,
      name: request.name,
      tags: request.tags ?? [],
      notes: request.notes ?? '',
      startedAt: new Date(session.startedAtMs).toISOString(),
      devices: request.devices.map((d) => ({ id: d.id, name: d.name, profileId: d.profile.id })),
      filePath: session.partialPath,
    });
    this.#active.set(sessionId, session);
    return session;
  }

  /** Adds a device to a running session (one opened while recording) and to its index row. */
  addDevice(session: RecordingSession, device: RecordedDevice): void {
    session.addDevice(device);
    const entry = this.#store.get(session.sessionId);
    if (entry && !entry.devices.some((d) => d.id === device.id)) {
      this.#store.update(session.sessionId, { devices: [...entry.devices, { id: device.id, name: device.name, profileId: device.profile.id }] });
    }
  }

  /** Closes a session and records its outcome in the index. */
  async stopSession(session: RecordingSession): Promise<RecordingCloseResult> {
    this.#active.delete(session.sessionId);
    const result = await session.close();
    if (result.ok) {
      const frameCount = Object.values(result.frameCounts).reduce((sum, c) => sum + c.raw + c.calibrated, 0);
      this.#store.markEnded(session.sessionId, {
        endedAt: new Date(result.endedAtMs).toISOString(),
        frameCount,
        sizeBytes: result.sizeBytes,
        filePath: result.path,
        state: 'complete',
        stateDetail: '',
      });
    } else {
      this.#store.markEnded(session.sessionId, { endedAt: null, frameCount: result.stats.framesDurable, sizeBytes: 0, filePath: result.partialPath, state: 'failed', stateDetail: result.message });
    }
    return result;
  }
}
