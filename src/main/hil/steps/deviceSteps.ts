import type { DeviceProfile } from '../../../shared/domain/deviceProfile';

import { sliceFrameBatch } from '../../../shared/domain/frameBatch';
import type { SuiteFault, SuiteStepOf } from '../../../shared/domain/hilSuite';
import type { Fault } from '../../../shared/ipc/domains/devices';
import { parseDeviceIdentity } from '../../devices/codecs/deviceIdentity';
import { hostNowMs } from '../../devices/serial/serialConnection';
import { capturePlots, writeCaptureCsv } from '../captureFiles';
import { sendAndAwaitReply } from '../deviceReplies';
import { checkNumeric, checkText } from '../limits';
import { observeStream, type StreamObservation } from '../observeStream';
import { percentile } from '../signalStats';
import { openDevice, sleep, StepError, type OpenDevice, type StepRuntime } from '../stepRuntime';
import { recordStreamMeasures, selectChannels } from '../streamMeasures';

/** How long identify and command steps wait for a reply unless the step says otherwise. */
export const DEFAULT_REPLY_MS = 2000;
/** How long a latency probe waits for its reply. */
const PROBE_REPLY_MS = 1000;
const POLL_MS = 20;

/** Opens the run's device and waits for its first frames. */
export async function runConnect(step: SuiteStepOf<'connect'>, rt: StepRuntime, suiteFamily: DeviceProfile['family']): Promise<void> {
  const spec = rt.context.device;
  if (spec === undefined) throw new StepError('This suite tests a device, but none was given to the run.');
  if (rt.session.deviceId !== undefined) throw new StepError('A device is already connected; a suite connects once.');
  const started = performance.now();
  const info = await rt.context.devices.connect(spec);
  rt.session.cleanups.push(() => rt.context.devices.disconnect(info.id));
  rt.session.deviceId = info.id;
  rt.session.profile = info.profile;
  rt.session.calibrationVersion = rt.context.calibrationVersionOf?.(info.id) ?? null;
  if (info.profile.family !== suiteFamily) {
    throw new StepError(`This suite is for ${suiteFamily} devices, but ${info.name} is a ${info.profile.family} device.`);
  }
  const source = rt.context.devices.source(info.id);
  const waitMs = (step.timeoutMs ?? 10_000) - 100;
  while (source.info().health.framesTotal === 0) {
    if (performance.now() - started > waitMs) {
      const health = source.info().health;
      throw new StepError(`${info.name} sent no data within ${waitMs} ms (${health.state}: ${health.stateDetail})`);
    }
    await sleep(POLL_MS, rt.signal);
  }
  rt.record(checkNumeric('first_frame', performance.now() - started, 'ms', undefined));
  rt.log('info', `Connected to ${info.name}.`);
}

/** Asks the device who it is and checks the answer. */
export async function runIdentify(step: SuiteStepOf<'identify'>, rt: StepRuntime): Promise<void> {
  const device = openDevice(rt);
  const pattern = step.pattern ?? device.profile.identify?.responsePattern;
  if (pattern === undefined) throw new StepError(`${device.profile.displayName} has no identify command; give the step a pattern or remove it.`);
  const command = device.profile.identify?.command ?? 'ID?';
  const reply = await sendAndAwaitReply(
    device.source,
    { text: command },
    (m) => m.kind === 'response' && (m.response.kind === 'identity' || m.response.kind === 'error'),
    step.timeoutMs ?? DEFAULT_REPLY_MS,
    rt.signal,
  );
  const identity = reply?.message.kind === 'response' && reply.message.response.kind === 'identity' ? reply.message.response.id : (reply?.text ?? null);
  if (identity !== null) rt.session.identity = identity;
  // Calibrations belong to a device's identity, which may only now be known.
  rt.session.calibrationVersion = rt.context.calibrationVersionOf?.(device.id) ?? null;
  rt.record(checkText('identity', identity, { matches: pattern }));
  if (reply !== null) rt.record(checkNumeric('identify_latency', reply.latencyMs, 'ms', undefined));
}

/** The identity fields of the run's device, for the record. */
export function identityFields(identity: string | null): { serialNumber: string | null; firmware: string | null } {
  if (identity === null) return { serialNumber: null, firmware: null };
  const parsed = parseDeviceIdentity(identity);
  return { serialNumber: parsed.serialNumber ?? null, firmware: parsed.firmware ?? null };
}

/** Sends a command and checks the reply and its latency. */
export async function runCommand(step: SuiteStepOf<'command'>, rt: StepRuntime): Promise<void> {
  const device = openDevice(rt);
  const outgoing = step.send !== undefined ? { text: step.send } : { hex: step.sendHex ?? '' };
  const reply = await sendAndAwaitReply(device.source, outgoing, () => true, step.timeoutMs ?? DEFAULT_REPLY_MS, rt.signal);
  rt.record(checkText('reply', reply?.text ?? null, step.expect ?? { matches: '.*' }));
  rt.record(checkNumeric('latency', reply?.latencyMs ?? null, 'ms', step.latencyMs));
}

