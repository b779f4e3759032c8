import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../serial/ptyPair';
import { openSerialPeer, type SerialPeer } from '../serial/testing/serialPeer';
import { waitFor } from '../serial/testing/waitFor';
import { ModbusPoller, type ModbusPollerSettingsInput } from './modbusPoller';
import type { ModbusRequestFailure } from './modbusRequestFailure';
import { SERVED_REGISTERS as served, startModbusRtuServer, type ModbusRtuServer } from './testing/modbusRtuServer';

const FAST_BACKOFF = { initialDelayMs: 100, maxDelayMs: 300, factor: 2 };

function settingsFor(path: string): ModbusPollerSettingsInput {
  return {
    serial: { path, baudRate: 115_200 },
    pollPeriodMs: 50,
    timeoutMs: 150,
    map: {
      unitId: 1,
      maxGapRegisters: 2,
      registers: [
        { channel: 'temperature', address: 0, type: 'u16', scale: 0.1, unit: '°C' },
        { channel: 'delta', address: 1, type: 'i16', scale: 0.01 },
        { channel: 'pi', address: 2, type: 'f32' },
        { channel: 'swapped', address: 4, type: 'f32', wordOrder: 'little' },
        { channel: 'counter', address: 6, type: 'u32' },
        { channel: 'signed', address: 10, type: 'i32', scale: 0.001 },
        { channel: 'level', address: 0, functionCode: 4, scale: 0.1, offset: -40 },
        { channel: 'unmapped', address: served.firstUnmappedAddress },
      ],
    },
  };
}

describe('ModbusPoller against a pymodbus RTU server on a pty', () => {
  let pair: PtyPair;
  let server: ModbusRtuServer | undefined;
  let poller: ModbusPoller | undefined;
  let frames: Float32Array[];
  let failures: ModbusRequestFailure[];

  beforeEach(async () => {
    pair = await openPtyPair();
    frames = [];
    failures = [];
  });

  afterEach(async () => {
    await poller?.stop();
    await server?.stop();
    await pair.dispose();
    poller = undefined;
    server = undefined;
  });

  function startPolling(): ModbusPoller {
    const created = new ModbusPoller(settingsFor(pair.a), FAST_BACKOFF);
    created.on('frame', (values) => frames.push(values));
    created.on('failure', (failure) => failures.push(failure));
    poller = created;
    return created;
  }

  const last = (): Float32Array | undefined => frames.at(-1);

  it('reads the map in few requests, scales values and counts exceptions without stopping', async () => {
    server = await startModbusRtuServer(pair.b);
    const running = startPolling();
    expect(running.plannedReads.map((read) => [read.functionCode, read.address, read.count])).toEqual([
      [3, 0, 12],
      [3, served.firstUnmappedAddress, 1],
      [4, 0, 1],
    ]);
    expect(await running.start()).toEqual({ ok: true });
    await waitFor(() => frames.length >= 3, 'three frames');

    const values = last() as Float32Array;
    expect(running.channels).toEqual(['temperature', 'delta', 'pi', 'swapped', 'counter', 'signed', 'level', 'unmapped']);
    expect(values[0]).toBeCloseTo(123.4, 4);
    expect(values[1]).toBeCloseTo(-2.5, 6);
    expect(values[2]).toBeCloseTo(served.holdingF32HighFirstAt2, 5);
    expect(values[3]).toBe(served.holdingF32LowFirstAt4);
    expect(values[4]).toBe(served.holdingU32At6);
    expect(values[5]).toBeCloseTo(-100, 4);
    expect(values[6]).toBeCloseTo(served.inputU16At0 * 0.1 - 40, 4);
    expect(values[7]).toBeNaN();

    const stats = running.stats();
    expect(stats.failures.exception).toBeGreaterThanOrEqual(3);
    expect(stats.exceptionsByCode[2]).toBe(stats.failures.exception);
    expect(stats.failures.timeout).toBe(0);
    expect(stats.failures.crc).toBe(0);
    expect(failures[0]?.message).toMatch(/Unit 1 refused holding register 20: exception 2 \(illegal data address\)/);
  });

  it('counts timeouts while the device is silent and resumes when it answers again', async () => {
    server = await startModbusRtuServer(pair.b);
    const running = startPolling();
    await running.start();
    await waitFor(() => frames.length >= 2, 'frames before the outage');

    await server.stop();
    await waitFor(() => running.stats().failures.timeout >= 3, 'counted timeouts', 5_000);
    expect(last()?.[0]).toBeNaN();
    expect(failures.find((failure) => failure.kind === 'timeout')?.message).toMatch(/No answer from unit 1 .* within 150 ms/);
    expect(running.stats().serial.reconnects).toBe(0);

    await server.restart();
    await waitFor(() => last()?.[0] !== undefined && !Number.isNaN(last()?.[0]), 'values after the restart', 5_000);
    expect(last()?.[0]).toBeCloseTo(123.4, 4);
  });

  it('survives the port disappearing and polls again once it is back', async () => {
    server = await startModbusRtuServer(pair.b);
    const running = startPolling();
    const states: string[] = [];
    running.on('state', (change) => states.push(change.state));
    await running.start();
    await waitFor(() => frames.length >= 2, 'frames before the outage');

    await server.stop();
    await pair.kill();
    await waitFor(() => states.includes('disconnected'), 'the disconnect', 2_000);
    const skippedBefore = running.stats().skippedPolls;
    await waitFor(() => running.stats().skippedPolls > skippedBefore, 'skipped polls while the port is away');

    await pair.restart();
    await server.restart();
    const framesBefore = frames.length;
    await waitFor(() => frames.length > framesBefore + 1 && !Number.isNaN(last()?.[4]), 'values after reconnecting', 5_000);
    expect(last()?.[4]).toBe(served.holdingU32At6);
    expect(running.stats().serial.reconnects).toBe(1);
  });
});

