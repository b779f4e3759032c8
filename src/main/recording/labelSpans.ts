import { z } from 'zod';
import type { RecordedEvent } from './jsonMessages';
import type { Recording } from './recordingReader';

/** The `detail` of a `label` event: an operator saying "<label> starts now" or "<label> ends now". */
export const labelEdgeSchema = z.object({ label: z.string().min(1), edge: z.enum(['start', 'end']) });
export type LabelEdge = z.infer<typeof labelEdgeSchema>;

/** A labelled interval of a recording, in host time (ms since the Unix epoch): `startMs` inclusive, `endMs` exclusive. */
export interface LabelSpan {
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The labelled intervals a recording's events describe, in order of their start. Each label is
 * opened by its `start` and closed by its next `end`; a second `start` of a label already open and
 * an `end` of one not open change nothing; a label still open when the recording ends runs to
 * `recordingEndMs`. Different labels may overlap — what that means for a window is the reader's
 * policy (see recordingDataset.ts). Events that are not label edges are ignored.
 */
export function labelSpansOf(events: readonly RecordedEvent[], recordingEndMs: number): LabelSpan[] {
  const open = new Map<string, number>();
  const spans: LabelSpan[] = [];
  for (const event of [...events].sort((a, b) => a.time - b.time)) {
    if (event.kind !== 'label') continue;
    const edge = labelEdgeSchema.safeParse(event.detail);
    if (!edge.success) continue;
    const { label } = edge.data;
    const startMs = open.get(label);
    if (edge.data.edge === 'start') {
      if (startMs === undefined) open.set(label, event.time);
    } else if (startMs !== undefined) {
      open.delete(label);
      if (event.time > startMs) spans.push({ label, startMs, endMs: event.time });
    }
  }
  for (const [label, startMs] of open) if (recordingEndMs > startMs) spans.push({ label, startMs, endMs: recordingEndMs });
  return spans.sort((a, b) => a.startMs - b.startMs);
}

/** The event that records a label edge (its text is what a reader of the raw events sees). */
export function labelEvent(time: number, edge: LabelEdge): RecordedEvent {
  return { time, kind: 'label', text: `Label "${edge.label}" ${edge.edge === 'start' ? 'starts' : 'ends'}.`, detail: { ...edge } };
}

/** A recording's label spans (labels still open at its end run to its last message). */
export async function recordingLabelSpans(recording: Recording): Promise<LabelSpan[]> {
  const events: RecordedEvent[] = [];
  for await (const event of recording.events()) events.push(event);
  return labelSpansOf(events, recording.summary.lastTimeMs ?? 0);
}
