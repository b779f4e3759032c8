import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { report } from './report';

/**
 * The renderer at display rate, in Chromium under Xvfb (headed, as a technician's screen would
 * be): frame time and dropped frames of the Live page against a bare uPlot page fed the same
 * signal in the same run, port → pixels latency of a simulated device, and the stream messages
 * per second crossing to the renderer.
 */
const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'out/main/cli.js');
const SECONDS = 6;
/** One display refresh at 60 Hz, ms: the yardstick for latency. */
const DISPLAY_FRAME_MS = 1000 / 60;
let xvfb: ChildProcess;
let host: ChildProcess;
let bare: Server;
let dataDir: string;
let browser: Browser;
/** The console's address, with its access token. */
let consoleUrl: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('run "npm run build" before the renderer benchmark');
  xvfb = spawn('Xvfb', [':97', '-screen', '0', '1600x1000x24'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 800));
  dataDir = mkdtempSync(join(tmpdir(), 'sc-bench-'));
  host = spawn(process.execPath, [CLI, 'web', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const files: Record<string, [string, string]> = {
    '/': [join(import.meta.dirname, 'barePlot.html'), 'text/html'],
    '/barePlot.js': [join(import.meta.dirname, 'barePlot.js'), 'text/javascript'],
    '/uPlot.iife.min.js': [join(ROOT, 'node_modules/uplot/dist/uPlot.iife.min.js'), 'text/javascript'],
    '/uPlot.min.css': [join(ROOT, 'node_modules/uplot/dist/uPlot.min.css'), 'text/css'],
  };
  bare = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://bare').pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[1] }).end(readFileSync(file[0]));
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  consoleUrl = await new Promise<string>((r) => {
    let out = '';
    host.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /open: (\S+)/.exec(out);
      if (m) r(m[1]);
    });
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    env: { ...process.env, DISPLAY: ':97' },
  });
});

afterAll(async () => {
  await browser?.close();
  host?.kill();
  xvfb?.kill();
  await new Promise((r) => bare?.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

/** The page's requestAnimationFrame (this file is typechecked without the DOM library). */
declare const requestAnimationFrame: (callback: (now: number) => void) => number;
/** The page's window with the draw-latency probe on (src/renderer/src/components/plot/drawLatencyProbe.ts). */
interface ProbedPage {
  drawLatencyMs?: number[];
}

/** Frame intervals (ms) of the page over `seconds`, measured in the page with requestAnimationFrame. */
async function frameIntervals(page: Page, seconds: number): Promise<number[]> {
  return page.evaluate(
    (ms) =>
      new Promise<number[]>((done) => {
        const out: number[] = [];
        let last = performance.now();
        const end = last + ms;
        const tick = (now: number): void => {
          out.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(tick);
          else done(out);
        };
        requestAnimationFrame(tick);
      }),
    seconds * 1000,
  );
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(intervals: number[]): { p50: number; p95: number; dropped: number } {
  // A frame that took longer than 1.5 refresh periods skipped at least one display refresh.
  return { p50: percentile(intervals, 50), p95: percentile(intervals, 95), dropped: intervals.filter((d) => d > 25).length / intervals.length };
}

/**
 * Counts the binary WebSocket messages (stream batches) the page receives, per subscription (the
 * first four bytes, little-endian, name it); `rates` turns the counts since `reset` into messages/s.
 */
function countStreamMessages(page: Page): { reset: () => void; rates: () => number[] } {
  let counts = new Map<number, number>();
  let since = performance.now();
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' || payload.byteLength < 4) return;
      const id = payload.readUInt32LE(0);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }),
  );
  return {
    reset: () => {
      counts = new Map();
      since = performance.now();
    },
    rates: () => [...counts.values()].map((n) => n / ((performance.now() - since) / 1000)),
  };
}

const ms = (v: number): string => v.toFixed(1);
const percent = (v: number): string => `${(v * 100).toFixed(1)} %`;
const bareUrl = (query: string): string => `http://127.0.0.1:${(bare.address() as AddressInfo).port}/?${query}`;

/** The Live page's test signal against the bare page with the same channels, rate and window. */
async function versusBare(channels: number, rateHz: number, windowS: number): Promise<Record<string, string | number>[]> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  const messages = countStreamMessages(page);
  await page.goto(`${consoleUrl}#/live`);
  await page.getByTestId('test-signal-layout-window').selectOption(String(windowS));
  await page.getByTestId('test-signal-channels').selectOption(String(channels));
  await page.getByTestId('test-signal-rate').selectOption(String(rateHz));
  // Fill the window, so the view holds windowS × rate points per channel while measuring.
  await page.waitForTimeout(windowS * 1000 + 1500);
  messages.reset();
  const consoleFrames = stats(await frameIntervals(page, SECONDS));
  const streamRate = Math.max(...messages.rates());
  const received = Number(await page.getByTestId('test-signal-stats').getAttribute('data-received'));
  const drawn = Number(await page.getByTestId('test-signal-plot').getAttribute('data-points'));
  const decimated = await page.getByTestId('test-signal-plot').getAttribute('data-decimated');

  await page.goto(bareUrl(`channels=${channels}&rate=${rateHz}&windowS=${windowS}`));
  await page.waitForTimeout(1500);
  const bareFrames = stats(await frameIntervals(page, SECONDS));
  await page.close();

  expect(received).toBeGreaterThan(windowS * rateHz);
  expect(streamRate).toBeLessThanOrEqual(62);
  const row = (name: string, s: typeof bareFrames, points: string, messagesPerS: string): Record<string, string | number> => ({
    page: name,
    'points drawn per channel': points,
    'frame p50 (ms)': ms(s.p50),
    'frame p95 (ms)': ms(s.p95),
    'dropped frames': percent(s.dropped),
    'p95 ratio': (s.p95 / bareFrames.p95).toFixed(2),
    'dropped ratio': bareFrames.dropped === 0 ? (s.dropped === 0 ? '1.00' : '∞ (baseline 0)') : (s.dropped / bareFrames.dropped).toFixed(2),
    'stream messages/s': messagesPerS,
  });
  return [
    row('bare uPlot (baseline)', bareFrames, String(windowS * rateHz), '–'),
    row('console Live page', consoleFrames, `${drawn}${decimated === 'true' ? ' (min/max-decimated)' : ''}`, streamRate.toFixed(1)),
  ];
}

