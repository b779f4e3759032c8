import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { FrameBatch } from '../../../shared/domain/frameBatch';
import type { DeviceState } from '../../../shared/ipc/domains/devices';
import { findShippedProfile } from '../../devices/profiles/shippedProfiles';
import type { ISimulatorModel } from '../../devices/simulators/ISimulatorModel';
import { simulateBatch } from '../../devices/simulators/simulateBatch';
import type { CalibrationDevice } from '../engine/wizardRun';
import { deviceKeyOf } from '../profiles/deviceKey';

/**
 * A simulator model as a calibration device, stepped in simulated time by the test: the wizard
 * gets exactly the batches the device source would deliver, without ports or wall-clock waits.
 * The connection state is the one thing a test sets by hand (there is no link to unplug here).
 */
export class SimulatorFeed<TTruth> implements CalibrationDevice {
  readonly id = 'sim-test-1';
  readonly name: string;
  readonly profile: DeviceProfile;
  readonly model: ISimulatorModel<TTruth>;
  state: DeviceState = 'open';
  /** Who the device is; null plays a device that never reported its serial number. */
  deviceKey: string | null;
  readonly #listeners = new Set<(batch: FrameBatch) => void>();
  /** Ground truth of every frame delivered so far. */
  readonly truth: TTruth[] = [];

  constructor(profileId: string, model: ISimulatorModel<TTruth>) {
    const profile = findShippedProfile(profileId);
    if (profile === undefined) throw new Error(`no shipped profile ${profileId}`);
    this.profile = profile;
    this.model = model;
    this.name = `${profile.displayName} (simulated)`;
    this.deviceKey = deviceKeyOf(model.identity);
  }

  status(): { state: DeviceState; detail: string; deviceKey: string | null } {
    return { state: this.state, detail: this.state === 'open' ? 'Streaming.' : 'Port disappeared — retrying every 2 s.', deviceKey: this.deviceKey };
  }

  subscribe(listener: (batch: FrameBatch) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Sends a command line to the model as the operator would (SET …); throws on ERR. */
  command(line: string): void {
    const reply = this.model.handleCommand(line);
    if (reply.startsWith('ERR')) throw new Error(`${line}: ${reply}`);
  }

  /** Steps the model `seconds` of simulated time and delivers the frames in batches of `batchFrames`. */
  run(seconds: number, batchFrames = 10): void {
    let left = Math.round(seconds * this.model.rateHz);
    while (left > 0) {
      const n = Math.min(batchFrames, left);
      const { batch, truth } = simulateBatch(this.model, this.id, n);
      this.truth.push(...truth);
      for (const l of this.#listeners) l(batch);
      left -= n;
    }
  }

  /** Steps the model without delivering (the device kept running while the link was down). */
  skip(seconds: number): void {
    for (let i = Math.round(seconds * this.model.rateHz); i > 0; i--) this.model.step();
  }
}
