import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  ClientMessageSchema,
  MAX_CLIENT_MESSAGE_BYTES,
  frameStreamMessage,
  type ServerMessage,
} from '../../shared/ipc/socketProtocol';
import type { Core } from '../core/createCore';
import { createAccessToken, readCookie, tokenMatches } from './accessToken';
import { RENDERER_CSP_HEADER } from './contentSecurityPolicy';
import { readStaticFile } from './staticFiles';

export interface BrowserHostOptions {
  readonly core: Core;
  /** Folder with the built renderer (index.html and assets). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Fixed token for tests; a random one per run otherwise. */
  readonly token?: string;
}

export interface BrowserHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'sc_token';
/** Above this many bytes queued on a socket, stream data coalesces instead of being sent. */
const SOCKET_HIGH_WATER_BYTES = 4 * 1024 * 1024;
const LOOPBACK = '127.0.0.1';

/**
 * Serves the renderer bundle over HTTP and the contract over a WebSocket, on loopback only, to
 * whoever holds the per-run token. The same Dispatcher as the Electron binding answers every call.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? createAccessToken();
  const { core } = options;
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);

  /** Token from the query (first visit) or the cookie set on that visit (assets, reloads). */
  const isAuthorised = (req: IncomingMessage, url: URL): boolean =>
    tokenMatches(token, url.searchParams.get('token')) || tokenMatches(token, readCookie(req.headers.cookie, TOKEN_COOKIE));

  const server = createServer((req, res) => {
    void handleHttp(req, res);
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a hostile page on another name that resolves to 127.0.0.1 sends its own Host.
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(res, 421, 'Misdirected request.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!isAuthorised(req, url)) {
      return deny(res, 401, 'Sensor Console: this address needs the access token printed when the host started.');
    }
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) return deny(res, 404, 'Not found.');
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Security-Policy': RENDERER_CSP_HEADER,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const origin = req.headers.origin;
    const ok =
      url.pathname === '/ws' &&
      allowedHosts().has(req.headers.host ?? '') &&
      // Browsers always send Origin; refusing foreign origins stops cross-site WebSocket hijacking.
      (origin === undefined || allowedOrigins().has(origin)) &&
      isAuthorised(req, url);
    if (!ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const subscriptions = new Map<number, () => void>();
    const send = (message: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribeEvents = core.events.onAny((name, payload) => send({ t: 'event', name, payload }));

    ws.on('message', (data: RawData, isBinary: boolean) => {
      void handleMessage(data, isBinary);
    });

    async function handleMessage(data: RawData, isBinary: boolean): Promise<void> {
      const badMessage = (message: string): void =>
        send({ t: 'result', id: -1, outcome: { ok: false, error: { code: 'invalid-input', message } } });
      if (isBinary) return badMessage('Binary messages are not accepted from clients.');
      let json: unknown;
      try {
        json = JSON.parse(rawToString(data));
      } catch {
        return badMessage('Message is not valid JSON.');
      }
      const parsed = ClientMessageSchema.safeParse(json);
      if (!parsed.success) return badMessage(`Message does not follow the socket protocol: ${parsed.error.issues[0]?.message ?? ''}`);
      const message = parsed.data;
      switch (message.t) {
        case 'call': {
          const outcome = await core.dispatcher.call(message.method, message.input);
          send({ t: 'result', id: message.id, outcome });
          return;
        }
        case 'subscribe': {
          subscriptions.get(message.id)?.();
          const opened = core.dispatcher.openStream(message.stream, message.params, {
            canSend: () => ws.readyState === ws.OPEN && ws.bufferedAmount < SOCKET_HIGH_WATER_BYTES,
            send: (bytes) => ws.send(frameStreamMessage(message.id, bytes), { binary: true }),
          });
          if (!opened.ok) return send({ t: 'stream-error', id: message.id, error: opened.error });
          subscriptions.set(message.id, opened.close);
          send({ t: 'subscribed', id: message.id });
          return;
        }
        case 'unsubscribe': {
          subscriptions.get(message.id)?.();
          subscriptions.delete(message.id);
          return;
        }
      }
    }

    ws.on('close', () => {
      unsubscribeEvents();
      for (const close of subscriptions.values()) close();
      subscriptions.clear();
    });
    ws.on('error', (error) => core.logger.warn('browser-host', `WebSocket error: ${error.message}`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(message);
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
