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
function spyOnActuator(target: PtySimulatorServer): { received: number[]; atMs: number[] } {
  const received: number[] = [];
  const atMs: number[] = [];
  const original = target.device.model.handleCommand.bind(target.device.model);
  target.device.model.handleCommand = (line: string) => {
    const match = /^ACT (\S+)$/.exec(line);
    if (match) {
      received.push(Number(match[1]));
      atMs.push(performance.now());
    }
    return original(line);
  };
  return { received, atMs };
}

describe('InferenceService with the actuator guard, over a real pty', () => {
  it('sends nothing disarmed; armed, clamped and rate-limited commands reach the device; disconnect and e-stop go safe', async () => {
    const profile = findShippedProfile('sensor-augmenter-32');
    if (!profile) throw new Error('augmenter profile missing');
    server = await servePtySimulator(profile, 1);
    const { received, atMs } = spyOnActuator(server);
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
    const maxRatePerS = 2;
    // Every command within limits; consecutive commands move at most maxRatePerS × the time between
    // them. Measured where they arrive: a loaded machine delivers commands sent apart in one read,
    // so 100 ms of delivery slack (the guard's own clock is checked exactly in actuatorGuard.test.ts).
    expect(received.every((v) => v >= -1 && v <= 1)).toBe(true);
    const excess = received.slice(1).map((v, i) => Math.abs(v - received[i]) - maxRatePerS * ((atMs[i + 1] - atMs[i]) / 1000 + 0.1));
    expect(Math.max(...excess)).toBeLessThanOrEqual(0);
    // And the limit binds: the model asks for more than the rate allows.
    expect(inference.status()[0].actuator?.rateLimited).toBeGreaterThan(0);

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
