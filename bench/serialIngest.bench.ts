import { spawn, fork } from 'node:child_process';
import { openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../src/main/devices/serial/ptyPair';
import { buildNodeEntry } from '../src/main/testing/buildNodeEntry';
import { report } from './report';

/**
 * Ingest CPU of the console's serial path against `cat` reading the same pty at the same paced
 * byte rate (a pty ignores baud, so the feeder paces itself): the ratio is what the console's
 * decoding costs over merely moving the bytes.
 */
const SECONDS = 4;
const RATES = [
  { label: '115200 baud', bytesPerS: 11_520 },
  { label: '921600 baud', bytesPerS: 92_160 },
  { label: '1.2 MB/s', bytesPerS: 1_200_000 },
];
const LINE = '123456,0.0123,-0.0456,9.8066,0.0012,-0.0034,0.0056\r\n';

let pair: PtyPair;
let consumer: Awaited<ReturnType<typeof buildNodeEntry>>;

beforeAll(async () => {
  pair = await openPtyPair();
  consumer = await buildNodeEntry(fileURLToPath(new URL('./serialIngestConsumer.ts', import.meta.url)));
});
afterAll(async () => {
  await pair.dispose();
  await consumer.remove();
});

/** Writes paced lines to the pty for `seconds`; returns the number of lines written. */
async function feed(bytesPerS: number, seconds: number): Promise<number> {
  const fd = openSync(pair.a, 'w');
  const tickMs = 10;
  const linesPerTick = (bytesPerS * tickMs) / 1000 / LINE.length;
  let owed = 0;
  let lines = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    owed += linesPerTick;
    const n = Math.floor(owed);
    owed -= n;
    if (n > 0) writeSync(fd, LINE.repeat(n));
    lines += n;
    await new Promise((r) => setTimeout(r, tickMs));
  }
  closeSync(fd);
  return lines;
}

/** CPU time of a process in nanoseconds (/proc/PID/schedstat: finer than the 10 ms ticks of /proc/PID/stat). */
function cpuNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

async function catCpuUs(bytesPerS: number): Promise<number> {
  const cat = spawn('cat', [pair.b], { stdio: ['ignore', 'ignore', 'ignore'] });
  await new Promise((r) => setTimeout(r, 300));
  const before = cpuNs(cat.pid as number);
  await feed(bytesPerS, SECONDS);
  const after = cpuNs(cat.pid as number);
  cat.kill();
  return (after - before) / 1000;
}

async function consoleCpu(bytesPerS: number): Promise<{ cpuUs: number; frames: number; lines: number }> {
  const child = fork(consumer.script, [pair.b, String(SECONDS + 0.5)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once('message', r));
  const lines = await feed(bytesPerS, SECONDS);
  await new Promise((r) => child.once('exit', r));
  const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { cpuUs: number; frames: number };
  return { ...result, lines };
}

it('serial ingest: console vs cat on the same paced pty', async () => {
  const rows: Record<string, string | number>[] = [];
  for (const rate of RATES) {
    const cat = await catCpuUs(rate.bytesPerS);
    const ours = await consoleCpu(rate.bytesPerS);
    rows.push({
      rate: rate.label,
      'cat CPU (ms)': (cat / 1000).toFixed(1),
      'console CPU (ms)': (ours.cpuUs / 1000).toFixed(1),
      'ratio console/cat': (ours.cpuUs / cat).toFixed(1),
      'lines sent': ours.lines,
      'frames decoded': ours.frames,
    });
    // Every line sent must be decoded: a benchmark that loses data measures nothing.
    expect(ours.frames).toBeGreaterThanOrEqual(ours.lines - 1);
  }
  report('Serial ingest CPU over ' + SECONDS + ' s (IMU text lines)', rows);
});