/** Records the stream for a while and measures it. */
export async function runCapture(step: SuiteStepOf<'capture'>, rt: StepRuntime, stepName: string): Promise<void> {
  const device = openDevice(rt);
  const latency = step.measure.latency;
  const latencies: number[] = [];
  const probe =
    latency === undefined
      ? undefined
      : async (signal: AbortSignal): Promise<void> => {
          const gapMs = step.durationMs / (latency.probes + 1);
          for (let i = 0; i < latency.probes; i++) {
            await sleep(gapMs, signal);
            const reply = await sendAndAwaitReply(device.source, { text: latency.command }, () => true, PROBE_REPLY_MS, signal);
            if (reply === null) rt.log('warn', `No reply to probe ${i + 1} ("${latency.command}") within ${PROBE_REPLY_MS} ms.`);
            else latencies.push(reply.latencyMs);
          }
        };
  const observation = await observeStream(rt, device, step.durationMs, probe);
  recordStreamMeasures(rt, device.profile, step.measure, observation);
  if (latency !== undefined) rt.record(checkNumeric('latency_p95', percentile(latencies, 95), 'ms', latency.p95Ms));
  await keepCapture(rt, device, observation, stepName, step.attach ?? true);
}

async function keepCapture(rt: StepRuntime, device: OpenDevice, observation: StreamObservation, stepName: string, attach: boolean): Promise<void> {
  const frames = observation.frames;
  if (frames === undefined) return;
  for (const plot of capturePlots(device.profile, frames)) rt.plot(plot);
  if (attach) rt.attach(await writeCaptureCsv(rt.runDir, `${stepName}-${rt.attemptTag}.csv`, device.profile, frames));
}

/** Injects a fault into the simulated device and measures how the console saw it and recovered. */
export async function runFault(step: SuiteStepOf<'fault'>, rt: StepRuntime, stepName: string): Promise<void> {
  const device = openDevice(rt);
  const fault = toDeviceFault(step.fault, device.profile);
  const inject = async (f: Fault): Promise<void> => {
    if (rt.context.faults) await rt.context.faults.inject(device.id, f);
    else device.source.injectFault(f);
  };
  const injectedAt = hostNowMs();
  let observation: StreamObservation;
  try {
    observation = await observeStream(rt, device, step.observeMs, () => inject(fault), injectedAt);
  } finally {
    // Value faults last until cleared; byte faults may still be pending. Leave the device clean.
    await inject({ kind: 'clear' }).catch((error: unknown) => rt.log('warn', `Could not clear the fault: ${String(error)}`));
  }
  rt.log('info', `Injected ${describeFault(step.fault)}.`);
  recordStreamMeasures(rt, device.profile, step.measure, framesFrom(observation, injectedAt + (step.settleMs ?? 0)));
  if (step.measure.recoveryMs !== undefined) {
    rt.record(checkNumeric('recovery_time', observation.recoveredAtMs - injectedAt, 'ms', step.measure.recoveryMs));
  }
  await keepCapture(rt, device, observation, stepName, true);
}

/**
 * The observation without the frames received before `sinceMs`: frames already on the wire when
 * the fault was injected (serial latency, the device's buffer) do not show it yet.
 */
function framesFrom(observation: StreamObservation, sinceMs: number): StreamObservation {
  const frames = observation.frames;
  if (frames === undefined) return observation;
  let first = 0;
  while (first < frames.frameCount && frames.hostTimeMs[first] < sinceMs) first++;
  return { ...observation, frames: first === frames.frameCount ? undefined : sliceFrameBatch(frames, first) };
}

/** The device-level fault for a suite's fault (channels by index, as the simulators take them). */
function toDeviceFault(fault: SuiteFault, profile: DeviceProfile): Fault {
  switch (fault.kind) {
    case 'noise':
    case 'stuck': {
      const [index] = selectChannels(profile, [fault.channel]);
      return { ...fault, channel: String(index) };
    }
    case 'corrupt-crc':
    case 'garbage':
    case 'drop-bytes':
    case 'disconnect':
      return fault;
  }
}

function describeFault(fault: SuiteFault): string {
  switch (fault.kind) {
    case 'corrupt-crc':
      return `${fault.count} corrupted frame(s)`;
    case 'garbage':
      return `${fault.bytes} garbage byte(s)`;
    case 'drop-bytes':
      return `${fault.bytes} dropped byte(s)`;
    case 'disconnect':
      return `a ${fault.durationMs} ms disconnect`;
    case 'noise':
      return `noise (σ ${fault.amount}) on ${fault.channel}`;
    case 'stuck':
      return `a stuck ${fault.channel}`;
  }
}
