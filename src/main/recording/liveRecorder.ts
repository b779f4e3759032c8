import type { DecodedOutput, Prediction } from '../../shared/domain/prediction';
import { ContractError } from '../../shared/ipc/contractError';
import type { DeviceInfo } from '../../shared/ipc/domains/devices';
import type { RecordingHistory, RecordingStatus } from '../../shared/ipc/domains/recording';
import type { DeviceManager } from '../devices/deviceManager';
import type { RecordedPrediction } from './jsonMessages';
import { METADATA } from './recordingLayout';
import { labelEvent } from './labelSpans';
import { readHistory, type HistoryQuery } from './recordingHistory';
import type { RecordingService } from './recordingService';
import type { RecordingSession } from './recordingSession';

export interface LiveRecorderOptions {
  readonly service: RecordingService;
  readonly devices: DeviceManager;
  readonly subscribePredictions: (deviceId: string, listener: (p: Prediction) => void) => () => void;
  readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** A decoded output as the numbers the recording keeps (its meaning lives in the model's manifest). */
function flatten(output: DecodedOutput): number[] {
  switch (output.kind) {
    case 'classification':
    case 'multilabel':
      return output.probabilities;
    case 'regression':
      return output.values;
    case 'localisation':
      return output.position;
    case 'actuator':
      return [output.value];
    case 'events':
      return output.events.map((e) => e.deviceTimeS);
  }
}

function toRecorded(p: Prediction): RecordedPrediction {
  return {
    deviceId: p.deviceId,
    modelId: p.modelName,
    modelVersion: p.modelVersion,
    windowEndDeviceTimeS: p.deviceTimeS,
    outputs: Object.fromEntries(p.outputs.map((o) => [o.name, flatten(o)])),
    latencyMs: p.latencyMs,
    hostTimeMs: p.hostTimeMs,
  };
}

/**
 * Records the live console: every open device's frames (and devices opened while recording),
 * their predictions, and connection events, into one session file. The recorder's queue never
 * drops: it is fed straight from the device sources, not through the UI's coalesced streams.
 */
export class LiveRecorder {
  readonly #options: LiveRecorderOptions;
  #session: RecordingSession | undefined;
  #name = '';
  /** The operator's label in force, if any (one at a time: a new one ends the previous). */
  #label: string | null = null;
  #subscriptions = new Map<string, (() => void)[]>();
  #lastStates = new Map<string, string>();

  constructor(options: LiveRecorderOptions) {
    this.#options = options;
  }

  status(): RecordingStatus {
    const s = this.#session;
    if (!s) return { active: false, sessionId: null, name: null, startedAt: null, devices: 0, framesWritten: 0, framesDurable: 0, queuedFrames: 0, bytesWritten: 0, error: null, label: null };
    const stats = s.stats();
    return {
      active: true,
      sessionId: s.sessionId,
      name: this.#name,
      startedAt: new Date(s.startedAtMs).toISOString(),
      devices: this.#subscriptions.size,
      framesWritten: stats.framesWritten,
      framesDurable: stats.framesDurable,
      queuedFrames: stats.queuedFrames,
      bytesWritten: stats.bytesWritten,
      error: stats.error,
      label: this.#label,
    };
  }

  async start(request: { name: string; tags?: string[]; notes?: string }): Promise<RecordingStatus> {
    if (this.#session) throw new ContractError({ code: 'invalid-input', message: `Already recording "${this.#name}".` });
    const devices = this.#options.devices.list();
    this.#session = await this.#options.service.startSession({ ...request, devices: [] });
    this.#name = request.name;
    for (const device of devices) this.#follow(device);
    this.#event('recording', undefined, `Recording "${request.name}" started with ${devices.length} device(s).`);
    this.#options.log('info', `Recording "${request.name}" started.`);
    return this.status();
  }

  async stop(): Promise<{ path: string; sizeBytes: number } | { error: string }> {
    const session = this.#session;
    if (!session) throw new ContractError({ code: 'invalid-input', message: 'Not recording.' });
    for (const offs of this.#subscriptions.values()) for (const off of offs) off();
    this.#subscriptions.clear();
    this.#lastStates.clear();
    this.#label = null;
    this.#session = undefined;
    const result = await this.#options.service.stopSession(session);
    this.#options.log(result.ok ? 'info' : 'error', result.ok ? `Recording "${this.#name}" saved to ${result.path}.` : `Recording "${this.#name}" failed: ${result.message}`);
    return result.ok ? { path: result.path, sizeBytes: result.sizeBytes } : { error: result.message };
  }

  /** Called with the device list whenever it changes: follows new devices, notes state changes. */
  onDevicesChanged(devices: readonly DeviceInfo[]): void {
    if (!this.#session) return;
    for (const device of devices) {
      if (!this.#subscriptions.has(device.id)) this.#follow(device);
      const previous = this.#lastStates.get(device.id);
      if (previous !== undefined && previous !== device.health.state) {
        const kind = device.health.state === 'open' ? 'connect' : 'disconnect';
        this.#event(kind, device.id, `${device.name}: ${device.health.state} — ${device.health.stateDetail}`);
      }
      this.#lastStates.set(device.id, device.health.state);
    }
  }

  /** A device's frames in a range from the recording in progress (the live view's scroll-back). */
  async history(deviceId: string, query: HistoryQuery): Promise<RecordingHistory> {
    if (!this.#session) return { available: false, reason: 'not-recording' };
    const source = this.#session.historySource(deviceId);
    if (!source) return { available: false, reason: 'device-not-recorded' };
    const read = await readHistory(source, query);
    const column = (c: Float32Array): (number | null)[] => Array.from(c, (v) => (Number.isFinite(v) ? v : null));
    return { available: true, x: Array.from(read.x), columns: read.columns.map(column), frames: read.frames, recordedFrom: read.recordedFrom };
  }

  /**
   * Marks a label edge in the recording: `label` starts now (ending the one in force, so labelled
   * intervals follow each other), or — without a label — the one in force ends now.
   */
  label(label: string | undefined): RecordingStatus {
    const session = this.#session;
    if (!session) throw new ContractError({ code: 'invalid-input', message: 'Start a recording (Alt+R) before labelling it.' });
    const now = Date.now();
    if (this.#label !== null) session.writeEvent(labelEvent(now, { label: this.#label, edge: 'end' }));
    if (label !== undefined) session.writeEvent(labelEvent(now, { label, edge: 'start' }));
    this.#label = label ?? null;
    return this.status();
  }

  /** Writes an operator's note into the recording. */
  note(text: string): void {
    this.#event('note', undefined, text);
  }

  #follow(device: DeviceInfo): void {
    const session = this.#session;
    if (!session) return;
    this.#options.service.addDevice(session, { id: device.id, name: device.name, identity: device.identity, profile: device.profile });
    this.#lastStates.set(device.id, device.health.state);
    let calibrationInForce: string | null | undefined;
    this.#subscriptions.set(device.id, [
      this.#options.devices.subscribeRaw(device.id, (batch) => session.writeFrames(device.id, 'raw', batch)),
      // Calibrated frames are kept beside the raw ones only while a calibration is active.
      this.#options.devices.subscribe(device.id, (batch, calibration) => {
        if (calibration !== calibrationInForce) {
          // Traceability: which calibration produced the calibrated frames (and the predictions on them).
          if (calibrationInForce !== undefined) this.#event('calibration-change', device.id, `${device.name}: calibration ${calibration ?? 'none'} in force.`);
          session.addMetadata(`${METADATA.calibrationPrefix}${device.id}`, { version: calibration ?? '' });
          calibrationInForce = calibration;
        }
        if (calibration !== null) session.writeFrames(device.id, 'calibrated', batch);
      }),
      this.#options.subscribePredictions(device.id, (p) => session.writePrediction(toRecorded(p))),
    ]);
  }

  #event(kind: 'recording' | 'connect' | 'disconnect' | 'note' | 'calibration-change', deviceId: string | undefined, text: string): void {
    this.#session?.writeEvent({ time: Date.now(), kind, ...(deviceId ? { deviceId } : {}), text, detail: {} });
  }
}