describe('ModbusPoller against a hand-driven peer', () => {
  let pair: PtyPair;
  let peer: SerialPeer | undefined;
  let poller: ModbusPoller | undefined;

  beforeEach(async () => {
    pair = await openPtyPair();
  });

  afterEach(async () => {
    await poller?.stop();
    await peer?.close();
    await pair.dispose();
    poller = undefined;
    peer = undefined;
  });

  /** Modbus CRC-16 (poly 0xA001), appended low byte first. */
  function withCrc(bytes: number[]): Buffer {
    let crc = 0xffff;
    for (const byte of bytes) {
      crc ^= byte;
      for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    }
    return Buffer.from([...bytes, crc & 0xff, crc >>> 8]);
  }

  async function pollOnce(reply: (request: Buffer) => Buffer[]): Promise<{ values: Float32Array; poller: ModbusPoller }> {
    peer = await openSerialPeer(pair.b);
    const created = new ModbusPoller({
      serial: { path: pair.a },
      pollPeriodMs: 10_000,
      timeoutMs: 300,
      map: { registers: [{ channel: 'raw', address: 7 }] },
    });
    poller = created;
    const frame = new Promise<Float32Array>((resolve) => created.on('frame', (values) => resolve(values)));
    await created.start();
    await waitFor(() => peer?.received().length === 8, 'the read request');
    for (const chunk of reply(peer.received())) {
      await peer.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { values: await frame, poller: created };
  }

  it('reassembles a response split across chunks after line noise', async () => {
    const { values, poller: running } = await pollOnce((request) => {
      expect([...request.subarray(0, 6)]).toEqual([1, 3, 0, 7, 0, 1]);
      const response = withCrc([1, 3, 2, 0x12, 0x34]);
      return [Buffer.from([0x00, 0xff]), response.subarray(0, 3), response.subarray(3)];
    });
    expect(values[0]).toBe(0x1234);
    expect(running.stats().failures).toMatchObject({ crc: 0, timeout: 0, 'invalid-response': 0 });
  });

  it('counts a response with a bad CRC and leaves NaN', async () => {
    const { values, poller: running } = await pollOnce(() => {
      const response = withCrc([1, 3, 2, 0x12, 0x34]);
      response[response.length - 1] ^= 0xff;
      return [response];
    });
    expect(values[0]).toBeNaN();
    expect(running.stats().failures.crc).toBe(1);
  });
});
