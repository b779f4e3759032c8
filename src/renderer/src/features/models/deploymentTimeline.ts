import { historyActionSchema, type HistoryAction, type HistoryEntry } from '../../../../shared/domain/registry';

/**
 * The deployment history as lanes on a time axis: one lane per alias (the `active` alias of each
 * device profile, and user aliases of each family) and one per device that served a model, with
 * a bar for every interval a version held the lane, and markers for what happened on the way.
 */

/** One version holding a lane from `start` to `end` (ms since the epoch); `open` while it still does. */
export interface TimelineBar {
  readonly versionId: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly open: boolean;
  /** The history entry that started the interval. */
  readonly entry: HistoryEntry;
}

export type MarkerKind = 'import' | 'import-failed' | 'gate-passed' | 'gate-failed' | 'override' | 'activate' | 'activate-failed' | 'rollback' | 'auto-rollback';

export interface TimelineMarker {
  readonly time: number;
  readonly kind: MarkerKind;
  readonly entry: HistoryEntry;
}

export interface TimelineLane {
  readonly key: string;
  readonly title: string;
  readonly kind: 'registry' | 'alias' | 'device';
  /** The device of a device lane. */
  readonly deviceId?: string;
  readonly bars: readonly TimelineBar[];
  readonly markers: readonly TimelineMarker[];
}

export interface Timeline {
  readonly lanes: readonly TimelineLane[];
  readonly start: number;
  readonly end: number;
}

/** History actions the timeline draws (everything but housekeeping); the page asks the registry for exactly these. */
export const TIMELINE_ACTIONS: readonly HistoryAction[] = historyActionSchema.exclude(['pin', 'unpin', 'tags', 'notes', 'delete', 'retention-delete', 'shadow-start', 'shadow-stop']).options;

const REGISTRY_LANE = 'registry';

interface LaneBuilder {
  readonly key: string;
  readonly title: string;
  readonly kind: TimelineLane['kind'];
  readonly deviceId?: string;
  readonly bars: TimelineBar[];
  readonly markers: TimelineMarker[];
  current?: { versionId: string; label: string; start: number; entry: HistoryEntry };
}

/** Lanes, bars and markers from history entries (any order; the registry returns newest first). */
export function buildTimeline(entries: readonly HistoryEntry[], now: number): Timeline {
  const lanes = new Map<string, LaneBuilder>();
  const lane = (key: string, title: string, kind: TimelineLane['kind'], deviceId?: string): LaneBuilder => {
    let found = lanes.get(key);
    if (!found) {
      found = { key, title, kind, deviceId, bars: [], markers: [] };
      lanes.set(key, found);
    }
    return found;
  };
  const registryLane = (): LaneBuilder => lane(REGISTRY_LANE, 'Imports and gates', 'registry');
  const sorted = [...entries].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id - b.id);
  for (const entry of sorted) {
    const time = Date.parse(entry.time);
    const aliasLane = aliasLaneOf(entry);
    const holder = aliasLane ? lane(aliasLane.key, aliasLane.title, 'alias') : entry.deviceId && entry.action.startsWith('live-') ? lane(`device:${entry.deviceId}`, `device ${entry.deviceId}`, 'device', entry.deviceId) : undefined;
    switch (entry.action) {
      case 'activate':
      case 'rollback':
      case 'auto-rollback':
      case 'alias-set':
      case 'live-start':
      case 'live-swap':
        if (holder && entry.versionId) hold(holder, entry.versionId, labelOf(entry), time, entry);
        break;
      case 'alias-removed':
      case 'live-stop':
        if (holder) release(holder, time);
        break;
      default:
        break;
    }
    const kind = markerKind(entry);
    if (kind) (holder ?? registryLane()).markers.push({ time, kind, entry });
  }
  const times = sorted.map((e) => Date.parse(e.time));
  const start = times.length > 0 ? Math.min(...times) : now;
  const built = [...lanes.values()].map((l): TimelineLane => {
    if (l.current) l.bars.push({ ...l.current, end: now, open: true });
    const { current: _current, ...done } = l;
    return done;
  });
  const order: Record<TimelineLane['kind'], number> = { registry: 0, alias: 1, device: 2 };
  built.sort((a, b) => order[a.kind] - order[b.kind] || a.title.localeCompare(b.title));
  return { lanes: built, start, end: Math.max(now, start + 1) };
}

/** The bar of a lane at time `t`, if a version held it then. */
export function barAt(lane: TimelineLane, t: number): TimelineBar | undefined {
  return lane.bars.find((b) => b.start <= t && (t < b.end || (b.open && t <= b.end)));
}

/** The alias lane an entry belongs to: `active` per profile, a user alias per family; overrides go to the profile's `active` lane. */
function aliasLaneOf(entry: HistoryEntry): { key: string; title: string } | undefined {
  const alias = entry.alias ?? (entry.action === 'gate-override' || entry.action === 'activate' || entry.action === 'activate-failed' ? 'active' : null);
  if (!alias || (!entry.profileId && !entry.family)) return undefined;
  const scope = entry.profileId ?? entry.family ?? '';
  return { key: `alias:${alias}/${scope}`, title: `${alias} · ${scope}` };
}

function hold(lane: LaneBuilder, versionId: string, label: string, time: number, entry: HistoryEntry): void {
  if (lane.current?.versionId === versionId) return;
  release(lane, time);
  lane.current = { versionId, label, start: time, entry };
}

function release(lane: LaneBuilder, time: number): void {
  if (lane.current) lane.bars.push({ ...lane.current, end: time, open: false });
  lane.current = undefined;
}

function markerKind(entry: HistoryEntry): MarkerKind | undefined {
  switch (entry.action) {
    case 'import':
    case 'import-failed':
    case 'activate':
    case 'activate-failed':
    case 'rollback':
    case 'auto-rollback':
      return entry.action;
    case 'gate':
      return entry.detail['passed'] === true ? 'gate-passed' : 'gate-failed';
    case 'gate-override':
      return 'override';
    default:
      return undefined;
  }
}

function labelOf(entry: HistoryEntry): string {
  return entry.versionLabel ?? entry.versionId?.slice(0, 10) ?? '';
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [SECOND, 5 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY, 30 * DAY];

/** Round-valued tick times for an axis over [start, end] with about `count` ticks, and how to label them. */
export function timeTicks(start: number, end: number, count = 10): { ticks: number[]; unit: 'seconds' | 'minutes' | 'days' } {
  const span = Math.max(1, end - start);
  const step = STEPS.find((s) => span / s <= count) ?? STEPS[STEPS.length - 1];
  // Align to local midnight plus whole steps, so ticks fall on 10:15, not 10:13:27.
  const offset = new Date(start).getTimezoneOffset() * MINUTE;
  const first = Math.ceil((start - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= end; t += step) ticks.push(t);
  return { ticks, unit: step < MINUTE ? 'seconds' : step < DAY ? 'minutes' : 'days' };
}

/** A tick label in local time at the precision its step needs. */
export function formatTick(t: number, unit: 'seconds' | 'minutes' | 'days'): string {
  const d = new Date(t);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (unit === 'days') return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return unit === 'seconds' ? `${hm}:${pad(d.getSeconds())}` : hm;
}
