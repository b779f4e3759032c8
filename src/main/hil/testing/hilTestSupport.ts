import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceSourceSpec } from '../../../shared/ipc/domains/devices';
import { DeviceManager } from '../../devices/deviceManager';
import { findShippedProfile } from '../../devices/profiles/shippedProfiles';
import { forkInferenceChannel } from '../../inference/forkInferenceChannel';
import { readModelPackage } from '../../inference/modelPackage';
import type { HilRunContext, IOperator } from '../hilContext';
import { loadModelUnderTest, type LoadedModelUnderTest } from '../runtimeModelUnderTest';

const MODELS = fileURLToPath(new URL('../../../../models', import.meta.url));

/** A DeviceManager as the CLI builds one, quiet. */
export function quietDeviceManager(): DeviceManager {
  const manager = new DeviceManager({ onChanged: () => undefined, log: () => undefined });
  manager.start();
  return manager;
}

/**
 * A shipped demo model (`models/<path>`) as a run's model under test, on the real out-of-process
 * runtime (`hostScript` from buildInferenceHost), for a device of profile `profileId`.
 */
export async function shippedModelUnderTest(path: string, profileId: string, hostScript: string): Promise<LoadedModelUnderTest> {
  const profile = findShippedProfile(profileId);
  if (profile === undefined) throw new Error(`no shipped profile ${profileId}`);
  return loadModelUnderTest(await readModelPackage(join(MODELS, path)), profile, forkInferenceChannel(hostScript));
}

/** A temp data directory, removed by the returned function. */
export async function tempDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sensor-console-hil-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A run context for tests: the station and versions are fixed so records can be compared. */
export function testContext(devices: DeviceManager, dataDir: string, device: DeviceSourceSpec | undefined, extra: Partial<HilRunContext> = {}): HilRunContext {
  return {
    devices,
    device,
    station: 'test-bench-1',
    operatorName: 'vitest',
    appVersion: '0.0.0-test',
    calibrationVersionOf: () => 'cal-test-1',
    dataDir,
    ...extra,
  };
}

/** One scripted answer per question, in order; a question beyond the script is a test failure. */
export type ScriptedAnswer = { readonly ack: true } | { readonly confirm: boolean } | { readonly number: number } | { readonly hang: true };

/**
 * The stand-in operator of tests: answers from a script and records the questions. `hang` never
 * answers (until the question is withdrawn), to test timeouts and aborts.
 */
export class ScriptedOperator implements IOperator {
  readonly asked: string[] = [];
  readonly #answers: ScriptedAnswer[];

  constructor(answers: readonly ScriptedAnswer[]) {
    this.#answers = [...answers];
  }

  async acknowledge(text: string, signal: AbortSignal): Promise<void> {
    const answer = await this.#next(text, signal);
    if (!('ack' in answer)) throw new Error(`scripted operator expected to be asked something else than "${text}"`);
  }

  async confirm(text: string, signal: AbortSignal): Promise<boolean> {
    const answer = await this.#next(text, signal);
    if (!('confirm' in answer)) throw new Error(`scripted operator has no yes/no answer for "${text}"`);
    return answer.confirm;
  }

  async enterNumber(text: string, _unit: string, signal: AbortSignal): Promise<number> {
    const answer = await this.#next(text, signal);
    if (!('number' in answer)) throw new Error(`scripted operator has no number for "${text}"`);
    return answer.number;
  }

  async #next(text: string, signal: AbortSignal): Promise<ScriptedAnswer> {
    this.asked.push(text);
    const answer = this.#answers.shift();
    if (answer === undefined) throw new Error(`scripted operator ran out of answers at "${text}"`);
    if ('hang' in answer) {
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }
    return answer;
  }
}
