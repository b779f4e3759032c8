import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_VERSION } from '../appIdentity';
import { systemUserName } from '../core/stationOperator';
import { defaultDataDir } from '../cli/defaultDataDir';
import { nodeRuntimePaths } from '../cli/nodeRuntimePaths';
import { readModelPackage, type ModelPackage } from '../inference/modelPackage';
import { ModelCatalogue } from '../pipeline/modelCatalogue';
import { deviceFamilySchema } from '../../shared/domain/deviceProfile';
import type { HilProgressEvent } from '../../shared/domain/hilRecord';
import type { HilSuite } from '../../shared/domain/hilSuite';
import type { DeviceSourceSpec } from '../../shared/ipc/domains/devices';
import { DeviceManager } from '../devices/deviceManager';
import { defaultProfileOf, findShippedProfile } from '../devices/profiles/shippedProfiles';
import { RuntimeThreadsSetting } from '../inference/runtimeThreads';
import { openDatabase } from '../storage/database';
import type { Migration } from '../storage/migrationRunner';
import { migrations as appMigrations } from '../storage/migrations';
import type { IOperator } from './hilContext';
import { runSuite } from './hilEngine';
import { HilRunStore } from './hilRunStore';
import { writeReports } from './reports/writeReports';
import { shippedSuite } from './shippedSuites';
import { formatSuiteIssues, loadSuiteFile } from './suiteFile';
import { loadModelUnderTest, profileUnderTest, type LoadedModelUnderTest } from './runtimeModelUnderTest';
import { TerminalOperator } from './terminalOperator';

export const HIL_USAGE = `sensor-console hil run <suite.yaml | family> [--device <sim:PROFILE | /dev/ttyUSB0 | pty path>]
    [--profile ID] [--dataset DIR] [--junit out.xml] [--html out.html] [--json out.json]
    [--data-dir DIR] [--station NAME] [--operator NAME] [--model <catalogue id | package dir>]

run       runs a hardware-in-the-loop suite (a YAML file, or the shipped suite of a family:
          ${deviceFamilySchema.options.join(', ')}) against a device: a built-in simulator (sim:PROFILE) or a
          serial port read with --profile (default: the family's profile). --dataset gives offline
          suites their data. --model runs the suite's model checks on that model package in the
          real model runtime (catalogue ids look like echoloc/echoloc-nn). Prints progress, stores the run in the data directory's database,
          writes the reports asked for, and exits 0 only when the run passes (marginal passes too).`;

/** What the caller of the command may replace (tests: the migrations, the output, the operator). */
export interface HilCommandOptions {
  /** The database schema; the app's by default. */
  readonly migrations?: readonly Migration[];
  readonly out?: (line: string) => void;
  /** The operator; by default the terminal when stdin is interactive, else none. */
  readonly operator?: IOperator;
  readonly signal?: AbortSignal;
  /** Where `--model` finds the catalogue and the model runtime; the built app's by default. */
  readonly runtime?: ReturnType<typeof nodeRuntimePaths>;
}

/** The database file in the data directory (as the core opens it). */
const DATABASE_FILE = 'console.db';

