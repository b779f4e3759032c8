import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { Fault } from '../../../shared/ipc/domains/devices';
import { openPtyPair, type PtyPair } from '../serial/ptyPair';
import { SerialConnection } from '../serial/serialConnection';
import { createWireDevice } from './demoModel';
import type { ISimulatedWireDevice } from './ISimulatedWireDevice';
import { applySimulatedFault } from './simulatedFaults';

/** How often the device side writes what became due (a UART's buffer flush, roughly). */
const TICK_MS = 5;

export interface PtySimulatorServer {
  /** The path the console (or any serial program) opens. */
  readonly consolePath: string;
  readonly device: ISimulatedWireDevice;
  /** Pulls the virtual cable for `durationMs` (both ptys vanish), then plugs it back in. */
  unplug(durationMs: number): Promise<void>;
  /** A fault on the device side of the cable, as the in-process simulator takes it; a disconnect unplugs the pty. */
  injectFault(fault: Fault): void;
  close(): Promise<void>;
}

/**
 * Serves a simulated device on a real pseudo-terminal (via socat), so the console's real serial
 * path — serialport, codec, reconnects — runs against it, as it would against firmware on an
 * Arduino. The simulator paces itself: a pty ignores the baud rate.
 */
export async function servePtySimulator(profile: DeviceProfile, seed: number): Promise<PtySimulatorServer> {
  const pair: PtyPair = await openPtyPair();
  const device = createWireDevice(profile, seed);
  let port: SerialConnection | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const attach = async (): Promise<void> => {
    const connection = new SerialConnection({ settings: { path: pair.a, baudRate: profile.serial?.baudRate ?? 115_200 } });
    connection.on('data', (chunk) => {
      const reply = device.receive(chunk);
      if (reply.length > 0) connection.write(reply).catch(() => undefined);
    });
    const opened = await connection.open();
    if (!opened.ok) throw new Error(`could not open the device side of the pty: ${opened.message}`);
    port = connection;
    device.resetClock();
    timer = setInterval(() => {
      const bytes = device.produce(performance.now());
      if (bytes.length > 0 && connection.isWritable) connection.write(bytes).catch(() => undefined);
    }, TICK_MS);
  };

  const detach = async (): Promise<void> => {
    if (timer) clearInterval(timer);
    timer = undefined;
    await port?.close();
    port = undefined;
  };

  const unplug = async (durationMs: number): Promise<void> => {
    await detach();
    await pair.kill();
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    await pair.restart();
    // A real device reboots when re-plugged: it waits for START again.
    device.model.handleCommand('STOP');
    await attach();
  };

  await attach();
  return {
    consolePath: pair.b,
    device,
    unplug,
    injectFault(fault) {
      applySimulatedFault(fault, device, (ms) => void unplug(ms).catch(() => undefined));
    },
    async close() {
      await detach();
      await pair.dispose();
    },
  };
}
