import { ContractError } from '../../shared/ipc/contractError';
import type { deviceMethods } from '../../shared/ipc/domains/devices';
import type { MethodHandlersFor } from '../ipc/dispatcher';
import { type DeviceManager, toEntry } from './deviceManager';
import { sniffPort } from './serial/sniffPort';
import { hexToBytes } from './sources/deviceCommands';

/** The `devices.*` part of the dispatch table. */
export function deviceMethodHandlers(devices: DeviceManager): MethodHandlersFor<keyof typeof deviceMethods> {
  return {
    'devices.list': () => devices.list(),
    'devices.available': () => devices.available(),
    'devices.connect': (spec) => devices.connect(spec),
    'devices.disconnect': async ({ deviceId }) => {
      await devices.disconnect(deviceId);
      return {};
    },
    'devices.sendCommand': async ({ deviceId, text, hex }) => {
      const source = devices.source(deviceId);
      if (text !== undefined && hex === undefined) return { bytesSent: await source.sendTyped(text) };
      if (hex !== undefined && text === undefined) return { bytesSent: await source.sendBytes(hexToBytes(hex)) };
      throw new ContractError({ code: 'invalid-input', message: 'Give either text or hex, not both or neither.' });
    },
    'devices.sniff': async ({ path, baudRate }) => sniffPort(path, baudRate, await devices.profiles.usable()),
    'devices.simulate': ({ deviceId, line }) => ({ reply: devices.source(deviceId).simulate(line) }),
    'devices.injectFault': ({ deviceId, fault }) => {
      devices.source(deviceId).injectFault(fault);
      return {};
    },
    'devices.profiles': () => devices.listProfiles(),
    'devices.profileText': async ({ id }) => ({ text: await devices.profiles.text(id) }),
    'devices.copyProfile': async ({ id }) => toEntry(await devices.profiles.copy(id)),
    'devices.saveProfile': async ({ id, text }) => {
      const result = await devices.profiles.save(id, text);
      return result.ok ? { ok: true, entry: toEntry(result.entry) } : { ok: false, issues: [...result.issues] };
    },
    'devices.resetProfile': async ({ id }) => toEntry(await devices.profiles.reset(id)),
    'devices.deleteProfile': async ({ id }) => {
      await devices.profiles.remove(id);
      return {};
    },
  };
}
