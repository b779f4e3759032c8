import { type FrameBatch, FrameBatchBuilder } from '../../../shared/domain/frameBatch';
import type { ISimulatorModel } from './ISimulatorModel';

/** A run of simulated frames as the pipeline sees them, with the ground truth of each frame. */
export interface SimulatedBatch<TTruth> {
  readonly batch: FrameBatch;
  readonly truth: readonly TTruth[];
}

/**
 * Steps `model` `frameCount` times into one FrameBatch (device time = simulated time; host time
 * = `hostStartMs` + simulated time, as if received the moment it was produced).
 */
export function simulateBatch<TTruth>(
  model: ISimulatorModel<TTruth>,
  deviceId: string,
  frameCount: number,
  hostStartMs = 0,
): SimulatedBatch<TTruth> {
  const builder = new FrameBatchBuilder(deviceId, model.valuesPerFrame, frameCount);
  const truth: TTruth[] = [];
  for (let i = 0; i < frameCount; i++) {
    const frame = model.step();
    builder.push(frame.seq, frame.timeS, hostStartMs + frame.timeS * 1000, frame.values);
    truth.push(frame.truth);
  }
  return { batch: builder.take(), truth };
}
