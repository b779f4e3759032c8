import type { DeviceFamily } from '../../../shared/domain/deviceProfile';
import { AugmenterSimulator } from './augmenterSimulator';
import { EcholocSimulator } from './echolocSimulator';
import { EnoseSimulator } from './enoseSimulator';
import { ImuSimulator } from './imuSimulator';
import { SitsSimulator } from './sitsSimulator';

/** The simulator class of each family. */
export interface SimulatorsByFamily {
  readonly augmenter: AugmenterSimulator;
  readonly echoloc: EcholocSimulator;
  readonly imu: ImuSimulator;
  readonly enose: EnoseSimulator;
  readonly sits: SitsSimulator;
}

const FACTORIES: { readonly [F in DeviceFamily]: (seed: number) => SimulatorsByFamily[F] } = {
  augmenter: (seed) => new AugmenterSimulator({ seed }),
  echoloc: (seed) => new EcholocSimulator({ seed }),
  imu: (seed) => new ImuSimulator({ seed }),
  enose: (seed) => new EnoseSimulator({ seed }),
  sits: (seed) => new SitsSimulator({ seed }),
};

/** A family's simulator with its default scenario (what a simulated device shows when opened). */
export function createSimulator<F extends DeviceFamily>(family: F, seed = 1): SimulatorsByFamily[F] {
  return FACTORIES[family](seed);
}
