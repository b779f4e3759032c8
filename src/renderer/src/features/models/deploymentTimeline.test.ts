import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../../shared/domain/registry';
import { barAt, buildTimeline, formatTick, timeTicks } from './deploymentTimeline';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const T0 = Date.parse('2026-11-24T10:00:00.000Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

let nextId = 1;
function entry(s: number, fields: Partial<HistoryEntry> & Pick<HistoryEntry, 'action'>): HistoryEntry {
  return {
    id: nextId++,
    time: at(s),
    actor: 'operator',
    family: 'augmenter',
    versionId: null,
    versionLabel: null,
    previousVersionId: null,
    alias: null,
    profileId: null,
    deviceId: null,
    reason: 'why',
    metrics: {},
    detail: {},
    ...fields,
  };
}
const v = (id: string): Pick<HistoryEntry, 'versionId' | 'versionLabel'> => ({ versionId: id, versionLabel: id === A ? 'aug@1.0.0' : 'aug@1.0.1' });
const active = { alias: 'active', profileId: 'sensor-augmenter-32' };

/** Import A and B, gate, activate A, override and activate B, roll back to A; a device serves A, then B, then A, then stops. */
const history: HistoryEntry[] = [
  entry(0, { action: 'import', ...v(A) }),
  entry(5, { action: 'import', ...v(B) }),
  entry(10, { action: 'gate', ...v(A), detail: { passed: true } }),
  entry(11, { action: 'activate', ...v(A), ...active }),
  entry(12, { action: 'live-start', ...v(A), profileId: 'sensor-augmenter-32', deviceId: 'sim-1' }),
  entry(20, { action: 'gate', ...v(B), detail: { passed: false } }),
  entry(21, { action: 'gate-override', ...v(B), profileId: 'sensor-augmenter-32' }),
  entry(21, { action: 'activate', ...v(B), ...active, previousVersionId: A }),
  entry(22, { action: 'live-swap', ...v(B), deviceId: 'sim-1', previousVersionId: A }),
  entry(30, { action: 'auto-rollback', ...v(A), ...active, previousVersionId: B, deviceId: 'sim-1' }),
  entry(30, { action: 'live-swap', ...v(A), deviceId: 'sim-1', previousVersionId: B }),
  entry(40, { action: 'live-stop', versionId: null, previousVersionId: A, deviceId: 'sim-1' }),
  entry(45, { action: 'alias-set', ...v(B), alias: 'champion' }),
  entry(50, { action: 'alias-removed', previousVersionId: B, alias: 'champion' }),
].reverse();

describe('buildTimeline', () => {
  const timeline = buildTimeline(history, T0 + 60_000);
  const lane = (key: string) => timeline.lanes.find((l) => l.key === key);
  const bars = (key: string) => lane(key)?.bars.map((b) => `${b.label} ${(b.start - T0) / 1000}–${(b.end - T0) / 1000}${b.open ? ' open' : ''}`);

  it('orders lanes: imports and gates, aliases, devices', () => {
    expect(timeline.lanes.map((l) => l.title)).toEqual(['Imports and gates', 'active · sensor-augmenter-32', 'champion · augmenter', 'device sim-1']);
    expect(timeline.start).toBe(T0);
    expect(timeline.end).toBe(T0 + 60_000);
  });

  it("gives each alias the intervals its versions held it, the current one open until now", () => {
    expect(bars('alias:active/sensor-augmenter-32')).toEqual(['aug@1.0.0 11–21', 'aug@1.0.1 21–30', 'aug@1.0.0 30–60 open']);
    expect(bars('alias:champion/augmenter')).toEqual(['aug@1.0.1 45–50']);
  });

  it('gives each device the intervals it served each version, closed when it stopped', () => {
    expect(bars('device:sim-1')).toEqual(['aug@1.0.0 12–22', 'aug@1.0.1 22–30', 'aug@1.0.0 30–40']);
  });

  it('marks imports and gates on their lane, overrides and rollbacks on the alias they changed', () => {
    expect(lane('registry')?.markers.map((m) => `${m.kind}@${(m.time - T0) / 1000}`)).toEqual(['import@0', 'import@5', 'gate-passed@10', 'gate-failed@20']);
    expect(lane('alias:active/sensor-augmenter-32')?.markers.map((m) => `${m.kind}@${(m.time - T0) / 1000}`)).toEqual(['activate@11', 'override@21', 'activate@21', 'auto-rollback@30']);
  });

  it('answers which version was live on a device at a time', () => {
    const device = lane('device:sim-1');
    if (!device) throw new Error('no device lane');
    expect(barAt(device, T0 + 5_000)).toBeUndefined();
    expect(barAt(device, T0 + 12_000)?.label).toBe('aug@1.0.0');
    expect(barAt(device, T0 + 25_000)?.label).toBe('aug@1.0.1');
    expect(barAt(device, T0 + 30_000)?.label).toBe('aug@1.0.0');
    expect(barAt(device, T0 + 41_000)).toBeUndefined();
  });

  it('has no lanes for an empty history', () => {
    expect(buildTimeline([], T0)).toEqual({ lanes: [], start: T0, end: T0 + 1 });
  });
});

describe('timeTicks', () => {
  it('picks round steps that fit the span, labelled at the precision they need', () => {
    const minute = timeTicks(T0 + 3_000, T0 + 63_000);
    expect(minute.unit).toBe('seconds');
    expect(minute.ticks.map((t) => (t - T0) / 1000)).toEqual([15, 30, 45, 60]);
    const hours = timeTicks(T0, T0 + 6 * 3600_000);
    expect(hours.unit).toBe('minutes');
    expect(hours.ticks.length).toBeLessThanOrEqual(10);
    expect(formatTick(hours.ticks[1], 'minutes')).toMatch(/^\d\d:\d\d$/);
    expect(timeTicks(T0, T0 + 20 * 86_400_000).unit).toBe('days');
  });
});
