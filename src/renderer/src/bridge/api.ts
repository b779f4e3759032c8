import type { Api } from './typedClient';
import { createApi } from './typedClient';
import { createSocketBridge } from './socketBridge';

/**
 * The one place that reaches the core: the Electron preload's global when it exists, else the
 * browser host's WebSocket (token from the page URL; the host also set it as a cookie).
 */
function connect(): Api {
  if (window.sensorConsole) return createApi(window.sensorConsole);
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createApi(createSocketBridge({ url: `${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}` }));
}

export const api: Api = connect();
export type { Api };
