import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BytePacer, wireBytesPerSecond } from './bytePacer';
import { SerialConnection, SerialWriteError, type SerialConnectionState, type SerialStateChange } from './serialConnection';
import { openPtyPair, type PtyPair } from './ptyPair';
import { openSerialPeer, type SerialPeer } from './testing/serialPeer';
import { waitFor } from './testing/waitFor';

const FAST_BACKOFF = { initialDelayMs: 100, maxDelayMs: 400, factor: 2 };

describe('SerialConnection over a real pty pair', () => {
  let pair: PtyPair;
  let connection: SerialConnection | undefined;
  let peer: SerialPeer | undefined;
  let states: SerialStateChange[];
  let received: Buffer[];

  beforeEach(async () => {
    pair = await openPtyPair();
    states = [];
    received = [];
  });

  afterEach(async () => {
    await connection?.close();
    await peer?.close();
    await pair.dispose();
    connection = undefined;
    peer = undefined;
  });

  function connect(options: Partial<ConstructorParameters<typeof SerialConnection>[0]> = {}): SerialConnection {
    const created = new SerialConnection({ settings: { path: pair.a, baudRate: 115_200 }, backoff: FAST_BACKOFF, ...options });
    created.on('state', (change) => states.push(change));
    created.on('data', (chunk) => received.push(Buffer.from(chunk)));
    connection = created;
    return created;
  }

  const sawState = (state: SerialConnectionState): boolean => states.some((change) => change.state === state);
  const receivedBytes = (): Buffer => Buffer.concat(received);

  it('receives every byte of a paced stream in order and counts both directions', async () => {
    const conn = connect();
    expect(await conn.open()).toEqual({ ok: true });
    expect(conn.state).toBe('open');
    peer = await openSerialPeer(pair.b);

    const lines = Array.from({ length: 300 }, (_, i) => `${i},${(i * 0.5).toFixed(1)},${-i}\n`);
    const pacer = new BytePacer(wireBytesPerSecond(230_400));
    for (const line of lines) {
      await pacer.wait(line.length);
      await peer.write(line);
    }
    const expected = lines.join('');
    await waitFor(() => receivedBytes().length >= expected.length, 'all paced lines');
    expect(receivedBytes().toString('utf8')).toBe(expected);

    await conn.write(Buffer.from('ping\n'));
    await waitFor(() => peer?.received().toString() === 'ping\n', 'the peer to receive ping');

    const stats = conn.stats();
    expect(stats.rxBytes).toBe(expected.length);
    expect(stats.txBytes).toBe(5);
    expect(stats.rxBytesPerSecond).toBeGreaterThan(0);
    expect(stats.reconnects).toBe(0);
    expect(states.map((change) => change.state)).toEqual(['connecting', 'open']);
  });

  it('notices the port vanishing, refuses writes meanwhile, and reconnects by itself', async () => {
    const conn = connect();
    await conn.open();
    peer = await openSerialPeer(pair.b);
    await peer.write('before\n');
    await waitFor(() => receivedBytes().toString() === 'before\n', 'data before the outage');

    const killedAt = performance.now();
    await pair.kill();
    await waitFor(() => sawState('disconnected'), 'the disconnected state', 2_000);
    expect(performance.now() - killedAt).toBeLessThan(2_000);
    expect(conn.state).toBe('reconnecting');

    const outageWrite = conn.write(Buffer.from('SHOULD-NOT-ARRIVE'));
    await expect(outageWrite).rejects.toBeInstanceOf(SerialWriteError);
    await expect(outageWrite).rejects.toMatchObject({ reason: 'not-open' });
    await expect(outageWrite).rejects.toThrow(/nothing was sent/);

    await peer.close();
    await pair.restart();
    peer = await openSerialPeer(pair.b);
    await waitFor(() => conn.state === 'open', 'the reconnect', 3_000);
    expect(conn.stats().reconnects).toBe(1);

    await conn.write(Buffer.from('after\n'));
    await peer.write('again\n');
    await waitFor(() => receivedBytes().toString().endsWith('again\n'), 'data after the reconnect');
    await waitFor(() => peer?.received().length === 6, 'the post-reconnect write');
    expect(peer.received().toString()).toBe('after\n');
  });

  it('rejects a write still in flight when the port drops and never sends it after reconnecting', async () => {
    const conn = connect();
    await conn.open();
    // Nobody reads the far end, so a large write fills the pty buffers and stays pending.
    const stuck = conn.write(new Uint8Array(1 << 20).fill(0x41));
    const outcome = stuck.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await pair.kill();
    const error = await outcome;
    expect(error).toBeInstanceOf(SerialWriteError);
    expect(error).toMatchObject({ reason: 'disconnected' });

    await pair.restart();
    peer = await openSerialPeer(pair.b);
    await waitFor(() => conn.state === 'open', 'the reconnect', 3_000);
    await conn.write(Buffer.from('fresh'));
    await waitFor(() => peer?.received().length === 5, 'the fresh write');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.received().toString()).toBe('fresh');
  });

  it('reports stalled when the peer goes quiet and open again when data resumes', async () => {
    const conn = connect({ watchdog: { expectedPeriodMs: 50, stalledAfterPeriods: 4 } });
    await conn.open();
    peer = await openSerialPeer(pair.b);
    await peer.write('tick\n');
    const lastDataAt = performance.now();
    await waitFor(() => conn.state === 'stalled', 'the stalled state', 1_000);
    const silentFor = performance.now() - lastDataAt;
    expect(silentFor).toBeGreaterThanOrEqual(150);
    expect(silentFor).toBeLessThan(600);
    expect(states.find((change) => change.state === 'stalled')?.message).toMatch(/No data from .* for 200 ms/);

    await peer.write('tock\n');
    await waitFor(() => conn.state === 'open', 'data to resume');
    expect(states.at(-1)?.previous).toBe('stalled');
  });

  it('keeps retrying a path that does not exist yet and connects when it appears', async () => {
    await pair.kill();
    const conn = connect();
    const first = await conn.open();
    expect(first).toMatchObject({ ok: false, message: expect.stringMatching(/not present/) });
    expect(conn.state).toBe('reconnecting');
    expect(states.at(-1)?.message).toMatch(/retrying in 100 ms/);
    await pair.restart();
    await waitFor(() => conn.state === 'open', 'the port to appear', 3_000);
    expect(conn.stats().reconnects).toBe(0);
  });

  it('warns instead of failing when DTR cannot be set on a pty', async () => {
    const warnings: string[] = [];
    const conn = connect({ settings: { path: pair.a, baudRate: 9_600, dtr: true } });
    conn.on('warning', (message) => warnings.push(message));
    expect(await conn.open()).toEqual({ ok: true });
    await waitFor(() => warnings.length > 0, 'the DTR warning');
    expect(warnings[0]).toMatch(/Could not set DTR\/RTS on .* continuing without them/);
    expect(conn.state).toBe('open');
  });

  it('stops reconnecting after close()', async () => {
    const conn = connect();
    await conn.open();
    await pair.kill();
    await waitFor(() => conn.state === 'reconnecting', `reconnecting; states: ${JSON.stringify(states.map((c) => c.state))}`);
    await conn.close();
    await pair.restart();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(conn.state).toBe('closed');
    await expect(conn.write(Buffer.from('x'))).rejects.toMatchObject({ reason: 'not-open' });
  });
});