it('renderer: 32 ch × 1 kHz on the Live page vs a bare uPlot page', async () => {
  report('Renderer frame time, 32 channels × 1 kHz, 5 s window (Chromium under Xvfb)', await versusBare(32, 1000, 5));
});

it('renderer: 16 ch × 10 000 points in view on the Live page vs a bare uPlot page', async () => {
  report('Renderer frame time, 16 channels × 10 000 points in view (1 kHz, 10 s window; Chromium under Xvfb)', await versusBare(16, 1000, 10));
});

it('renderer: port → pixels latency and stream messages/s with two simulated devices', async () => {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  const messages = countStreamMessages(page);
  // The probe is off unless the query asks for it (see drawLatencyProbe.ts).
  await page.goto(`${consoleUrl}&drawLatency#/devices`);
  for (const profile of ['imu-6axis', 'sensor-augmenter-32']) await page.getByTestId(`connect-sim-${profile}`).click();
  await page.getByTestId('nav-live').click();
  await page.waitForTimeout(3000);
  await page.evaluate(() => ((globalThis as ProbedPage).drawLatencyMs ?? []).splice(0));
  messages.reset();
  const frames = stats(await frameIntervals(page, SECONDS));
  const perStream = messages.rates();
  const latency = await page.evaluate(() => [...((globalThis as ProbedPage).drawLatencyMs ?? [])]);
  await page.close();

  expect(latency.length).toBeGreaterThan(50);
  expect(Math.max(...perStream)).toBeLessThanOrEqual(62);
  const p50 = percentile(latency, 50);
  const p95 = percentile(latency, 95);
  report('Port → pixels latency, IMU (100 Hz) + augmenter (100 Hz) simulators on ptys, every plot of the Live page (Chromium under Xvfb)', [
    {
      draws: latency.length,
      'latency p50 (ms)': ms(p50),
      'latency p95 (ms)': ms(p95),
      'p95 / display frame (16.7 ms)': (p95 / DISPLAY_FRAME_MS).toFixed(2),
      'renderer frame p95 (ms)': ms(frames.p95),
      'dropped frames': percent(frames.dropped),
      'stream messages/s (each subscription)': perStream.map((r) => r.toFixed(1)).join(', '),
    },
  ]);
});
