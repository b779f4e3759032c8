import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { TrafficChunk } from '../../../../shared/domain/traffic';
import { api } from '../../bridge/api';
import { useThrottledStream } from '../../hooks/useThrottledStream';
import { toTrafficLines } from './trafficLines';

const KEEP_CHUNKS = 400;

/** Raw traffic of a device, both ways, as text or hex — what a serial monitor shows. */
export function TerminalView({ deviceId, repeat }: { deviceId: string; repeat: { line: string; mode: 'text' | 'hex'; everyMs: number } | undefined }): ReactNode {
  const [mode, setMode] = useState<'text' | 'hex'>('text');
  const subscribe = useCallback((push: (items: TrafficChunk[]) => void) => api.stream('devices.traffic', { deviceId }, push), [deviceId]);
  const chunks = useThrottledStream(subscribe, KEEP_CHUNKS, 200);
  const lines = toTrafficLines(chunks, mode).slice(-200);

  // Periodic sending, e.g. polling a firmware that answers on request.
  useEffect(() => {
    if (!repeat) return;
    const input = repeat.mode === 'text' ? { deviceId, text: repeat.line } : { deviceId, hex: repeat.line };
    const timer = setInterval(() => void api.call('devices.sendCommand', input).catch(() => undefined), repeat.everyMs);
    return () => clearInterval(timer);
  }, [deviceId, repeat]);

  return (
    <div className="terminal" data-testid="terminal">
      <div className="form-row">
        <span className="muted">Traffic</span>
        <select value={mode} onChange={(e) => setMode(e.target.value as 'text' | 'hex')} aria-label="Terminal format">
          <option value="text">text</option>
          <option value="hex">hex</option>
        </select>
      </div>
      <pre className="terminal-lines" aria-live="off">
        {lines.length === 0
          ? 'Waiting for traffic…'
          : lines.map((l, i) => (
              <span key={i} className={`terminal-${l.direction}`}>
                {l.direction === 'tx' ? '→ ' : '← '}
                {l.text}
                {'\n'}
              </span>
            ))}
      </pre>
    </div>
  );
}
