import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { ISimulatorModel } from '../simulators/ISimulatorModel';
import { createSimulator } from '../simulators/simulatorFactory';
import type { ISimulatedWireDevice } from './ISimulatedWireDevice';
import { SimulatedDevice } from './simulatedDevice';
import { SimulatedModbusDevice } from './simulatedModbusDevice';

/**
 * What the demo devices do when opened: something worth watching (a person walking and running,
 * odours coming and going, a moving target, a controller exercising the actuator) rather than the
 * simulators' quiet defaults, which stay as they are for calibration and tests.
 */
const DEMO_SCENARIOS: Readonly<Record<DeviceProfile['family'], readonly string[]>> = {
  imu: ['SET schedule mixed'],
  enose: ['SET schedule cycle'],
  echoloc: ['SET motion wander'],
  // Manual: the actuator moves only when the console commands it (an armed model, the command line).
  augmenter: [],
  sits: [],
};

/** A family's simulator for a given seed, set to its demo scenario. */
export function createDemoModel(profile: DeviceProfile, seed: number): ISimulatorModel {
  const model = createSimulator(profile.family, seed);
  for (const line of DEMO_SCENARIOS[profile.family]) {
    const reply = model.handleCommand(line);
    if (reply.startsWith('ERR')) throw new Error(`demo scenario "${line}" refused by the ${profile.family} simulator: ${reply}`);
  }
  return model;
}

/** The simulated device behind a port for a profile: streaming firmware, or a Modbus RTU slave. */
export function createWireDevice(profile: DeviceProfile, seed: number): ISimulatedWireDevice {
  const model = createDemoModel(profile, seed);
  return profile.protocol.kind === 'modbus-rtu' ? new SimulatedModbusDevice(profile, model, seed) : new SimulatedDevice(profile, model, seed);
}
