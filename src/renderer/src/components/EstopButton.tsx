import { useMemo, useState, type ReactNode } from 'react';
import { api } from '../bridge/api';
import { useShortcuts } from '../hooks/useShortcuts';
import { messageOf } from '../bridge/messageOf';

/**
 * The emergency stop: always on screen, and on Escape from anywhere. Sends every actuator its
 * safe value and disarms it; harmless when nothing is armed.
 */
export function EstopButton(): ReactNode {
  const [result, setResult] = useState<string | undefined>();
  const stop = useMemo(
    () => () => {
      api.call('actuator.estop', {}).then(
        ({ stopped }) => setResult(stopped > 0 ? `${stopped} actuator(s) stopped` : 'no actuator was running'),
        (e: unknown) => setResult(`E-STOP FAILED: ${messageOf(e)}`),
      );
    },
    [],
  );
  useShortcuts(useMemo(() => [{ key: 'Escape', action: stop }], [stop]));
  return (
    <div className="estop">
      {result ? <span className="muted" data-testid="estop-result">{result}</span> : null}
      <button type="button" className="estop-button" onClick={stop} data-testid="estop" title="Emergency stop: every actuator to its safe value, disarmed (Esc)">
        E-STOP <kbd>Esc</kbd>
      </button>
    </div>
  );
}
