import { useState, type ReactNode } from 'react';
import type { DeviceInfo, Fault } from '../../../../shared/ipc/domains/devices';
import { api } from '../../bridge/api';
import { CalibrationBadge } from '../../components/CalibrationBadge';
import { formatBytesPerS, formatRate, rateLevel } from './formatHealth';
import { TerminalView } from './TerminalView';
import { messageOf } from '../../bridge/messageOf';

const FAULTS: readonly { label: string; fault: Fault }[] = [
  { label: 'Corrupt 5 frames', fault: { kind: 'corrupt-crc', count: 5 } },
  { label: 'Garbage burst', fault: { kind: 'garbage', bytes: 256 } },
  { label: 'Unplug 3 s', fault: { kind: 'disconnect', durationMs: 3000 } },
  { label: 'Clear faults', fault: { kind: 'clear' } },
];

/** One open device: live health counters, its command line, fault injection for simulators. */
export function DeviceRow({ device, onError }: { readonly device: DeviceInfo; readonly onError: (m: string | undefined) => void }): ReactNode {
  const [command, setCommand] = useState('');
  const [mode, setMode] = useState<'text' | 'hex'>('text');
  const [lastSent, setLastSent] = useState<string | undefined>();
  const [showTerminal, setShowTerminal] = useState(false);
  const [repeatMs, setRepeatMs] = useState(0);
  const [repeat, setRepeat] = useState<{ line: string; mode: 'text' | 'hex'; everyMs: number } | undefined>();
  const h = device.health;
  const fromFile = device.source.kind === 'playback' || device.source.kind === 'dataset';
  const report = (e: unknown): void => onError(messageOf(e));
  const send = (): void => {
    const input = mode === 'text' ? { deviceId: device.id, text: command } : { deviceId: device.id, hex: command };
    api.call('devices.sendCommand', input).then((r) => setLastSent(`${r.bytesSent} bytes sent`), report);
  };
  return (
    <article className="panel device-row" data-testid={`device-${device.id}`} aria-label={device.name}>
      <header className="panel-header">
        <h2>{device.name}</h2>
        <span className={`status-pill state-${h.state}`} data-testid="device-state">
          {h.state}
        </span>
        <span className="muted">{device.identity ?? (fromFile ? 'played from a file' : 'not identified yet')}</span>
        {device.identity ? <CalibrationBadge device={device} /> : null}
        <button type="button" className="push-right" onClick={() => api.call('devices.disconnect', { deviceId: device.id }).catch(report)} data-testid="device-disconnect">
          Disconnect
        </button>
      </header>
      <p className="muted" data-testid="device-state-detail">{h.stateDetail}</p>
      <dl className="health-grid" data-testid="device-health">
        <div className={`reading level-${rateLevel(h)}`}>
          <dt>Rate</dt>
          <dd data-testid="health-rate">{formatRate(h)}</dd>
        </div>
        <div className="reading">
          <dt>Jitter</dt>
          <dd>{h.jitterMs.toFixed(2)} ms</dd>
        </div>
        <div className="reading">
          <dt>Frames</dt>
          <dd data-testid="health-frames">{h.framesTotal.toLocaleString()}</dd>
        </div>
        <div className={`reading ${h.droppedFrames > 0 ? 'level-warn' : ''}`}>
          <dt>Dropped</dt>
          <dd data-testid="health-dropped">{h.droppedFrames}</dd>
        </div>
        <div className={`reading ${h.crcErrors > 0 ? 'level-warn' : ''}`}>
          <dt>CRC errors</dt>
          <dd data-testid="health-crc">{h.crcErrors}</dd>
        </div>
        <div className={`reading ${h.parseErrors > 0 ? 'level-warn' : ''}`}>
          <dt>Parse errors</dt>
          <dd data-testid="health-parse">{h.parseErrors}</dd>
        </div>
        <div className="reading">
          <dt>Reconnects</dt>
          <dd data-testid="health-reconnects">{h.reconnects}</dd>
        </div>
        <div className="reading">
          <dt>Traffic</dt>
          <dd>{formatBytesPerS(h.bytesPerS)}</dd>
        </div>
        <div className="reading">
          <dt>Last frame</dt>
          <dd>{h.lastFrameAgoMs === null ? '–' : `${(h.lastFrameAgoMs / 1000).toFixed(1)} s ago`}</dd>
        </div>
      </dl>
      {/* A file played back has no wire to talk to: no command sender, no terminal. */}
      {fromFile ? null : (
        <div className="form-row">
          <select value={mode} onChange={(e) => setMode(e.target.value as 'text' | 'hex')} aria-label="Command format">
            <option value="text">text</option>
            <option value="hex">hex</option>
          </select>
          <input
            value={command}
            onChange={(e) => setCommand(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && command !== '' && send()}
            placeholder={mode === 'text' ? 'e.g. ID?  START  RATE 50' : 'e.g. 00 01 ff'}
            aria-label="Command to send"
            data-testid="command-input"
          />
          <button type="button" disabled={command === ''} onClick={send} data-testid="command-send">
            Send
          </button>
          <label className="muted">
            repeat every{' '}
            <input className="narrow" inputMode="numeric" value={repeatMs || ''} onChange={(e) => setRepeatMs(Number(e.target.value) || 0)} placeholder="–" aria-label="Repeat period (ms)" /> ms
          </label>
          <button
            type="button"
            disabled={command === '' || repeatMs < 50}
            onClick={() => setRepeat((r) => (r ? undefined : { line: command, mode, everyMs: repeatMs }))}
            title="Send the command periodically (at least every 50 ms)"
            data-testid="command-repeat"
          >
            {repeat ? 'Stop repeating' : 'Repeat'}
          </button>
          <button type="button" onClick={() => setShowTerminal((s) => !s)} data-testid="terminal-toggle">
            {showTerminal ? 'Hide terminal' : 'Terminal'}
          </button>
          {lastSent ? <span className="muted">{lastSent}</span> : null}
        </div>
      )}
      {!fromFile && (showTerminal || repeat) ? <TerminalView deviceId={device.id} repeat={repeat} /> : null}
      {device.source.kind === 'simulator' ? (
        <div className="form-row" aria-label="Fault injection">
          <span className="muted">Inject fault:</span>
          {FAULTS.map(({ label, fault }) => (
            <button
              key={label}
              type="button"
              onClick={() => api.call('devices.injectFault', { deviceId: device.id, fault }).catch(report)}
              data-testid={`fault-${fault.kind}`}
            >
              {label}
            </button>
          ))}
        </div>
      ) : null}
      {device.source.kind === 'simulator' ? <ScenarioControl deviceId={device.id} onError={report} /> : null}
    </article>
  );
}

/**
 * Acts on a simulated device as a person would on the hardware: which activity the IMU wearer
 * does, which odorant the e-nose smells, where the echo target stands, how fast the clock runs.
 */
function ScenarioControl({ deviceId, onError }: { deviceId: string; onError: (e: unknown) => void }): ReactNode {
  const [line, setLine] = useState('');
  const [reply, setReply] = useState<string | undefined>();
  const apply = (): void => {
    if (line.trim() === '') return;
    api.call('devices.simulate', { deviceId, line }).then((r) => setReply(r.reply), onError);
  };
  return (
    <div className="form-row" aria-label="Simulator scenario">
      <span className="muted">Scenario:</span>
      <input
        value={line}
        onChange={(e) => setLine(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
        placeholder="e.g. SET activity walking · SET odorant limonene · SET speed 60"
        aria-label="Scenario command"
        data-testid="scenario-input"
      />
      <button type="button" disabled={line.trim() === ''} onClick={apply} data-testid="scenario-apply">
        Apply
      </button>
      {reply ? (
        <span className="muted" data-testid="scenario-reply">
          {reply}
        </span>
      ) : null}
    </div>
  );
}
