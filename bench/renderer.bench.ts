import { chromium, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { report } from './report';

/**
 * Renderer frame time and dropped frames while plotting 32 channels at 1 kHz (the test signal on
 * the Live page), against a bare uPlot page fed the same signal in the same run, in Chromium
 * under Xvfb (headed, as a technician's screen would be).
 */
const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'out/main/cli.js');
const SECONDS = 6;
let xvfb: ChildProcess;
let host: ChildProcess;
let bare: Server;
let dataDir: string;

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
    const file = files[req.url ?? '/'];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[1] }).end(readFileSync(file[0]));
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
});

afterAll(async () => {
  host?.kill();
  xvfb?.kill();
  await new Promise((r) => bare?.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

/** The page's requestAnimationFrame (this file is typechecked without the DOM library). */
declare const requestAnimationFrame: (callback: (now: number) => void) => number;

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

function stats(intervals: number[]): { p50: number; p95: number; dropped: number } {
  const sorted = [...intervals].sort((a, b) => a - b);
  const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  // A frame that took longer than 1.5 refresh periods skipped at least one display refresh.
  return { p50: pct(50), p95: pct(95), dropped: intervals.filter((d) => d > 25).length / intervals.length };
}

it('renderer: 32 ch × 1 kHz on the Live page vs a bare uPlot page', async () => {
  const url = await new Promise<string>((r) => {
    let out = '';
    host.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /open: (\S+)/.exec(out);
      if (m) r(m[1]);
    });
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: false,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    env: { ...process.env, DISPLAY: ':97' },
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });

  await page.goto(`${url}#/live`);
  await page.getByTestId('test-signal-channels').selectOption('32');
  await page.getByTestId('test-signal-rate').selectOption('1000');
  await page.waitForTimeout(1500);
  const consoleFrames = stats(await frameIntervals(page, SECONDS));
  const received = Number(await page.getByTestId('test-signal-stats').getAttribute('data-received'));

  await page.goto(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`);
  await page.waitForTimeout(1500);
  const bareFrames = stats(await frameIntervals(page, SECONDS));
  await browser.close();

  expect(received).toBeGreaterThan(1000);
  report('Renderer frame time, 32 channels × 1 kHz, 5 s window (Chromium under Xvfb)', [
    { page: 'bare uPlot (baseline)', 'frame p50 (ms)': bareFrames.p50.toFixed(1), 'frame p95 (ms)': bareFrames.p95.toFixed(1), 'dropped frames': `${(bareFrames.dropped * 100).toFixed(1)} %`, 'p95 ratio': '1.00' },
    {
      page: 'console Live page',
      'frame p50 (ms)': consoleFrames.p50.toFixed(1),
      'frame p95 (ms)': consoleFrames.p95.toFixed(1),
      'dropped frames': `${(consoleFrames.dropped * 100).toFixed(1)} %`,
      'p95 ratio': (consoleFrames.p95 / bareFrames.p95).toFixed(2),
    },
  ]);
});
