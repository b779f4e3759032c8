import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { HostKind } from '../../shared/ipc/domains/app';
import { calibrationMethodHandlers } from '../calibration/calibrationHandlers';
import { CalibrationService } from '../calibration/calibrationService';
import { deviceManagerDirectory } from '../calibration/deviceManagerDirectory';
import { CalibrationApplier } from '../calibration/apply/calibrationApplier';
import { hilMethodHandlers } from '../hil/hilHandlers';
import { layoutMethodHandlers } from '../layouts/layoutHandlers';
import { LayoutStore } from '../layouts/layoutStore';
import { InferenceHostClient } from '../inference/inferenceHostClient';
import { GOLDEN_VALIDATORS } from '../registry/golden/familyValidators';
import { catalogueGoldenDirs } from '../registry/golden/validationGate';
import { LiveDeployments } from '../registry/liveDeployments';
import { ModelRegistry } from '../registry/modelRegistry';
import { registryMethodHandlers } from '../registry/registryHandlers';
import { DEFAULT_AUTO_ROLLBACK_POLICY } from '../../shared/domain/registry';
import { validationMethodHandlers } from '../validation/validationHandlers';
import { DriftWatch } from '../validation/drift/driftWatch';
import { ValidationService } from '../validation/validationService';
import { ValidationStore } from '../validation/validationStore';
import { HilService } from '../hil/hilService';
import { hostname } from 'node:os';
import { StationOperator, systemUserName } from './stationOperator';
import { RuntimeThreadsSetting } from '../inference/runtimeThreads';
import { startTestSignal } from '../demo/testSignalGenerator';
import { deviceMethodHandlers } from '../devices/deviceHandlers';
import { DeviceManager } from '../devices/deviceManager';
import type { InferenceChannelFactory } from '../inference/IInferenceChannel';
import { Dispatcher } from '../ipc/dispatcher';
import { inferenceMethodHandlers } from '../pipeline/inferenceHandlers';
import { InferenceService } from '../pipeline/inferenceService';
import { ModelCatalogue } from '../pipeline/modelCatalogue';
import { resolveModelId } from '../pipeline/resolveModelId';
import { LiveRecorder } from '../recording/liveRecorder';
import { recordingMethodHandlers } from '../recording/recordingHandlers';
import { playbackMethodHandlers } from '../recording/playbackHandlers';
import { RecordingService } from '../recording/recordingService';
import { RecordingStore } from '../recording/recordingStore';
import { AuditLog } from '../storage/auditLog';
import { openDatabase } from '../storage/database';
import { migrations } from '../storage/migrations';
import { EventBus } from './eventBus';
import { EventLoopMonitor } from './eventLoopMonitor';
import { Logger } from './logger';
import { RotatingLogFile } from './rotatingLogFile';
import { ServiceContainer } from './serviceContainer';

export interface CoreOptions {
  readonly dataDir: string;
  /** The model catalogue (`models/` of the repository, or the packaged app's resources). */
  readonly modelsDir: string;
  /** Starts a model runtime process; the shell decides how (fork here, utilityProcess in Electron). */
  readonly createInferenceChannel: InferenceChannelFactory;
  readonly host: HostKind;
  readonly appName: string;
  readonly appVersion: string;
}

