import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceManager } from '../devices/deviceManager';
import { findShippedProfile } from '../devices/profiles/shippedProfiles';
import { waitFor } from '../devices/serial/testing/waitFor';
import { servePtySimulator, type PtySimulatorServer } from '../devices/simulation/ptySimulatorServer';
import { forkInferenceChannel } from '../inference/forkInferenceChannel';
import { buildInferenceHost } from '../inference/testing/buildInferenceHost';
import { InferenceService } from './inferenceService';
import { ModelCatalogue } from './modelCatalogue';

const MODELS = fileURLToPath(new URL('../../../models', import.meta.url));
let host: Awaited<ReturnType<typeof buildInferenceHost>>;
let server: PtySimulatorServer | undefined;
let devices: DeviceManager | undefined;
let inference: InferenceService | undefined;

beforeAll(async () => {
  host = await buildInferenceHost();
});
afterAll(async () => {
  await host.remove();
});
afterEach(async () => {
  await inference?.stop();
  await devices?.stop();
  await server?.close();
});

/** Actuator values the simulated augmenter received over the pty (`ACT <v>` in the binary dialect, decoded by the device side). */
function spyOnActuator(target: PtySimulatorServer): number[] {
  const received: number[] = [];
  const original = target.device.model.handleCommand.bind(target.device.model);
  target.device.model.handleCommand = (line: string) => {
    const match = /^ACT (\S+)$/.exec(line);
    if (match) received.push(Number(match[1]));
    return original(line);
  };
  return received;
}

describe('InferenceService with the actuator guard, over a real pty', () => {
  it('sends nothing disarmed; armed, clamped and rate-limited commands reach the device; disconnect and e-stop go safe', async () => {
    const profile = findShippedProfile('sensor-augmenter-32');
    if (!profile) throw new Error('augmenter profile missing');
    server = await servePtySimulator(profile, 1);
    const received = spyOnActuator(server);
    const audit: string[] = [];
    devices = new DeviceManager({ onChanged: () => undefined, log: () => undefined });
    devices.start();
    const device = await devices.connect({ kind: 'serial', path: server.consolePath, profileId: profile.id });
    inference = new InferenceService({
      devices,
      catalogue: new ModelCatalogue(MODELS),
      createChannel: forkInferenceChannel(host.script),
      audit: (action) => audit.push(action),
      log: () => undefined,
      operator: () => 'test',
    });
    const status = await inference.startModel(device.id, 'augmenter/sensor-augmentor');
    expect(status.actuator).toMatchObject({ armed: false, min: -1, max: 1 });
    await waitFor(() => (inference?.status()[0]?.windowsRun ?? 0) > 50, '50 predictions', 10_000);
    expect(received).toEqual([]);

    inference.arm(device.id);
    await waitFor(() => received.length > 20, '20 actuator commands at the device', 10_000);
    const { maxRatePerS } = { maxRatePerS: 2 };
    // Every command within limits; consecutive commands 10 ms apart (100 Hz) move at most maxRatePerS × dt (plus float slack).
    expect(received.every((v) => v >= -1 && v <= 1)).toBe(true);
    const steps = received.slice(1).map((v, i) => Math.abs(v - received[i]));
    expect(Math.max(...steps)).toBeLessThan(maxRatePerS * 0.05);

    // E-stop: the safe value reaches the device and the guard disarms.
    const before = received.length;
    expect(inference.estopAll()).toBe(1);
    await waitFor(() => received.length > before && received.at(-1) === 0, 'the safe value at the device');
    expect(inference.status()[0].actuator).toMatchObject({ armed: false });
    const afterStop = received.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(received.length).toBe(afterStop);
    expect(audit).toEqual(expect.arrayContaining(['model.start', 'actuator.arm', 'actuator.estop']));
  });
});
