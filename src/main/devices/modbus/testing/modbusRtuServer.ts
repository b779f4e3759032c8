import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: python3-pymodbus imports only there, not under the python3 first on PATH. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./modbusRtuServer.py', import.meta.url));
const START_TIMEOUT_MS = 10_000;

/** The registers modbusRtuServer.py serves, as the values a correct decoder must produce. */
export const SERVED_REGISTERS = {
  holdingU16At0: 1234,
  holdingI16At1: -250,
  holdingF32HighFirstAt2: 3.14159,
  holdingF32LowFirstAt4: -12.5,
  holdingU32At6: 100_000,
  holdingI32At10: -100_000,
  inputU16At0: 500,
  /** First unmapped address: reads here get exception 2. */
  firstUnmappedAddress: 20,
} as const;

/** A pymodbus RTU server process on one end of a pty pair. */
export interface ModbusRtuServer {
  /** Stops the server (the pty stays): the device goes silent. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
}

const liveServers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveServers) child.kill('SIGKILL');
});

/** Throws an error naming the Debian packages when pymodbus or pyserial-asyncio is missing. */
export function assertPymodbusInstalled(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import pymodbus, serial_asyncio'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `${PYTHON} cannot import pymodbus and serial_asyncio (${(probe.stderr || String(probe.error)).trim()}). ` +
        'Install the Debian packages "python3-pymodbus" and "python3-serial-asyncio" (see scripts/install-system-deps.sh).',
    );
  }
}

/** Starts modbusRtuServer.py on `port` and waits for it to report ready. */
export async function startModbusRtuServer(port: string, unitId = 1): Promise<ModbusRtuServer> {
  assertPymodbusInstalled();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(PYTHON, [SCRIPT, '--port', port, '--unit', String(unitId)], { stdio: ['ignore', 'pipe', 'pipe'] });
    liveServers.add(child);
    child.once('exit', () => liveServers.delete(child as ChildProcess));
    await waitUntilReady(child);
  };
  const stop = async (): Promise<void> => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      // Keep draining both pipes: pymodbus logs every exception response to stderr.
      child.stdout?.removeAllListeners('data').resume();
      child.stderr?.removeAllListeners('data').resume();
      if (error === undefined) resolve();
      else {
        child.kill('SIGKILL');
        reject(error);
      }
    };
    const onExit = (code: number | null): void => finish(new Error(`Modbus test server exited (code ${code}): ${stderr.trim()}`));
    const timer = setTimeout(() => finish(new Error(`Modbus test server not ready after ${START_TIMEOUT_MS} ms: ${stderr.trim()}`)), START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('ready')) finish();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('exit', onExit);
  });
}