/** Everything a shell (Electron, browser host, CLI) needs from the core. */
export interface Core {
  readonly dispatcher: Dispatcher;
  readonly events: EventBus;
  readonly logger: Logger;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the core: storage, logging, services and the dispatch table. Imports nothing from
 * Electron; the shells construct it with their own data directory and bind it to a transport.
 */
export function createCore(options: CoreOptions): Core {
  const events = new EventBus();
  const logger = new Logger({
    file: new RotatingLogFile({ dir: join(options.dataDir, 'logs'), baseName: 'console', maxBytes: 5 * 1024 * 1024, keep: 5 }),
    notifyLevel: 'info',
    recentCapacity: 200,
    onNotify: (event) => events.emit('system.events', event),
  });
  const services = new ServiceContainer((service, error) =>
    logger.error(service, `Service ${service} failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  const loopMonitor = new EventLoopMonitor();
  const startedAt = new Date();
  let db: DatabaseSync | undefined;

  services.register({
    name: 'storage',
    start() {
      const opened = openDatabase(join(options.dataDir, 'console.db'), migrations);
      db = opened.db;
      if (opened.migration.applied.length > 0) {
        logger.info('storage', `Database migrated from schema ${opened.migration.from} to ${opened.migration.to}.`);
      }
    },
    stop() {
      db?.close();
      db = undefined;
    },
  });

  const openDb = (): DatabaseSync => {
    if (!db) throw new Error('the database is not open');
    return db;
  };
  const audit = new AuditLog(openDb);
  const operator = new StationOperator(openDb, systemUserName());
  const runtimeThreads = new RuntimeThreadsSetting(openDb);
  const threadsOfRuntimes = (): number => runtimeThreads.threads;
  const catalogue = new ModelCatalogue(options.modelsDir);
  // Devices tell inference and the recorder about changes; both need devices: callbacks close over these.
  const inferenceRef: { current: InferenceService | undefined } = { current: undefined };
  const driftRef: { current: DriftWatch | undefined } = { current: undefined };
  const recorderRef: { current: LiveRecorder | undefined } = { current: undefined };
  const calibrationRef: { current: CalibrationService | undefined } = { current: undefined };
  const calibrationStage = new CalibrationApplier(
    (deviceId) => {
      const active = calibrationRef.current?.activeCalibration(deviceId);
      return active ? { versionId: active.version.id, compiled: active.compiled } : null;
    },
    (deviceId, message) => logger.warn('calibration', `The calibration of ${deviceId} is not applied: ${message}`),
  );
  const recordingStore = new RecordingStore(openDb);
  const devices = services.register(
    new DeviceManager({
      dataDir: options.dataDir,
      resolveRecording: (sessionId) => recordingStore.get(sessionId)?.filePath,
      calibrate: (deviceId, batch) => calibrationStage.apply(deviceId, batch),
      onPortsChanged: (change) => {
        events.emit('devices.portsChanged', change);
        for (const path of change.added) logger.info('devices', `Serial port ${path} appeared.`);
        for (const path of change.removed) logger.info('devices', `Serial port ${path} went away.`);
      },
      onChanged: (list) => {
        events.emit('devices.changed', { devices: list });
        recorderRef.current?.onDevicesChanged(list);
      },
      onClosed: (deviceId) => {
        driftRef.current?.unwatch(deviceId);
        void inferenceRef.current?.stopModel(deviceId);
      },
      log: (level, message) => logger.log(level, 'devices', message),
    }),
  );
  const calibration = services.register(
    new CalibrationService({
      database: openDb,
      devices: deviceManagerDirectory(devices),
      appVersion: options.appVersion,
      onWizard: (snapshot) => events.emit('calibration.wizard', snapshot),
      onChanged: (status) => {
        calibrationStage.invalidate();
        events.emit('calibration.changed', status);
      },
      log: (level, message) => logger.log(level, 'calibration', message),
    }),
  );
  calibrationRef.current = calibration;
  const registryRef: { current?: ModelRegistry } = {};
  const deployments = new LiveDeployments({
    policy: () => registryRef.current?.autoRollbackPolicy() ?? DEFAULT_AUTO_ROLLBACK_POLICY,
    onTrigger: (device, trigger) => void registryRef.current?.autoRollback(device, trigger),
    onLive: (event) => registryRef.current?.recordLive(event),
  });
  const registry = services.register(
    new ModelRegistry({
      database: openDb,
      dataDir: options.dataDir,
      createRuntime: (label) => new InferenceHostClient({ createChannel: options.createInferenceChannel, name: label, runtimeThreads: threadsOfRuntimes }),
      validators: GOLDEN_VALIDATORS,
      goldenDirOf: catalogueGoldenDirs(options.modelsDir),
      profileFamily: (id) => devices.profiles.find(id)?.family,
      target: deployments,
      onChange: (change) => events.emit('registry.changed', change),
      onImportProgress: (progress) => events.emit('registry.importProgress', progress),
      log: (level, message) => logger.log(level, 'registry', message),
    }),
  );
  registryRef.current = registry;
  const inference = services.register(
    new InferenceService({
      devices,
      catalogue,
      createChannel: options.createInferenceChannel,
      runtimeThreads: threadsOfRuntimes,
      audit: (action, subject, detail) => audit.append({ actor: operator.name, action, subject, detail }),
      log: (level, message) => logger.log(level, 'inference', message),
      operator: () => operator.name,
      registry: () => registryRef.current,
      deployments,
    }),
  );
  inferenceRef.current = inference;
  const recordingService = services.register(new RecordingService({ dataDir: options.dataDir, store: recordingStore, appVersion: options.appVersion }));
  const recorder = new LiveRecorder({
    service: recordingService,
    devices,
    subscribePredictions: (deviceId, listener) => inference.subscribePredictions(deviceId, listener),
    log: (level, message) => logger.log(level, 'recording', message),
  });
  recorderRef.current = recorder;
  const hil = services.register(
    new HilService({
      devices,
      database: openDb,
      dataDir: options.dataDir,
      appVersion: options.appVersion,
      station: hostname(),
      onProgress: (event) => events.emit('hil.progress', event),
      onPrompt: (prompt) => events.emit('hil.prompt', prompt),
      log: (level, message) => logger.log(level, 'tests', message),
      models: {
        resolve: async (modelId) => (await resolveModelId(modelId, registryRef.current, catalogue)).version,
        createChannel: options.createInferenceChannel,
        runtimeThreads: threadsOfRuntimes,
      },
      calibrationVersionOf: (deviceId) => calibration.activeCalibration(deviceId)?.version.id ?? null,
      operatorName: () => operator.name,
    }),
  );

  const validation = services.register(
    new ValidationService({
      store: new ValidationStore(openDb),
      catalogue,
      createChannel: options.createInferenceChannel,
      runtimeThreads: threadsOfRuntimes,
      appVersion: options.appVersion,
      onState: (state) => events.emit('validation.progress', state),
      log: (level, message) => logger.log(level, 'validation', message),
    }),
  );
  const drift = new DriftWatch({
    devices,
    onAlert: (alert) => {
      events.emit('drift.alert', alert);
      logger.warn('drift', `${alert.deviceId}: ${alert.message}`);
    },
  });
  driftRef.current = drift;
  const layouts = new LayoutStore(join(options.dataDir, 'layouts'), (message) => logger.warn('layouts', message));

  const dispatcher = new Dispatcher(
    {
      ...deviceMethodHandlers(devices),
      ...inferenceMethodHandlers(inference, catalogue, runtimeThreads),
      ...recordingMethodHandlers(recorder, recordingStore),
      ...playbackMethodHandlers(devices),
      ...calibrationMethodHandlers(calibration, (versionId) => {
        // Traceability: runs store the calibration version they ran with.
        const hilRuns = hil.history({ calibrationVersion: versionId, limit: 500 });
        const models = new Set([...hilRuns.flatMap((r) => (r.modelVersion === null ? [] : [r.modelVersion])), ...validation.modelsValidatedWith(versionId)]);
        return { hilRuns, validationRuns: validation.list(500, versionId), models: [...models].sort() };
      }),
      ...hilMethodHandlers(hil),
      ...layoutMethodHandlers(layouts),
      ...validationMethodHandlers(validation, drift),
      ...registryMethodHandlers(registry, deployments, () => operator.name),
      'station.operator': () => ({ name: operator.name }),
      'station.setOperator': ({ name }) => ({ name: operator.set(name) }),
      'app.info': () => ({
        name: options.appName,
        version: options.appVersion,
        host: options.host,
        dataDir: options.dataDir,
        platform: `${process.platform}-${process.arch}`,
        nodeVersion: process.versions.node,
        startedAt: startedAt.toISOString(),
      }),
      'app.health': () => ({
        ...services.health(),
        eventLoopLagP99Ms: loopMonitor.takeP99Ms(),
        uptimeS: (Date.now() - startedAt.getTime()) / 1000,
      }),
      'system.recentEvents': ({ limit }) => logger.recent(limit),
    },
    {
      'demo.signal': (params, emit) => startTestSignal(params, emit),
      'devices.frames': ({ deviceId }, emit) => devices.subscribe(deviceId, emit),
      'devices.traffic': ({ deviceId }, emit) => devices.source(deviceId).onTraffic?.((chunk) => emit([chunk])) ?? (() => undefined),
      'inference.predictions': ({ deviceId }, emit) => inference.subscribePredictions(deviceId, (p) => emit([p])),
    },
    {
      maxMessagesPerSecond: 60,
      maxPendingFrames: 200_000,
      onHandlerError: (channel, error) =>
        logger.error('ipc', `Handler for ${channel} failed: ${error instanceof Error ? error.message : String(error)}`),
    },
  );

  return {
    dispatcher,
    events,
    logger,
    async start() {
      loopMonitor.start();
      await services.startAll();
      logger.info('core', `Sensor Console ${options.appVersion} started (${options.host} host, data in ${options.dataDir}).`);
    },
    async stop() {
      logger.info('core', 'Stopping.');
      drift.dispose();
      await services.stopAll();
      loopMonitor.stop();
    },
  };
}