/** `sensor-console hil …`: returns the process exit code. */
export async function runHilCommand(argv: readonly string[], options: HilCommandOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const [action, target, ...rest] = argv;
  if (action !== 'run' || target === undefined) {
    out(`${action === undefined || action === 'run' ? 'Missing suite.' : `Unknown hil action "${action}".`}\n\n${HIL_USAGE}`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        device: { type: 'string' },
        profile: { type: 'string' },
        dataset: { type: 'string' },
        junit: { type: 'string' },
        html: { type: 'string' },
        json: { type: 'string' },
        'data-dir': { type: 'string' },
        model: { type: 'string' },
        station: { type: 'string' },
        operator: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    out(`${error instanceof Error ? error.message : String(error)}\n\n${HIL_USAGE}`);
    return 2;
  }

  const suite = await resolveSuite(target, out);
  if (suite === undefined) return 2;
  const device = resolveDevice(values.device, values.profile, suite);
  if (typeof device === 'string') {
    out(device);
    return 2;
  }

  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const { db } = openDatabase(join(dataDir, DATABASE_FILE), options.migrations ?? appMigrations);
  // The station's runtime threads in this data directory, as the Tests page would load the model.
  const threads = new RuntimeThreadsSetting(() => db);
  const underTest =
    values.model === undefined ? undefined : await openModelUnderTest(values.model, device, suite, options.runtime ?? nodeRuntimePaths(), () => threads.threads);
  if (typeof underTest === 'string') {
    db.close();
    out(underTest);
    return 2;
  }
  const devices = new DeviceManager({ onChanged: () => undefined, log: () => undefined });
  devices.start();
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  const signal = options.signal === undefined ? abort.signal : AbortSignal.any([abort.signal, options.signal]);
  try {
    out(`Running "${suite.name}" v${suite.version} on ${device === undefined ? `dataset ${values.dataset ?? '(none)'}` : describeSpec(device)}`);
    const record = await runSuite(
      suite,
      {
        devices,
        device,
        datasetDir: values.dataset === undefined ? undefined : resolve(values.dataset),
        operator: options.operator ?? (process.stdin.isTTY ? new TerminalOperator() : undefined),
        station: values.station ?? hostname(),
        operatorName: values.operator ?? systemUserName(),
        appVersion: APP_VERSION,
        model: underTest?.model,
        modelVersion: underTest?.model.version ?? null,
        dataDir,
      },
      { signal, onProgress: (event) => printProgress(event, out) },
    );
    new HilRunStore(db).save(record);
    await writeReports(record, { junit: values.junit, html: values.html, json: values.json });
    for (const [kind, path] of [['JUnit', values.junit], ['HTML', values.html], ['JSON', values.json]] as const) {
      if (path !== undefined) out(`${kind} report: ${resolve(path)}`);
    }
    return record.outcome === 'pass' || record.outcome === 'marginal' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    await underTest?.dispose();
    await devices.stop();
    db.close();
  }
}

async function resolveSuite(target: string, out: (line: string) => void): Promise<HilSuite | undefined> {
  const family = deviceFamilySchema.safeParse(target);
  if (family.success) return shippedSuite(family.data);
  const loaded = await loadSuiteFile(target);
  if (loaded.ok) return loaded.suite;
  out(formatSuiteIssues(target, loaded.issues));
  return undefined;
}

/** The device spec of `--device`, undefined for none, or a message saying what is wrong. */
function resolveDevice(device: string | undefined, profileId: string | undefined, suite: HilSuite): DeviceSourceSpec | undefined | string {
  if (device === undefined) {
    const needsDevice = [...(suite.setup ?? []), ...suite.steps].some((s) => s.kind === 'connect');
    return needsDevice ? `This suite tests a device: give one with --device (sim:${defaultProfileOf(suite.family).id}, /dev/ttyUSB0, …).` : undefined;
  }
  if (device.startsWith('sim:')) {
    const id = device.slice('sim:'.length);
    return findShippedProfile(id) === undefined ? `No device profile "${id}".` : { kind: 'simulator', profileId: id };
  }
  const profile = profileId ?? defaultProfileOf(suite.family).id;
  return findShippedProfile(profile) === undefined ? `No device profile "${profile}".` : { kind: 'serial', path: device, profileId: profile };
}

function describeSpec(spec: DeviceSourceSpec): string {
  switch (spec.kind) {
    case 'simulator':
      return `simulated ${spec.profileId}`;
    case 'serial':
      return `${spec.path} (${spec.profileId})`;
    case 'playback':
      return `playback of ${spec.deviceId} from session ${spec.sessionId}`;
    case 'dataset':
      return `dataset ${spec.path ?? `demo of ${spec.profileId}`}`;
  }
}

/** One line per finished step (and the run's start and end), readable in a CI log. */
function printProgress(event: HilProgressEvent, out: (line: string) => void): void {
  switch (event.type) {
    case 'run-started':
      out(`Run ${event.runId}: ${event.steps.length} steps`);
      return;
    case 'step-started':
      if (event.attempt > 1) out(`  retry ${event.attempt}: ${event.name}`);
      return;
    case 'step-progress':
      return;
    case 'step-finished': {
      const { step } = event;
      out(`  ${step.outcome.toUpperCase().padEnd(8)} ${`${step.phase}/${step.name}`.padEnd(36)} ${(step.durationMs / 1000).toFixed(1)} s${step.message === null ? '' : `  ${step.message}`}`);
      return;
    }
    case 'run-finished':
      out(`Result: ${event.outcome.toUpperCase()}${event.message === null ? '' : ` — ${event.message}`}`);
      return;
  }
}

/** The model package a `--model` names, loaded in the real runtime for the suite's device; or why not. */
async function openModelUnderTest(
  spec: string,
  device: DeviceSourceSpec | undefined,
  suite: HilSuite,
  runtime: ReturnType<typeof nodeRuntimePaths>,
  runtimeThreads: () => number,
): Promise<LoadedModelUnderTest | string> {
  let pkg: ModelPackage;
  try {
    pkg = existsSync(spec) ? await readModelPackage(resolve(spec)) : await new ModelCatalogue(runtime.modelsDir).open(spec);
  } catch (error) {
    return `Cannot use the model "${spec}": ${error instanceof Error ? error.message : String(error)}`;
  }
  const profile = profileUnderTest(device, suite.family);
  if (!profile) return `No profile to run ${pkg.manifest.name} against.`;
  try {
    return await loadModelUnderTest(pkg, profile, runtime.createInferenceChannel, runtimeThreads);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
