import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';
import { ActionMessage, type ActionOutcome } from '../../components/ActionMessage';

/**
 * ONNX Runtime threads per model runtime. One keeps a 2-core bench laptop responsive; a
 * workstation running a heavy model live can give it more. Applies to models loaded afterwards.
 */
export function RuntimeThreadsField(): ReactNode {
  const [threads, setThreads] = useState('');
  const [max, setMax] = useState<number | undefined>();
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>();
  useEffect(() => {
    api.call('inference.runtimeThreads', {}).then(
      (t) => (setThreads(String(t.threads)), setMax(t.max)),
      (e: unknown) => setOutcome({ text: messageOf(e), error: true }),
    );
  }, []);
  const apply = (): void => {
    api.call('inference.setRuntimeThreads', { threads: Number(threads) }).then(
      (t) => {
        setThreads(String(t.threads));
        setOutcome({ text: `Models loaded from now on use ${t.threads} thread${t.threads === 1 ? '' : 's'}; running models keep theirs until restarted or switched.`, error: false });
      },
      (e: unknown) => setOutcome({ text: messageOf(e), error: true }),
    );
  };
  return (
    <fieldset>
      <legend>Model runtime</legend>
      <label>
        Threads per model{' '}
        <input
          type="number"
          min={1}
          max={max}
          step={1}
          value={threads}
          onChange={(e) => setThreads(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && apply()}
          data-testid="settings-runtime-threads"
        />
      </label>{' '}
      <button type="button" onClick={apply} data-testid="settings-runtime-threads-save">
        Apply
      </button>
      <p className="muted">
        ONNX Runtime intra-op threads of each model (1 to {max ?? '…'}, this machine&apos;s cores). 1 leaves the other cores to the serial readers and the
        display; more speeds up a heavy model on a workstation.
      </p>
      <ActionMessage outcome={outcome} testId="settings-runtime-threads-message" />
    </fieldset>
  );
}
