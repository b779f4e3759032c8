import { afterEach, describe, expect, it } from 'vitest';
import { valuesPerFrame } from '../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../shared/domain/frameBatch';
import type { DeviceInfo } from '../../shared/ipc/domains/devices';
import { DeviceManager } from './deviceManager';
import { findShippedProfile } from './profiles/shippedProfiles';
import { waitFor } from './serial/testing/waitFor';
import { servePtySimulator, type PtySimulatorServer } from './simulation/ptySimulatorServer';

interface Collected {
  seq: number[];
  /** Values per frame, keyed by seq. */
  values: Map<number, Float32Array>;
}

function collect(manager: DeviceManager, id: string): Collected {
  const out: Collected = { seq: [], values: new Map() };
  manager.subscribe(id, (b: FrameBatch) => {
    for (let i = 0; i < b.frameCount; i++) {
      out.seq.push(b.seq[i]);
      out.values.set(b.seq[i], b.values.slice(i * b.channelCount, (i + 1) * b.channelCount));
    }
  });
  return out;
}

const managers: DeviceManager[] = [];
const servers: PtySimulatorServer[] = [];
function newManager(changes: DeviceInfo[][] = []): DeviceManager {
  const m = new DeviceManager({ onChanged: (d) => changes.push(d), log: () => undefined });
  m.start();
  managers.push(m);
  return m;
}

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('DeviceManager with in-process simulators', () => {
  it.each([
    ['imu-6axis', /^SC-IMU,/],
    ['sensor-augmenter-32', /^SC-AUG,/],
    ['echoloc-square-4', /^SC-ECHO,/],
    ['enose-8mos', /^SC-ENOSE,/],
  ])('streams %s through its codec with contiguous frames and identifies it', async (profileId, identity) => {
    const profile = findShippedProfile(profileId);
    expect(profile, `shipped profile ${profileId}`).toBeDefined();
    if (!profile) return;
    const manager = newManager();
    const info = await manager.connect({ kind: 'simulator', profileId, seed: 3 });
    const got = collect(manager, info.id);
    // The e-nose sends once a second; ask it for more so the test stays short.
    if (profile.nominalRateHz < 10) await manager.source(info.id).sendTyped('RATE 10');
    await waitFor(() => got.seq.length >= 20, `20 frames from ${profileId}`, 5000);
    expect(got.seq.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const first = got.values.get(0);
    expect(first?.length).toBe(valuesPerFrame(profile));
    const listed = manager.list()[0];
    expect(listed.identity).toMatch(identity);
    expect(listed.health.state).toBe('open');
    expect(listed.health.parseErrors + listed.health.crcErrors).toBe(0);
  });

  it('counts injected CRC errors and garbage, and keeps decoding', async () => {
    const manager = newManager();
    const info = await manager.connect({ kind: 'simulator', profileId: 'sensor-augmenter-32', seed: 1 });
    const got = collect(manager, info.id);
    await waitFor(() => got.seq.length > 10, 'first frames');
    const source = manager.source(info.id);
    source.injectFault({ kind: 'corrupt-crc', count: 5 });
    source.injectFault({ kind: 'garbage', bytes: 300 });
    await waitFor(() => manager.list()[0].health.crcErrors + manager.list()[0].health.parseErrors >= 5, 'errors counted');
    const before = got.seq.length;
    await waitFor(() => got.seq.length > before + 20, 'frames after the faults');
    const health = manager.list()[0].health;
    expect(health.droppedFrames).toBeGreaterThanOrEqual(5);
    expect(health.discardedBytes).toBeGreaterThan(0);
  });

  it('goes through disconnected and back on a simulated unplug, refusing writes meanwhile', async () => {
    const changes: DeviceInfo[][] = [];
    const manager = newManager(changes);
    const info = await manager.connect({ kind: 'simulator', profileId: 'imu-6axis', seed: 1 });
    const got = collect(manager, info.id);
    await waitFor(() => got.seq.length > 10, 'first frames');
    manager.source(info.id).injectFault({ kind: 'disconnect', durationMs: 400 });
    await waitFor(() => manager.list()[0].health.state === 'disconnected', 'disconnected');
    await expect(manager.source(info.id).sendTyped('PING')).rejects.toThrow(/not sent/);
    await waitFor(() => manager.list()[0].health.state === 'open', 'reconnected', 3000);
    const before = got.seq.length;
    await waitFor(() => got.seq.length > before + 10, 'frames after reconnecting');
    expect(manager.list()[0].health.reconnects).toBe(1);
    await waitFor(() => changes.some((list) => list[0]?.health.state === 'disconnected'), 'a devices.changed event for the outage');
  });

  it('polls the simulated e-nose over Modbus RTU, register values as channels', async () => {
    const manager = newManager();
    const info = await manager.connect({ kind: 'simulator', profileId: 'enose-8mos-modbus', seed: 2 });
    const got = collect(manager, info.id);
    await waitFor(() => got.seq.length >= 3, '3 polls', 6000);
    const frame = got.values.get(2);
    expect(frame?.length).toBe(10);
    // Resistances in kΩ, temperature in °C (i16 × 0.01), humidity in %RH (u16 × 0.01): all read, none NaN.
    expect(Array.from(frame ?? []).every(Number.isFinite)).toBe(true);
    expect(frame?.[8]).toBeGreaterThan(-10);
    expect(frame?.[8]).toBeLessThan(60);
    expect(manager.list()[0].health.parseErrors + manager.list()[0].health.crcErrors).toBe(0);
    // Corrupted responses are counted as CRC errors and cost NaN-free frames nothing afterwards.
    manager.source(info.id).injectFault({ kind: 'corrupt-crc', count: 2 });
    await waitFor(() => manager.list()[0].health.crcErrors + manager.list()[0].health.parseErrors >= 1, 'a counted CRC failure', 8000);
  });

  it('refuses profiles it cannot stream with a clear message', async () => {
    const manager = newManager();
    await expect(manager.connect({ kind: 'simulator', profileId: 'sits-sentinel2' })).rejects.toThrow(/offline dataset/);
    await expect(manager.connect({ kind: 'simulator', profileId: 'nope' })).rejects.toThrow(/No device profile "nope"/);
  });
});

describe('DeviceManager over real ptys (socat + serialport)', () => {
  it('polls a Modbus RTU e-nose served on a pty', async () => {
    const profile = findShippedProfile('enose-8mos-modbus');
    if (!profile) throw new Error('no modbus profile');
    const server = await servePtySimulator(profile, 4);
    servers.push(server);
    const manager = newManager();
    const info = await manager.connect({ kind: 'serial', path: server.consolePath, profileId: 'enose-8mos-modbus' });
    const got = collect(manager, info.id);
    await waitFor(() => got.seq.length >= 2, '2 polls over the pty', 6000);
    expect(Array.from(got.values.get(1) ?? []).every(Number.isFinite)).toBe(true);
  });

  it.each([['imu-6axis'], ['sensor-augmenter-32']])('%s frames over a pty equal the in-process simulator', async (profileId) => {
    const profile = findShippedProfile(profileId);
    if (!profile) throw new Error(`no profile ${profileId}`);
    const server = await servePtySimulator(profile, 11);
    servers.push(server);
    const manager = newManager();
    const overPty = await manager.connect({ kind: 'serial', path: server.consolePath, profileId });
    const inProcess = await manager.connect({ kind: 'simulator', profileId, seed: 11 });
    const a = collect(manager, overPty.id);
    const b = collect(manager, inProcess.id);
    await waitFor(() => a.seq.length >= 100 && b.seq.length >= 100, '100 frames from both', 8000);
    expect(a.seq.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (let seq = 0; seq < 100; seq++) expect(a.values.get(seq), `frame ${seq}`).toEqual(b.values.get(seq));
    expect(manager.list().find((d) => d.id === overPty.id)?.identity).toMatch(/sn=SIM0011/);
  });

  it('detects a pulled cable within 2 s, refuses writes, and reconnects by itself', async () => {
    const profile = findShippedProfile('imu-6axis');
    if (!profile) throw new Error('no imu profile');
    const server = await servePtySimulator(profile, 5);
    servers.push(server);
    const manager = newManager();
    const info = await manager.connect({ kind: 'serial', path: server.consolePath, profileId: 'imu-6axis' });
    const got = collect(manager, info.id);
    await waitFor(() => got.seq.length > 20, 'first frames');
    const unplugged = server.unplug(1500);
    const pulledAt = performance.now();
    await waitFor(() => ['disconnected', 'reconnecting'].includes(manager.list()[0].health.state), 'disconnect detected', 2000);
    expect(performance.now() - pulledAt).toBeLessThan(2000);
    await expect(manager.source(info.id).sendTyped('PING')).rejects.toThrow();
    await unplugged;
    await waitFor(() => manager.list()[0].health.state === 'open', 'reconnected', 8000);
    const before = got.seq.length;
    await waitFor(() => got.seq.length > before + 20, 'frames after reconnecting', 5000);
    expect(manager.list()[0].health.reconnects).toBeGreaterThanOrEqual(1);
  });
});
