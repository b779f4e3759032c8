import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeFrameBatch } from '../../shared/domain/frameBatchWire';
import { createSocketBridge } from '../../renderer/src/bridge/socketBridge';
import { createApi } from '../../renderer/src/bridge/typedClient';
import type { ConnectionState } from '../../shared/ipc/bridgeTypes';
import { createCore, type Core } from '../core/createCore';
import { startBrowserHost, type BrowserHost } from './browserHost';

let dataDir: string;
let rendererDir: string;
let core: Core;
let host: BrowserHost;

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a raw WebSocket and resolves with whether the server accepted it. */
function tryConnect(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.onopen = () => {
      ws.close();
      resolve(true);
    };
    ws.onerror = () => resolve(false);
  });
}

function wsUrl(h: BrowserHost, token = h.token): string {
  return `ws://127.0.0.1:${h.port}/ws?token=${encodeURIComponent(token)}`;
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sc-host-'));
  rendererDir = mkdtempSync(join(tmpdir(), 'sc-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  core = createCore({
    dataDir,
    host: 'browser',
    appName: 'Sensor Console',
    appVersion: '0.0.0-test',
    modelsDir: join(dataDir, 'no-models'),
    // This suite never starts a model; a runtime request would be a bug in the test.
    createInferenceChannel: () => {
      throw new Error('no model runtime in the browser host tests');
    },
  });
  await core.start();
  host = await startBrowserHost({ core, rendererDir });
});

afterEach(async () => {
  await host.close();
  await core.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

describe('browser host HTTP', () => {
  it('listens on loopback only and prints a tokenised URL', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('refuses requests without the token, serves them with it and sets the cookie', async () => {
    const bare = await get(host.port, '/', { host: `127.0.0.1:${host.port}` });
    expect(bare.status).toBe(401);
    const ok = await get(host.port, `/?token=${host.token}`, { host: `127.0.0.1:${host.port}` });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<title>t</title>');
    expect(String(ok.headers['content-security-policy'])).toContain("script-src 'self'");
    const cookie = `sc_token=${host.token}`;
    expect(String(ok.headers['set-cookie'])).toContain(cookie);
    const viaCookie = await get(host.port, '/index.html', { host: `127.0.0.1:${host.port}`, cookie });
    expect(viaCookie.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await get(host.port, `/?token=${host.token}`, { host: 'evil.example:80' });
    expect(res.status).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get(host.port, `/..%2F..%2Fetc%2Fpasswd?token=${host.token}`, { host: `127.0.0.1:${host.port}` });
    expect(res.status).toBe(404);
  });
});

describe('browser host WebSocket', () => {
  it('requires the token', async () => {
    expect(await tryConnect(`ws://127.0.0.1:${host.port}/ws`)).toBe(false);
    expect(await tryConnect(wsUrl(host, 'wrong'))).toBe(false);
    expect(await tryConnect(wsUrl(host))).toBe(true);
  });

  it('answers typed calls through the same client the renderer uses', async () => {
    const bridge = createSocketBridge({ url: wsUrl(host) });
    const api = createApi(bridge);
    const info = await api.call('app.info', {});
    expect(info).toMatchObject({ host: 'browser', dataDir, version: '0.0.0-test' });
    const health = await api.call('app.health', {});
    expect(health.overall).toBe('running');
    expect(health.services.map((s) => s.name)).toContain('storage');
    bridge.close();
  });

  it('answers malformed payloads with clear errors and keeps serving', async () => {
    const ws = new WebSocket(wsUrl(host));
    const replies: unknown[] = [];
    ws.onmessage = (e) => replies.push(JSON.parse(String(e.data)));
    await new Promise((r) => (ws.onopen = r));
    ws.send('{not json');
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'system.recentEvents', input: { limit: 'all' } }));
    ws.send(JSON.stringify({ t: 'call', id: 2, method: 'fs.readFile', input: {} }));
    ws.send(JSON.stringify({ t: 'teleport' }));
    ws.send(JSON.stringify({ t: 'call', id: 3, method: 'app.info', input: {} }));
    await expect.poll(() => replies.length).toBeGreaterThanOrEqual(5);
    expect(replies).toContainEqual({ t: 'result', id: -1, outcome: { ok: false, error: { code: 'invalid-input', message: 'Message is not valid JSON.' } } });
    expect(replies).toContainEqual(
      expect.objectContaining({ id: 1, outcome: expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) }) }),
    );
    expect(replies).toContainEqual({ t: 'result', id: 2, outcome: { ok: false, error: { code: 'unknown-channel', message: 'Unknown method "fs.readFile".' } } });
    expect(replies).toContainEqual(expect.objectContaining({ id: 3, outcome: expect.objectContaining({ ok: true }) }));
    ws.close();
  });

  it('streams binary frame batches with contiguous sequence numbers', async () => {
    const bridge = createSocketBridge({ url: wsUrl(host) });
    const api = createApi(bridge);
    const seqs: number[] = [];
    const close = api.stream('demo.signal', { channels: 4, rateHz: 1000 }, (batch) => {
      expect(batch.channelCount).toBe(4);
      seqs.push(...batch.seq);
    });
    await expect.poll(() => seqs.length, { timeout: 5000 }).toBeGreaterThan(300);
    close();
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
    bridge.close();
  });

  it('reports invalid stream parameters to the subscriber', async () => {
    const bridge = createSocketBridge({ url: wsUrl(host) });
    const api = createApi(bridge);
    const error = await new Promise<Error>((resolve) => {
      api.stream('demo.signal', { channels: 1000, rateHz: 1 }, () => undefined, resolve);
    });
    expect(error.message).toBe('Invalid parameters for stream demo.signal.');
    bridge.close();
  });

  it('reconnects after the host restarts and re-opens open streams', async () => {
    const port = host.port;
    const token = host.token;
    const bridge = createSocketBridge({ url: wsUrl(host), minReconnectMs: 50, maxReconnectMs: 200 });
    const states: ConnectionState[] = [];
    bridge.onConnectionChange((s) => states.push(s));
    const received: number[] = [];
    bridge.openStream('demo.signal', { channels: 1, rateHz: 500 }, (bytes) => received.push(decodeFrameBatch(bytes).frameCount), () => undefined);
    await expect.poll(() => received.length).toBeGreaterThan(0);

    const pendingCall = bridge.methods['app.info']({});
    await host.close();
    expect(await pendingCall).toMatchObject({ ok: false, error: { code: 'transport' } });
    await expect.poll(() => states.includes('reconnecting')).toBe(true);

    host = await startBrowserHost({ core, rendererDir, port, token });
    const before = received.length;
    await expect.poll(() => states.at(-1), { timeout: 5000 }).toBe('open');
    await expect.poll(() => received.length, { timeout: 5000 }).toBeGreaterThan(before);
    expect(await bridge.methods['app.info']({})).toMatchObject({ ok: true });
    bridge.close();
  });
});
