import { describe, expect, it, vi } from 'vitest';
import { allocateFrameBatch } from '../../shared/domain/frameBatch';
import { decodeFrameBatch } from '../../shared/domain/frameBatchWire';
import { ContractError } from '../../shared/ipc/contractError';
import { Dispatcher, type MethodHandlers, type StreamHandlers } from './dispatcher';
import { methodTable, streamTable } from './handlerTestSupport';

const info = {
  name: 'Sensor Console',
  version: '0.0.0-test',
  host: 'cli' as const,
  dataDir: '/tmp/x',
  platform: 'linux-x64',
  nodeVersion: '24',
  startedAt: new Date(0).toISOString(),
};

function makeDispatcher(overrides: Partial<MethodHandlers> = {}, streams: Partial<StreamHandlers> = {}) {
  const onHandlerError = vi.fn();
  const methods = methodTable({
    'app.info': () => info,
    'app.health': () => ({ overall: 'running', services: [], eventLoopLagP99Ms: 0, uptimeS: 1 }),
    'system.recentEvents': ({ limit }) => Array.from({ length: Math.min(limit, 2) }, (_, i) => ({
      id: i + 1,
      time: new Date(0).toISOString(),
      level: 'info' as const,
      source: 'test',
      message: `event ${i}`,
    })),
    ...overrides,
  });
  const streamHandlers = streamTable({
    'demo.signal': (params, emit) => {
      const batch = allocateFrameBatch('demo', params.channels, 3);
      batch.seq.set([0, 1, 2]);
      emit(batch);
      return () => undefined;
    },
    ...streams,
  });
  return { dispatcher: new Dispatcher(methods, streamHandlers, { maxMessagesPerSecond: 1000, maxPendingFrames: 1000, onHandlerError }), onHandlerError };
}

describe('Dispatcher.call', () => {
  it('answers a valid call with the handler output', async () => {
    const { dispatcher } = makeDispatcher();
    await expect(dispatcher.call('app.info', {})).resolves.toEqual({ ok: true, output: info });
  });

  it('rejects an unknown method by name', async () => {
    const { dispatcher } = makeDispatcher();
    const outcome = await dispatcher.call('app.shutdown', {});
    expect(outcome).toEqual({ ok: false, error: { code: 'unknown-channel', message: 'Unknown method "app.shutdown".' } });
  });

  it.each([
    [{ limit: 'ten' }, 'limit: Invalid input: expected number, received string'],
    [{ limit: 0 }, 'limit: Too small: expected number to be >=1'],
    [{ limit: 5, extra: true }, '(root): Unrecognized key: "extra"'],
    [[1, 2], '(root): Invalid input: expected object, received array'],
  ])('rejects malformed input %j with a clear issue', async (input, issue) => {
    const { dispatcher } = makeDispatcher();
    const outcome = await dispatcher.call('system.recentEvents', input);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid-input');
    expect(outcome.error.message).toBe('Invalid input for system.recentEvents.');
    expect(outcome.error.issues).toContain(issue);
  });

  it('turns a throwing handler into a failed outcome and reports it', async () => {
    const { dispatcher, onHandlerError } = makeDispatcher({
      'app.info': () => {
        throw new Error('disk on fire');
      },
    });
    await expect(dispatcher.call('app.info', {})).resolves.toEqual({ ok: false, error: { code: 'failed', message: 'disk on fire' } });
    expect(onHandlerError).toHaveBeenCalledOnce();
  });

  it('passes typed ContractErrors through unchanged', async () => {
    const { dispatcher } = makeDispatcher({
      'app.info': () => {
        throw new ContractError({ code: 'unavailable', message: 'Model host restarting' });
      },
    });
    await expect(dispatcher.call('app.info', {})).resolves.toEqual({ ok: false, error: { code: 'unavailable', message: 'Model host restarting' } });
  });

  it('refuses to return output that breaks the contract', async () => {
    const { dispatcher } = makeDispatcher({ 'app.info': () => ({ ...info, host: 'toaster' }) as unknown as typeof info });
    const outcome = await dispatcher.call('app.info', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-output' } });
  });
});

describe('Dispatcher.openStream', () => {
  it('validates parameters before starting the producer', () => {
    const producer = vi.fn(() => () => undefined);
    const { dispatcher } = makeDispatcher({}, { 'demo.signal': producer });
    const outcome = dispatcher.openStream('demo.signal', { channels: 0, rateHz: 100 }, { canSend: () => true, send: () => undefined });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(producer).not.toHaveBeenCalled();
  });

  it('rejects an unknown stream', () => {
    const { dispatcher } = makeDispatcher();
    expect(dispatcher.openStream('demo.nope', {}, { canSend: () => true, send: () => undefined })).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
  });

  it('delivers encoded data and stops the producer on close', async () => {
    const stop = vi.fn();
    const { dispatcher } = makeDispatcher(
      {},
      {
        'demo.signal': (params, emit) => {
          const batch = allocateFrameBatch('demo', params.channels, 2);
          batch.seq.set([7, 8]);
          emit(batch);
          return stop;
        },
      },
    );
    const sent: Uint8Array[] = [];
    const outcome = dispatcher.openStream('demo.signal', { channels: 3, rateHz: 10 }, { canSend: () => true, send: (b) => sent.push(b) });
    expect(outcome.ok).toBe(true);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    const batch = decodeFrameBatch(sent[0]);
    expect(Array.from(batch.seq)).toEqual([7, 8]);
    expect(batch.channelCount).toBe(3);
    if (outcome.ok) outcome.close();
    expect(stop).toHaveBeenCalledOnce();
  });
});
