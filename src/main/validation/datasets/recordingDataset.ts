import { basename, dirname, resolve } from 'node:path';
import { concatFrameBatches, type FrameBatch } from '../../../shared/domain/frameBatch';
import { recordingLabelSpans, type LabelSpan } from '../../recording/labelSpans';
import { openRecording, type RecordingDeviceSummary } from '../../recording/recordingReader';
import { hashFiles } from './datasetHash';
import type { LabelledDataset, SpanTarget } from './labelledDataset';
import { DatasetError } from './simulatorDataset';

/** Per-frame label codes besides a label's index. */
export const UNLABELLED = -1;
/** Frames under two different labels at once (overlapping spans): no window holding one is scored. */
export const CONFLICTING = -2;

/**
 * The label target of a recording: each frame gets the label whose span covers its host time
 * ({@link UNLABELLED} when none, {@link CONFLICTING} when different labels overlap there), and
 * `runStart` the first frame of the run of equal codes it belongs to — so a window is labelled in
 * O(1) when one label covers all its frames (see `windowLabel`).
 */
export function spanTargetOf(hostTimesMs: Float64Array, spans: readonly LabelSpan[]): SpanTarget {
  const labels = [...new Set(spans.map((s) => s.label))];
  const count = hostTimesMs.length;
  const values = new Int32Array(count);
  const runStart = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const t = hostTimesMs[i];
    let code = UNLABELLED;
    for (const span of spans) {
      if (t < span.startMs || t >= span.endMs) continue;
      const index = labels.indexOf(span.label);
      code = code === UNLABELLED || code === index ? index : CONFLICTING;
    }
    values[i] = code;
    runStart[i] = i > 0 && values[i - 1] === code ? runStart[i - 1] : i;
  }
  return { kind: 'spans', name: 'label', labels, values, runStart };
}

/**
 * The label of the window whose last frame is `end` and which holds `length` frames: the label
 * covering every one of its frames, or why it has none. Policy: a window counts only when a single
 * label interval covers it entirely; one that straddles a label change, reaches into an unlabelled
 * stretch or overlapping labels, or starts before the first frame is skipped (and counted).
 */
export function windowLabel(target: SpanTarget, end: number, length: number): number | 'unlabelled' {
  const code = target.values[end];
  if (code < 0 || end - length + 1 < target.runStart[end]) return 'unlabelled';
  return code;
}

/**
 * Opens a recording (`.mcap`, optionally `#<deviceId>` to pick one of several devices) as a
 * labelled dataset: the device's frames — calibrated when every raw frame has its calibrated twin,
 * else raw — with the operator's label events as the ground truth of classification outputs.
 */
export async function openRecordingDataset(spec: string): Promise<LabelledDataset> {
  const hash = spec.lastIndexOf('#');
  const path = resolve(hash > 0 ? spec.slice(0, hash) : spec);
  const wantedDevice = hash > 0 ? spec.slice(hash + 1) : undefined;
  const opened = await openRecording(path);
  if (!opened.ok) throw new DatasetError(opened.message);
  const recording = opened.recording;
  try {
    const device = pickDevice(recording.summary.devices, wantedDevice, path);
    const kind = device.frames.calibrated > 0 && device.frames.calibrated === device.frames.raw ? 'calibrated' : 'raw';
    const batches: FrameBatch[] = [];
    for await (const batch of recording.frames(device.id, kind)) batches.push(batch);
    const recorded = concatFrameBatches(batches);
    if (recorded.frameCount === 0) throw new DatasetError(`${path} holds no frames of ${device.name}.`);
    const spans = await recordingLabelSpans(recording);
    const count = recorded.frameCount;
    // Batch inference addresses frames by seq = index, as for every stream dataset.
    const frames: FrameBatch = { ...recorded, deviceId: 'dataset', seq: Float64Array.from({ length: count }, (_, i) => i) };
    const channels = device.columns.map((c) => c.name);
    return {
      ref: { path: hash > 0 ? `${path}#${device.id}` : path, kind: 'recording', sha256: await hashFiles(dirname(path), [basename(path)]), samples: count, family: device.profile?.family ?? null },
      channels,
      count,
      timesS: frames.deviceTimeS,
      data: { kind: 'stream', profile: device.profile ?? undefined, frames },
      targets: spans.length > 0 ? [spanTargetOf(frames.hostTimeMs, spans)] : [],
      scoreMask: undefined,
      channelValues: (c) => Float32Array.from({ length: count }, (_, i) => frames.values[i * channels.length + c]),
      // Calibrated data of one calibration is traceable to it; data under several is not one version's.
      ...(kind === 'calibrated' && device.calibrationVersions.length === 1 ? { calibrationVersion: device.calibrationVersions[0] } : {}),
    };
  } finally {
    await recording.close();
  }
}

function pickDevice(devices: readonly RecordingDeviceSummary[], wanted: string | undefined, path: string): RecordingDeviceSummary {
  if (wanted !== undefined) {
    const found = devices.find((d) => d.id === wanted);
    if (!found) throw new DatasetError(`${path} has no device "${wanted}" (it has ${devices.map((d) => d.id).join(', ') || 'none'}).`);
    return found;
  }
  const withFrames = devices.filter((d) => d.frames.raw > 0);
  if (withFrames.length === 1) return withFrames[0];
  if (withFrames.length === 0) throw new DatasetError(`${path} holds no device frames.`);
  throw new DatasetError(`${path} holds several devices (${withFrames.map((d) => d.id).join(', ')}); choose one as ${path}#<device id>.`);
}
