import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Two connected pseudo-terminals made by socat, reachable through stable symlinks: what one
 * side writes, the other reads, like a null-modem cable. A pty ignores baud, parity and the
 * modem lines, so tests see the real `serialport` code path but not wire timing (see BytePacer).
 */
export interface PtyPair {
  /** Symlink to one pty; stays the same path across restart(). */
  readonly a: string;
  /** Symlink to the other pty. */
  readonly b: string;
  /** Temp folder holding the links; removed by dispose(). */
  readonly dir: string;
  /** Stops socat: both ptys hang up and their links disappear, like a cable being pulled. */
  kill(): Promise<void>;
  /** Starts socat again on the same link paths (new ptys behind them), like re-plugging. */
  restart(): Promise<void>;
  /** Stops socat and removes the temp folder; safe to call twice. */
  dispose(): Promise<void>;
}

/** Options for openPtyPair. */
export interface PtyPairOptions {
  /** How long to wait for socat to create both ptys. */
  readonly startTimeoutMs?: number;
}

const SOCAT_READY_MESSAGE = 'starting data transfer loop';
const DEFAULT_START_TIMEOUT_MS = 5_000;

/** Every socat still running, so a test run that ends abruptly does not leave them behind. */
const liveProcesses = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveProcesses) child.kill('SIGKILL');
  });
}

/** Throws an error naming the package and the install script when socat is not installed. */
export function assertSocatInstalled(): void {
  const probe = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  if (probe.error !== undefined) {
    throw new Error(
      'socat is not installed, so tests cannot create virtual serial ports. ' +
        'Install the Debian package "socat" (run `bash scripts/install-system-deps.sh` or `npm run setup`).',
    );
  }
}

/** Creates a pty pair in a fresh temp folder and waits until both links exist. */
export async function openPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  assertSocatInstalled();
  installExitHook();
  const dir = await mkdtemp(join(tmpdir(), 'sensor-console-pty-'));
  const pair = new SocatPtyPair(dir, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  try {
    await pair.restart();
  } catch (error) {
    await pair.dispose();
    throw error;
  }
  return pair;
}

class SocatPtyPair implements PtyPair {
  readonly a: string;
  readonly b: string;
  readonly dir: string;
  readonly #startTimeoutMs: number;
  #child: ChildProcess | undefined;

  constructor(dir: string, startTimeoutMs: number) {
    this.dir = dir;
    this.a = join(dir, 'a');
    this.b = join(dir, 'b');
    this.#startTimeoutMs = startTimeoutMs;
  }

  async restart(): Promise<void> {
    await this.kill();
    const child = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    liveProcesses.add(child);
    child.once('exit', () => liveProcesses.delete(child));
    this.#child = child;
    try {
      await this.#waitUntilReady(child);
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    this.#child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
    // socat unlinks its links on SIGTERM; remove leftovers anyway so restart() and the
    // disconnect tests never see a stale link to a dead pty.
    await Promise.all([rm(this.a, { force: true }), rm(this.b, { force: true })]);
  }

  async dispose(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  #waitUntilReady(child: ChildProcess): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let stderr = '';
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        child.stderr?.removeListener('data', onStderr);
        child.removeListener('exit', onExit);
        child.removeListener('error', onError);
        // Keep draining stderr: a full pipe would block socat.
        child.stderr?.resume();
        if (error === undefined) resolve();
        else reject(error);
      };
      const onStderr = (chunk: Buffer): void => {
        stderr += chunk.toString('utf8');
        // Logged after both ptys and links exist; the link check guards against a socat
        // version that words it differently.
        if (stderr.includes(SOCAT_READY_MESSAGE) && existsSync(this.a) && existsSync(this.b)) finish();
      };
      const onExit = (code: number | null): void =>
        finish(new Error(`socat exited (code ${code}) before creating the ptys: ${stderr.trim()}`));
      const onError = (error: Error): void => finish(new Error(`socat could not start: ${error.message}`));
      const timer = setTimeout(
        () => finish(new Error(`socat did not create ${this.a} and ${this.b} within ${this.#startTimeoutMs} ms`)),
        this.#startTimeoutMs,
      );
      child.stderr?.on('data', onStderr);
      child.once('exit', onExit);
      child.once('error', onError);
    });
  }
}
