import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ValidationProgress, ValidationRun } from '../../shared/domain/validation';
import { APP_VERSION } from '../appIdentity';
import { defaultDataDir } from '../cli/defaultDataDir';
import { nodeRuntimePaths } from '../cli/nodeRuntimePaths';
import type { InferenceChannelFactory } from '../inference/IInferenceChannel';
import { RuntimeThreadsSetting } from '../inference/runtimeThreads';
import { ModelCatalogue } from '../pipeline/modelCatalogue';
import { openDatabase } from '../storage/database';
import { migrations as appMigrations } from '../storage/migrations';
import { renderValidationHtml, renderValidationJson } from './reports/validationReport';
import { ValidationService } from './validationService';
import { ValidationStore } from './validationStore';

export const VALIDATE_USAGE = `sensor-console validate --model <dir|id> [--model-b <dir|id>] --data <dataset> [--report out.html] [--json out.json]
    [--label-column NAME] [--tolerance-s S] [--calibration VERSION] [--data-dir DIR]

validate  runs a model package (a folder, or a catalogue id such as imu/step-detection) over a
          labelled dataset (a dataset folder with meta.json, a CSV file with a label column, or a
          recording .mcap[#device] with label events) in its own inference host, scores every output, checks the manifest's thresholds and
          stores the run. --model-b compares a second model on the same data (A/B). Exits 0 when
          the thresholds are met (by both models with --model-b), 1 when not, 2 on a usage error.`;

/** What tests and other shells may replace. */
export interface ValidateCommandOptions {
  readonly out?: (line: string) => void;
  /** Progress line updates (a terminal rewrites one line); default: stderr with a carriage return on a TTY. */
  readonly progress?: (text: string) => void;
  readonly createChannel?: InferenceChannelFactory;
  readonly modelsDir?: string;
  readonly signal?: AbortSignal;
}

const DATABASE_FILE = 'console.db';

function progressLine(p: ValidationProgress): string {
  const pct = `${(p.fraction * 100).toFixed(0).padStart(3)} %`;
  const eta = p.etaS === null ? '' : `, about ${Math.ceil(p.etaS)} s left`;
  return `${pct} ${p.detail}${eta}`;
}

function summary(run: ValidationRun, out: (line: string) => void): void {
  for (const [label, r] of run.b ? ([['A', run.a], ['B', run.b]] as const) : ([['', run.a]] as const)) {
    out(`${label ? `Model ${label}: ` : ''}${r.model.name} ${r.model.version} — ${r.passed ? 'PASS' : 'FAIL'} (${r.samplesScored} samples scored)`);
    for (const c of r.checks) {
      const bound = [c.min === undefined ? '' : `>= ${c.min}`, c.max === undefined ? '' : `<= ${c.max}`].filter(Boolean).join(' and ');
      out(`  ${c.passed ? 'ok  ' : 'FAIL'} ${c.metric} = ${c.value === null ? 'not computed' : c.value.toPrecision(4)} (${bound})${c.note ? ` — ${c.note}` : ''}`);
    }
  }
  for (const d of run.comparison?.deltas ?? []) out(`  ${d.metric}: A ${d.a.toPrecision(4)}, B ${d.b.toPrecision(4)} (${d.better === 'same' ? 'same' : d.better === 'unknown' ? 'no direction' : `${d.better.toUpperCase()} better`})`);
  for (const d of run.comparison?.disagreements ?? []) out(`  ${d.output}: the models disagree on ${d.count} samples`);
}

/** `sensor-console validate …`: returns the process exit code. */
export async function runValidateCommand(argv: readonly string[], options: ValidateCommandOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        model: { type: 'string' },
        'model-b': { type: 'string' },
        data: { type: 'string' },
        report: { type: 'string' },
        json: { type: 'string' },
        'label-column': { type: 'string' },
        'tolerance-s': { type: 'string' },
        calibration: { type: 'string' },
        'data-dir': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    out(`${error instanceof Error ? error.message : String(error)}\n\n${VALIDATE_USAGE}`);
    return 2;
  }
  if (values.model === undefined || values.data === undefined) {
    out(`Give --model and --data.\n\n${VALIDATE_USAGE}`);
    return 2;
  }
  const tolerance = values['tolerance-s'] === undefined ? undefined : Number(values['tolerance-s']);
  if (tolerance !== undefined && !(tolerance > 0)) {
    out('--tolerance-s must be a positive number of seconds.');
    return 2;
  }
  const runtime = options.createChannel && options.modelsDir ? undefined : nodeRuntimePaths();
  const { db } = openDatabase(join(resolve(values['data-dir'] ?? defaultDataDir()), DATABASE_FILE), appMigrations);
  const service = new ValidationService({
    store: new ValidationStore(() => db),
    catalogue: new ModelCatalogue(options.modelsDir ?? runtime?.modelsDir ?? ''),
    createChannel: options.createChannel ?? (runtime as ReturnType<typeof nodeRuntimePaths>).createInferenceChannel,
    // The station's setting (Settings → Model runtime) in this data directory, as the console would run it.
    runtimeThreads: () => new RuntimeThreadsSetting(() => db).threads,
    appVersion: APP_VERSION,
  });
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal);
  const signal = options.signal === undefined ? abort.signal : AbortSignal.any([abort.signal, options.signal]);
  const tty = process.stderr.isTTY;
  const progress = options.progress ?? ((text: string) => process.stderr.write(tty ? `\r${text.padEnd(78).slice(0, 78)}` : `${text}\n`));
  try {
    const run = await service.validate(
      {
        model: values.model,
        modelB: values['model-b'],
        dataset: values.data,
        labelColumn: values['label-column'],
        eventToleranceS: tolerance,
        calibrationVersion: values.calibration,
      },
      { signal, onProgress: (p) => progress(progressLine(p)) },
    );
    if (tty && !options.progress) process.stderr.write('\n');
    summary(run, out);
    if (values.report !== undefined) {
      await writeFile(values.report, renderValidationHtml(run));
      out(`HTML report: ${resolve(values.report)}`);
    }
    if (values.json !== undefined) {
      await writeFile(values.json, renderValidationJson(run));
      out(`JSON report: ${resolve(values.json)}`);
    }
    out(`Run ${run.id} stored.`);
    return run.passed ? 0 : 1;
  } catch (error) {
    out(signal.aborted ? 'Validation cancelled; nothing was stored.' : `Validation failed: ${error instanceof Error ? error.message : String(error)}`);
    return signal.aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    db.close();
  }
}
