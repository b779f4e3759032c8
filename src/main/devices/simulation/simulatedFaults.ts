import { ContractError } from '../../../shared/ipc/contractError';
import type { Fault } from '../../../shared/ipc/domains/devices';
import type { ISimulatedWireDevice } from './ISimulatedWireDevice';

/**
 * Injects a fault into a simulated device, whichever way it is wired: byte faults act on its wire
 * output, value faults go to the simulator as `FAULT …` commands, and a disconnect pulls whatever
 * cable joins it to the console (`unplug`: the in-process link, or the pty pair).
 */
export function applySimulatedFault(fault: Fault, device: ISimulatedWireDevice, unplug: (durationMs: number) => void): void {
  const command = (line: string): void => {
    const reply = device.model.handleCommand(line);
    if (reply.startsWith('ERR')) throw new ContractError({ code: 'invalid-input', message: `The simulator refused "${line}": ${reply.slice(3).trim()}` });
  };
  switch (fault.kind) {
    case 'corrupt-crc':
      return device.faults.corruptFrames(fault.count);
    case 'garbage':
      return device.faults.injectGarbage(fault.bytes);
    case 'drop-bytes':
      return device.faults.dropBytes(fault.bytes);
    case 'disconnect':
      return unplug(fault.durationMs);
    case 'noise':
      return command(`FAULT NOISE ${fault.channel} ${fault.amount}`);
    case 'stuck':
      return command(`FAULT STUCK ${fault.channel}`);
    case 'clear':
      device.faults.clear();
      return command('FAULT CLEAR');
  }
}
