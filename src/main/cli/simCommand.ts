import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deviceFamilySchema } from '../../shared/domain/deviceProfile';
import { createInterface } from 'node:readline';
import { findShippedProfile, loadShippedProfiles } from '../devices/profiles/shippedProfiles';
import { servePtySimulator } from '../devices/simulation/ptySimulatorServer';
import { generateDataset } from '../devices/simulators/datasetGenerator';

export const SIM_USAGE = `sensor-console sim generate <family> --count N [--seed S] --out DIR
sensor-console sim serve <profile-id> [--seed S]

generate  writes a simulated dataset (.npy arrays + meta.json, byte-identical for the same seed)
          for training and validating models. Families: ${deviceFamilySchema.options.join(', ')}.
serve     runs a simulated device on a pseudo-terminal (needs socat) and prints its path; connect
          the console to it as a serial device. Type "unplug <ms>", "crc <n>", "garbage <bytes>",
          "SET <name> <value>" (scenario, e.g. "SET activity walking", "SET speed 60") or "quit" on
          stdin to make it misbehave, act on it, or stop.`;

/** `sensor-console sim …`: the simulators from the command line. */
export async function runSimCommand(argv: readonly string[]): Promise<number> {
  const [action, family, ...rest] = argv;
  if (action === 'serve') return runServe(family, rest);
  if (action !== 'generate') {
    console.error(`Unknown sim action "${action ?? ''}".\n\n${SIM_USAGE}`);
    return 2;
  }
  const parsedFamily = deviceFamilySchema.safeParse(family);
  if (!parsedFamily.success) {
    console.error(`Unknown family "${family ?? ''}"; expected one of ${deviceFamilySchema.options.join(', ')}.`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { count: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } },
    strict: true,
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  if (!Number.isInteger(count) || count <= 0) {
    console.error('--count must be a positive whole number.');
    return 2;
  }
  if (!Number.isInteger(seed) || seed < 0) {
    console.error('--seed must be a non-negative whole number.');
    return 2;
  }
  if (!values.out) {
    console.error('--out DIR is required.');
    return 2;
  }
  const outDir = resolve(values.out);
  const meta = await generateDataset(parsedFamily.data, { seed, count }, outDir);
  console.log(`wrote ${meta.count} ${parsedFamily.data} samples (seed ${seed}) to ${outDir}`);
  return 0;
}

async function runServe(profileId: string | undefined, rest: readonly string[]): Promise<number> {
  const profile = profileId === undefined ? undefined : findShippedProfile(profileId);
  if (!profile) {
    console.error(`Unknown profile "${profileId ?? ''}"; shipped: ${loadShippedProfiles().map((p) => p.id).join(', ')}.`);
    return 2;
  }
  const { values } = parseArgs({ args: [...rest], options: { seed: { type: 'string', default: '1' } }, strict: true });
  const seed = Number(values.seed);
  const server = await servePtySimulator(profile, seed);
  console.log(`serving ${profile.displayName} (seed ${seed}) on ${server.consolePath}`);
  const input = createInterface({ input: process.stdin });
  const done = new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    input.on('close', stop);
    input.on('line', (line) => {
      const [word, amount] = line.trim().split(/\s+/);
      const n = Number(amount);
      switch (word) {
        case 'unplug':
          void server.unplug(Number.isFinite(n) ? n : 2000).then(() => console.log('plugged back in'));
          return;
        case 'crc':
          return server.device.faults.corruptFrames(Number.isFinite(n) ? n : 1);
        case 'garbage':
          return server.device.faults.injectGarbage(Number.isFinite(n) ? n : 64);
        case 'quit':
          return stop();
        case 'SET':
        case 'set':
          // What a person would do to the hardware: `SET activity walking`, `SET speed 60`.
          console.log(server.device.model.handleCommand(`SET ${line.trim().slice(4)}`));
          return;
        default:
          console.log('commands: unplug <ms> | crc <n> | garbage <bytes> | SET <name> <value> | quit');
      }
    });
  });
  await done;
  input.close();
  await server.close();
  return 0;
}
