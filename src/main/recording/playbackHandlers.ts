import { ContractError } from '../../shared/ipc/contractError';
import type { PlaybackControl, PlaybackStatus, playbackMethods } from '../../shared/ipc/domains/playback';
import type { DeviceManager } from '../devices/deviceManager';
import type { MethodHandlersFor } from '../ipc/dispatcher';
import { PlaybackSource } from './playbackSource';

/** The `playback.*` part of the dispatch table: transport control of playback devices. */
export function playbackMethodHandlers(devices: DeviceManager): MethodHandlersFor<keyof typeof playbackMethods> {
  const playback = (deviceId: string): PlaybackSource => {
    const source = devices.source(deviceId);
    if (!(source instanceof PlaybackSource)) throw new ContractError({ code: 'invalid-input', message: `${source.info().name} is a live device, not a recording played back.` });
    return source;
  };
  return {
    'playback.control': (request) => control(playback(request.deviceId), request),
    'playback.status': ({ deviceId }) => playback(deviceId).status(),
  };
}

async function control(source: PlaybackSource, request: PlaybackControl): Promise<PlaybackStatus> {
  switch (request.action) {
    case 'play':
      source.play();
      break;
    case 'pause':
      source.pause();
      break;
    case 'step':
      await source.step();
      break;
    case 'seek':
      await source.seek(request.value);
      break;
    case 'speed':
      source.setSpeed(request.value);
      break;
    case 'loop':
      source.setLoop(request.value);
      break;
  }
  return source.status();
}
