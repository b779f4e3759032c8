import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RecordingStatus } from '../../../../shared/ipc/domains/recording';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';
import { useInference } from '../../hooks/useInference';
import { useShortcuts } from '../../hooks/useShortcuts';

export interface LabelControlProps {
  /** The recording in progress. */
  readonly status: RecordingStatus;
  readonly onStatus: (status: RecordingStatus) => void;
}

/**
 * Labels the recording in progress: "<label> starts now" (ending the one in force) and "ends now".
 * The picker offers the catalogue's classification labels and takes free text. Alt+L ends the
 * label in force, or puts the cursor in the picker when there is none (Enter then starts it).
 * Labelled recordings are validation datasets (docs/validation.md).
 */
export function LabelControl({ status, onStatus }: LabelControlProps): ReactNode {
  const { models } = useInference();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const suggestions = useMemo(() => [...new Set(models.flatMap((m) => m.outputs.flatMap((o) => o.labels ?? [])))].sort(), [models]);
  const mark = useCallback(
    (label: string | undefined): void => {
      setError(undefined);
      api.call('recording.label', label === undefined ? {} : { label }).then(onStatus, (e: unknown) => setError(messageOf(e)));
    },
    [onStatus],
  );
  const start = (): void => {
    const label = text.trim();
    if (label !== '') mark(label);
  };
  const current = status.label;
  useShortcuts(useMemo(() => [{ key: 'l', alt: true, action: () => (current !== null ? mark(undefined) : input.current?.focus()) }], [current, mark]));
  return (
    <span className="label-control">
      <input
        ref={input}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && start()}
        list="label-suggestions"
        placeholder="label, e.g. walking"
        aria-label="Label"
        maxLength={64}
        data-testid="label-input"
      />
      <datalist id="label-suggestions">
        {suggestions.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <button type="button" disabled={text.trim() === ''} onClick={start} data-testid="label-start" title="The label starts now (ends the one in force)">
        Label starts
      </button>
      <button type="button" disabled={current === null} onClick={() => mark(undefined)} data-testid="label-end" title="The label in force ends now (Alt+L)">
        Label ends
      </button>
      {current !== null ? (
        <span className="label-current" data-testid="label-current">
          Labelling: {current}
        </span>
      ) : null}
      {error ? <span className="error-text">{error}</span> : null}
    </span>
  );
}
