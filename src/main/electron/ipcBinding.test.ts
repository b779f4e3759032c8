import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, methodChannel, type CallOutcome } from '../../shared/ipc/bridgeTypes';
import { methodNames } from '../../shared/ipc/contract';
import { decodeFrameBatch } from '../../shared/domain/frameBatchWire';
import { allocateFrameBatch } from '../../shared/domain/frameBatch';
import { EventBus } from '../core/eventBus';
import { Dispatcher } from '../ipc/dispatcher';
import { methodTable, streamTable } from '../ipc/handlerTestSupport';
import { bindContractToIpc, type InvokeEventLike, type IpcMainLike, type PortLike } from './ipcBinding';

/**
 * Stand-ins for Electron's ipcMain and MessageChannelMain — the edge that cannot exist without
 * the Electron binary. They record what the binding registers and sends; the logic under test
 * (sender checks, validation, flow control) is the real code.
 */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve(handler(event, ...args));
  }
}

class FakePort implements PortLike {
  readonly sent: unknown[] = [];
  #listener: (() => void) | undefined;
  closed = false;
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  on(_event: 'message', listener: () => void): void {
    this.#listener = listener;
  }
  start(): void {}
  close(): void {
    this.closed = true;
  }
  ack(): void {
    this.#listener?.();
  }
}

function setup() {
  const ipcMain = new FakeIpcMain();
  const events = new EventBus();
  const refused: string[] = [];
  const broadcasts: unknown[][] = [];
  const ports: FakePort[] = [];
  let emitFrames: ((count: number) => void) | undefined;
  const dispatcher = new Dispatcher(
    methodTable({
      'app.info': () => ({ name: 'SC', version: '1', host: 'electron', dataDir: '/d', platform: 'p', nodeVersion: '24', startedAt: 'now' }),
      'app.health': () => ({ overall: 'running', services: [], eventLoopLagP99Ms: 0, uptimeS: 0 }),
      'system.recentEvents': () => [],
    }),
    streamTable({
      'demo.signal': (params, emit) => {
        let seq = 0;
        emitFrames = (count) => {
          const b = allocateFrameBatch('demo', params.channels, count);
          for (let i = 0; i < count; i++) b.seq[i] = seq++;
          emit(b);
        };
        return () => (emitFrames = undefined);
      },
    }),
    { maxMessagesPerSecond: 1000, maxPendingFrames: 10_000, onHandlerError: () => undefined },
  );
  const unbind = bindContractToIpc({
    ipcMain,
    dispatcher,
    events,
    isTrustedSender: (frame) => frame?.url === 'file:///app/index.html' && frame.parent === null,
    createChannel: () => {
      const port1 = new FakePort();
      ports.push(port1);
      return { port1, port2: { transferable: true } };
    },
    broadcast: (...args) => broadcasts.push(args),
    onRefused: (channel, reason) => refused.push(`${channel}: ${reason}`),
  });
  const posted: unknown[][] = [];
  const event = (url: string, parent: unknown = null): InvokeEventLike => ({
    senderFrame: { url, parent },
    sender: { id: 1, postMessage: (...args: unknown[]) => posted.push(args), once: () => undefined },
  });
  return { ipcMain, events, refused, broadcasts, ports, posted, event, unbind, emit: (n: number) => emitFrames?.(n) };
}

describe('bindContractToIpc', () => {
  it('registers exactly one handler per contract method plus the stream channels', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      [...methodNames.map(methodChannel), IPC_CHANNELS.streamOpen, IPC_CHANNELS.streamClose].sort(),
    );
  });

  it('answers our own main frame', async () => {
    const { ipcMain, event } = setup();
    const outcome = (await ipcMain.invoke(methodChannel('app.info'), event('file:///app/index.html'))) as CallOutcome;
    expect(outcome).toMatchObject({ ok: true, output: { host: 'electron' } });
  });

  it.each([
    ['another page', 'file:///tmp/evil.html', null],
    ['a sub-frame', 'file:///app/index.html', {}],
  ])('refuses %s and reports it', async (_name, url, parent) => {
    const { ipcMain, event, refused } = setup();
    const outcome = (await ipcMain.invoke(methodChannel('app.info'), event(url, parent))) as CallOutcome;
    expect(outcome).toEqual({ ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused.' } });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain(url);
  });

  it('validates input from a trusted sender', async () => {
    const { ipcMain, event } = setup();
    const outcome = (await ipcMain.invoke(methodChannel('system.recentEvents'), event('file:///app/index.html'), { limit: -1 })) as CallOutcome;
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('has no handler for channels outside the contract', async () => {
    const { ipcMain, event } = setup();
    await expect(ipcMain.invoke('sc:method.fs.readFile', event('file:///app/index.html'))).rejects.toThrow(/No handler/);
  });

  it('streams over a port with credit-based flow control', async () => {
    const { ipcMain, event, ports, posted, emit } = setup();
    const opened = (await ipcMain.invoke(IPC_CHANNELS.streamOpen, event('file:///app/index.html'), {
      id: 7,
      stream: 'demo.signal',
      params: { channels: 2, rateHz: 100 },
    })) as CallOutcome;
    expect(opened.ok).toBe(true);
    expect(posted[0]).toEqual([IPC_CHANNELS.streamPort, { id: 7 }, [{ transferable: true }]]);
    const port = ports[0];
    for (let i = 0; i < 5; i++) {
      emit(10);
      await new Promise((r) => setTimeout(r, 5));
    }
    // Two credits: two messages, then the coalescer waits for acknowledgements.
    expect(port.sent).toHaveLength(2);
    port.ack();
    port.ack();
    await new Promise((r) => setTimeout(r, 20));
    expect(port.sent).toHaveLength(3);
    const seqs = port.sent.flatMap((m) => Array.from(decodeFrameBatch(m as Uint8Array).seq));
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await ipcMain.invoke(IPC_CHANNELS.streamClose, event('file:///app/index.html'), { id: 7 });
    expect(port.closed).toBe(true);
  });

  it('broadcasts core events and removes every handler on unbind', () => {
    const { ipcMain, events, broadcasts, unbind } = setup();
    const payload = { id: 1, time: 'now', level: 'warn' as const, source: 'x', message: 'hello' };
    events.emit('system.events', payload);
    expect(broadcasts).toEqual([[IPC_CHANNELS.event, 'system.events', payload]]);
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
