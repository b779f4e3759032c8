import { useEffect, useState, type ReactNode } from 'react';
import type { RecordingEntryInfo } from '../../../../shared/ipc/domains/recording';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';
import { channelColor } from '../../components/plot/channelColors';

type Labels = Awaited<ReturnType<typeof fetchLabels>>;

const fetchLabels = (id: string) => api.call('recording.labels', { id });
const TICKS = 5;

/**
 * A finished session's timeline with the operator's labelled intervals on it (seconds from the
 * first message), one colour per label — what a validation on this recording will score.
 */
export function LabelTimeline({ entry }: { readonly entry: RecordingEntryInfo }): ReactNode {
  const [labels, setLabels] = useState<Labels | undefined>();
  const [error, setError] = useState<string | undefined>();
  const finished = entry.state === 'complete' || entry.state === 'repaired';
  useEffect(() => {
    if (!finished) return;
    let alive = true;
    fetchLabels(entry.id).then(
      (l) => alive && setLabels(l),
      (e: unknown) => alive && setError(messageOf(e)),
    );
    return () => {
      alive = false;
    };
  }, [entry.id, finished]);
  if (!finished) return null;
  if (error) return <p className="error-text">Cannot read the labels: {error}</p>;
  if (!labels) return <p className="muted">Reading the labels…</p>;
  if (labels.spans.length === 0) {
    return (
      <p className="muted" data-testid="label-timeline-empty">
        No labels in this recording. Label a recording while it runs (Alt+L on the Live page) to validate classifiers on it.
      </p>
    );
  }
  const names = [...new Set(labels.spans.map((s) => s.label))];
  const duration = Math.max(labels.durationS, ...labels.spans.map((s) => s.endS), 1e-3);
  const at = (s: number): number => (Math.min(Math.max(s, 0), duration) / duration) * 100;
  const pct = (s: number): string => `${at(s)}%`;
  return (
    <figure className="label-timeline" data-testid="label-timeline" aria-label={`Labels over the ${duration.toFixed(1)} s of the recording`}>
      <svg width="100%" height="58" role="img">
        <rect x="0" y="4" width="100%" height="26" className="label-timeline-track" />
        {labels.spans.map((s, i) => (
          <g key={i} data-testid="label-span" data-label={s.label} data-start={s.startS} data-end={s.endS}>
            <title>{`${s.label}: ${s.startS.toFixed(1)}–${s.endS.toFixed(1)} s`}</title>
            <rect x={pct(s.startS)} y="4" width={`${at(s.endS) - at(s.startS)}%`} height="26" fill={channelColor(names.indexOf(s.label))} opacity="0.75" />
            <text x={pct(s.startS)} dx="4" y="22" className="label-timeline-text">
              {s.label}
            </text>
          </g>
        ))}
        {Array.from({ length: TICKS + 1 }, (_, k) => (duration * k) / TICKS).map((t, k) => (
          <text key={k} x={pct(t)} y="50" textAnchor={k === 0 ? 'start' : k === TICKS ? 'end' : 'middle'} className="label-timeline-tick">
            {t.toFixed(1)} s
          </text>
        ))}
      </svg>
      <figcaption className="muted">
        Labels over time since the recording started (s): {names.join(', ')}. Windows no single label covers are not scored.
      </figcaption>
    </figure>
  );
}
