import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import type { Stimulus, SuiteStepOf } from '../../../shared/domain/hilSuite';
import type { IModelUnderTest, ModelOutput, ModelWindow } from '../hilContext';
import { checkNumeric, checkText } from '../limits';
import { observeStream } from '../observeStream';
import { percentile, valueChannelMap } from '../signalStats';
import { openDevice, sleep, StepError, type StepRuntime } from '../stepRuntime';
import { selectChannels } from '../streamMeasures';

/**
 * Applies a stimulus: scenario settings on a simulator that has scenario control, else the
 * instruction to the operator on real hardware (they acknowledge when done); then lets it settle.
 */
export async function applyStimulus(stimulus: Stimulus, rt: StepRuntime): Promise<void> {
  const { operator, device } = rt.context;
  const openId = rt.session.deviceId;
  // An in-process simulator takes scenario settings directly; a pty simulator needs a given control.
  const scenario =
    rt.context.scenario ??
    (device?.kind === 'simulator' && openId !== undefined
      ? {
          set: async (name: string, value: string): Promise<void> => {
            const reply = rt.context.devices.source(openId).simulate(`SET ${name} ${value}`);
            if (reply.startsWith('ERR')) throw new StepError(`The simulator refused "SET ${name} ${value}": ${reply.slice(3).trim()}`);
          },
        }
      : undefined);
  if (scenario !== undefined && stimulus.set !== undefined) {
    for (const [name, value] of Object.entries(stimulus.set)) {
      await scenario.set(name, String(value));
      rt.log('info', `Scenario: ${name} = ${value}.`);
    }
  } else if (device?.kind !== 'simulator' && operator !== undefined && stimulus.instruction !== undefined) {
    await operator.acknowledge(stimulus.instruction, rt.signal);
    rt.log('info', `Operator acknowledged: ${stimulus.instruction}`);
  } else {
    throw new StepError('Nothing can apply this stimulus: the simulator has no scenario control here and no operator can act on it (add skipIf: [no-stimulus]).');
  }
  if (stimulus.settleMs !== undefined && stimulus.settleMs > 0) await sleep(stimulus.settleMs, rt.signal);
}

function requireModel(rt: StepRuntime): IModelUnderTest {
  const model = rt.context.model;
  if (model === undefined) throw new StepError('No model was given to the run (add skipIf: [no-model] to run without one).');
  return model;
}

/** Cuts a capture into the model's windows: `windowFrames` frames of the model's channels, every `hopFrames`. */
export function liveWindows(frames: FrameBatch, profile: DeviceProfile, model: IModelUnderTest): ModelWindow[] {
  const wanted = new Set(selectChannels(profile, model.input.channels));
  const channelOf = valueChannelMap(profile, frames.channelCount);
  const columns = Array.from(channelOf.keys()).filter((i) => wanted.has(channelOf[i]));
  const { windowFrames, hopFrames } = model.input;
  const windows: ModelWindow[] = [];
  for (let start = 0; start + windowFrames <= frames.frameCount; start += hopFrames) {
    const values = new Float32Array(windowFrames * columns.length);
    for (let f = 0; f < windowFrames; f++) {
      const row = (start + f) * frames.channelCount;
      columns.forEach((col, k) => (values[f * columns.length + k] = frames.values[row + col]));
    }
    windows.push({ shape: [windowFrames, columns.length], values, startFrame: start });
  }
  return windows;
}

/** Runs the model on each window separately, timing each call. */
export async function predictTimed(model: IModelUnderTest, windows: readonly ModelWindow[], signal: AbortSignal): Promise<{ outputs: ModelOutput[]; latenciesMs: number[] }> {
  const outputs: ModelOutput[] = [];
  const latenciesMs: number[] = [];
  for (const window of windows) {
    signal.throwIfAborted();
    const started = performance.now();
    const [output] = await model.predict([window], signal);
    latenciesMs.push(performance.now() - started);
    if (output === undefined) throw new StepError('The model returned no output for a window.');
    outputs.push(output);
  }
  return { outputs, latenciesMs };
}

/** The windows of one capture and the stream time each hop between them spans (s). */
interface CapturedWindows {
  readonly windows: ModelWindow[];
  readonly hopS: number;
}

async function captureWindows(rt: StepRuntime, model: IModelUnderTest, durationMs: number): Promise<CapturedWindows> {
  const device = openDevice(rt);
  const observation = await observeStream(rt, device, durationMs);
  const windows = observation.frames === undefined ? [] : liveWindows(observation.frames, device.profile, model);
  if (windows.length === 0) throw new StepError(`The capture held no complete window of ${model.input.windowFrames} frames; lengthen durationMs.`);
  return { windows, hopS: model.input.hopFrames / device.profile.nominalRateHz };
}

/** Measures inference latency on live windows. */
export async function runModelLatency(step: SuiteStepOf<'model-latency'>, rt: StepRuntime): Promise<void> {
  const model = requireModel(rt);
  const { windows } = await captureWindows(rt, model, step.durationMs);
  const { latenciesMs } = await predictTimed(model, windows, rt.signal);
  rt.record(checkNumeric('inference_latency_p95', percentile(latenciesMs, 95), 'ms', step.measure.p95Ms));
  rt.record(checkNumeric('windows', latenciesMs.length, '', step.measure.windows));
  rt.record(checkNumeric('runtime_latency_p95', model.latencyP95Ms() ?? null, 'ms', undefined));
}

/** Applies a stimulus and checks what the model predicts on the live windows that follow. */
export async function runModelExpect(step: SuiteStepOf<'model-expect'>, rt: StepRuntime): Promise<void> {
  const model = requireModel(rt);
  await applyStimulus(step.stimulus, rt);
  const { windows, hopS } = await captureWindows(rt, model, step.durationMs);
  const { outputs } = await predictTimed(model, windows, rt.signal);
  const expect = step.expect;
  if ('events' in expect) {
    // Each window reports the events of the hop it adds to the stream, so the windows together cover windows × hop.
    const key = `${expect.events}_events`;
    if (!outputs.some((o) => o.values?.[key] !== undefined)) throw new StepError(`The model has no event output "${expect.events}".`);
    const events = outputs.reduce((sum, o) => sum + (o.values?.[key] ?? 0), 0);
    rt.log('info', `${events} "${expect.events}" events over ${(outputs.length * hopS).toFixed(2)} s.`);
    rt.record(checkNumeric(`${expect.events}_per_minute`, (events * 60) / (outputs.length * hopS), '/min', expect.perMinute));
    return;
  }
  if ('label' in expect) {
    const counts = new Map<string, number>();
    for (const o of outputs) if (o.label !== undefined) counts.set(o.label, (counts.get(o.label) ?? 0) + 1);
    const agreeing = counts.get(expect.label) ?? 0;
    const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    rt.record(checkNumeric(`agreement_${expect.label}`, agreeing / outputs.length, '', expect.agreement));
    rt.record(checkText('most_common_label', common, undefined));
    return;
  }
  const values = outputs.map((o) => o.values?.[expect.output]).filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (values.length < outputs.length) rt.log('warn', `${outputs.length - values.length} of ${outputs.length} outputs had no "${expect.output}".`);
  const mean = values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
  rt.record(checkNumeric(`${expect.output}_mean`, mean, '', expect.mean));
}
