import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContractError } from '../../shared/ipc/contractError';
import type { RecordingEntryInfo, recordingMethods } from '../../shared/ipc/domains/recording';
import type { MethodHandlersFor } from '../ipc/dispatcher';
import { exportCsv } from './csvExport';
import type { LiveRecorder } from './liveRecorder';
import { recordingLabelSpans } from './labelSpans';
import { openRecording, type Recording } from './recordingReader';
import type { RecordingEntry, RecordingStore } from './recordingStore';

/** CSV handed to the window in one message at most this big; longer exports need a shorter range. */
const MAX_CSV_BYTES = 64 * 1024 * 1024;

/** The `recording.*` part of the dispatch table. */
export function recordingMethodHandlers(recorder: LiveRecorder, store: RecordingStore): MethodHandlersFor<keyof typeof recordingMethods> {
  const entryOf = (id: string): RecordingEntry => {
    const entry = store.get(id);
    if (!entry) throw new ContractError({ code: 'invalid-input', message: `No recorded session "${id}".` });
    return entry;
  };
  const notRecording = (entry: RecordingEntry, action: string): void => {
    if (recorder.status().sessionId === entry.id) throw new ContractError({ code: 'invalid-input', message: `"${entry.name}" is still recording; stop it before you ${action} it.` });
  };
  return {
    'recording.start': (request) => recorder.start(request),
    'recording.stop': () => recorder.stop(),
    'recording.status': () => recorder.status(),
    'recording.note': ({ text }) => {
      recorder.note(text);
      return {};
    },
    'recording.history': ({ deviceId, ...query }) => recorder.history(deviceId, query),
    'recording.label': ({ label }) => recorder.label(label),
    'recording.labels': async ({ id }) => {
      const entry = entryOf(id);
      notRecording(entry, 'open');
      return sessionLabels(entry);
    },
    'recording.list': (query) => store.list(query).map(toInfo),
    'recording.update': ({ id, ...changes }) => {
      entryOf(id);
      store.update(id, changes);
      return toInfo(entryOf(id));
    },
    'recording.delete': async ({ id }) => {
      const entry = entryOf(id);
      notRecording(entry, 'delete');
      await rm(entry.filePath, { force: true });
      store.delete(id);
      return {};
    },
    'recording.exportCsv': async ({ id, deviceId, kind, startS, endS }) => {
      const entry = entryOf(id);
      notRecording(entry, 'export');
      return exportCsvText(entry, deviceId, kind ?? 'raw', startS, endS);
    },
  };
}

function toInfo(e: RecordingEntry): RecordingEntryInfo {
  return {
    id: e.id,
    name: e.name,
    tags: [...e.tags],
    notes: e.notes,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    devices: e.devices.map((d) => ({ ...d })),
    frameCount: e.frameCount,
    sizeBytes: e.sizeBytes,
    state: e.state,
    stateDetail: e.stateDetail,
    filePath: e.filePath,
  };
}

async function opened(entry: RecordingEntry): Promise<Recording> {
  const result = await openRecording(entry.filePath);
  if (!result.ok) throw new ContractError({ code: 'failed', message: result.message });
  return result.recording;
}

/** A session's label spans in seconds from its first message. */
async function sessionLabels(entry: RecordingEntry): Promise<{ durationS: number; spans: { label: string; startS: number; endS: number }[] }> {
  const recording = await opened(entry);
  try {
    const { firstTimeMs, durationS } = recording.summary;
    const first = firstTimeMs ?? 0;
    const spans = (await recordingLabelSpans(recording)).map((s) => ({ label: s.label, startS: (s.startMs - first) / 1000, endS: (s.endMs - first) / 1000 }));
    return { durationS, spans };
  } finally {
    await recording.close();
  }
}

/** Exports through the file exporter (one CSV format) into a temp file, and returns its text. */
async function exportCsvText(
  entry: RecordingEntry,
  deviceId: string,
  kind: 'raw' | 'calibrated',
  startS: number | undefined,
  endS: number | undefined,
): Promise<{ fileName: string; csv: string; frames: number }> {
  const recording = await opened(entry);
  const dir = await mkdtemp(join(tmpdir(), 'sc-export-'));
  try {
    const first = recording.summary.firstTimeMs ?? 0;
    const range = { startMs: startS === undefined ? undefined : first + startS * 1000, endMs: endS === undefined ? undefined : first + endS * 1000 };
    if (!recording.summary.devices.some((d) => d.id === deviceId)) {
      throw new ContractError({ code: 'invalid-input', message: `"${entry.name}" has no device "${deviceId}".` });
    }
    const path = join(dir, 'export.csv');
    const result = await exportCsv(recording, { deviceId, kind, ...range }, path);
    if (result.bytes > MAX_CSV_BYTES) {
      throw new ContractError({ code: 'invalid-input', message: `The export is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB; choose a shorter time range.` });
    }
    const safeName = entry.name.replace(/[^\w.-]+/g, '_');
    return { fileName: `${safeName}-${deviceId}-${kind}.csv`, csv: await readFile(path, 'utf8'), frames: result.frames };
  } finally {
    await recording.close();
    await rm(dir, { recursive: true, force: true });
  }
}
