import type { recordingMethods } from '../../shared/ipc/domains/recording';
import type { MethodHandlersFor } from '../ipc/dispatcher';
import type { LiveRecorder } from './liveRecorder';
import type { RecordingStore } from './recordingStore';

/** The `recording.*` part of the dispatch table. */
export function recordingMethodHandlers(recorder: LiveRecorder, store: RecordingStore): MethodHandlersFor<keyof typeof recordingMethods> {
  return {
    'recording.start': (request) => recorder.start(request),
    'recording.stop': () => recorder.stop(),
    'recording.status': () => recorder.status(),
    'recording.note': ({ text }) => {
      recorder.note(text);
      return {};
    },
    'recording.list': (query) =>
      store.list(query).map((e) => ({
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
      })),
  };
}
