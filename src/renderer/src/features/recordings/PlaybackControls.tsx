import { useState, type ReactNode } from 'react';
import type { DeviceInfo } from '../../../../shared/ipc/domains/devices';
import type { PlaybackControl, PlaybackSpeed } from '../../../../shared/ipc/domains/playback';
import { api } from '../../bridge/api';
import { messageOf } from '../../bridge/messageOf';

const SPEEDS: readonly PlaybackSpeed[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 'max'];

/** A control request without its device (distributes over the actions). */
type WithoutDevice<C> = C extends PlaybackControl ? Omit<C, 'deviceId'> : never;
type Command = WithoutDevice<PlaybackControl>;

/** Speed and loop a played-back device was opened with (a dataset loops unless told otherwise). */
function transportOf(source: DeviceInfo['source']): { speed: PlaybackSpeed; loop: boolean } | undefined {
  if (source.kind === 'playback') return { speed: source.speed ?? 1, loop: source.loop === true };
  if (source.kind === 'dataset') return { speed: source.speed ?? 1, loop: source.loop ?? true };
  return undefined;
}

/** Transport controls of the open playback and dataset devices (their position is in each device's health detail). */
export function PlaybackControls({ devices, onError }: { readonly devices: readonly DeviceInfo[]; readonly onError: (message: string) => void }): ReactNode {
  const playing = devices.filter((d) => transportOf(d.source) !== undefined);
  if (playing.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="playback-title" data-testid="playback-panel">
      <header className="panel-header">
        <h2 id="playback-title">Playback</h2>
      </header>
      {playing.map((d) => (
        <PlaybackRow key={d.id} device={d} onError={onError} />
      ))}
    </section>
  );
}

function PlaybackRow({ device, onError }: { readonly device: DeviceInfo; readonly onError: (message: string) => void }): ReactNode {
  const [seekS, setSeekS] = useState('0');
  const transport = transportOf(device.source);
  const [speed, setSpeed] = useState<PlaybackSpeed>(transport?.speed ?? 1);
  const send = (command: Command): void => {
    api.call('playback.control', { ...command, deviceId: device.id }).catch((e: unknown) => onError(messageOf(e)));
  };
  return (
    <div className="form-row" data-testid={`playback-${device.id}`}>
      <strong>{device.name}</strong>
      <button type="button" onClick={() => send({ action: 'play' })} data-testid="playback-play">
        ▶ Play
      </button>
      <button type="button" onClick={() => send({ action: 'pause' })} data-testid="playback-pause">
        ❚❚ Pause
      </button>
      <button type="button" onClick={() => send({ action: 'step' })} title="Pause and play one frame" data-testid="playback-step">
        Step
      </button>
      <label>
        Speed
        <select
          value={String(speed)}
          onChange={(e) => {
            const next: PlaybackSpeed = e.target.value === 'max' ? 'max' : Number(e.target.value);
            setSpeed(next);
            send({ action: 'speed', value: next });
          }}
          data-testid="playback-speed"
        >
          {SPEEDS.map((s) => (
            <option key={String(s)} value={String(s)}>
              {s === 'max' ? 'as fast as possible' : `${s}×`}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" defaultChecked={transport?.loop === true} onChange={(e) => send({ action: 'loop', value: e.target.checked })} /> Loop
      </label>
      <label>
        Seek to (s) <input type="number" min={0} step="any" value={seekS} onChange={(e) => setSeekS(e.target.value)} data-testid="playback-seek-to" />
      </label>
      <button type="button" onClick={() => send({ action: 'seek', value: Math.max(0, Number(seekS) || 0) })} data-testid="playback-seek">
        Seek
      </button>
      <span className="muted" data-testid="playback-detail">
        {device.health.stateDetail}
      </span>
    </div>
  );
}
