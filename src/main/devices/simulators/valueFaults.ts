import type { Prng } from './prng';

/** A value-level fault on one channel, as a technician would inject it to test detection. */
export type ValueFault =
  | { readonly kind: 'noise'; readonly channel: number; readonly sd: number }
  | { readonly kind: 'drift'; readonly channel: number; readonly perSecond: number }
  | { readonly kind: 'stuck'; readonly channel: number };

interface ActiveFault {
  readonly fault: ValueFault;
  /** Simulated time of the first frame the fault touched (drift grows from there). */
  startS: number | undefined;
  /** For `stuck`: the channel's values in the first frame, repeated ever after. */
  held: Float32Array | undefined;
}

/**
 * Applies injected faults (extra noise, bias drift, stuck channel) to a frame's values in place.
 * Works for flat frames and for waveform/tensor frames alike through a map from each value's
 * index to the channel it belongs to.
 */
export class ValueFaults {
  readonly #valueChannel: Int32Array;
  readonly #rng: Prng;
  readonly #active: ActiveFault[] = [];

  /** `valueChannel[i]` is the channel of value `i` in a frame, or -1 when faults never touch it. */
  constructor(valueChannel: Int32Array, rng: Prng) {
    this.#valueChannel = valueChannel;
    this.#rng = rng;
  }

  get active(): readonly ValueFault[] {
    return this.#active.map((a) => a.fault);
  }

  /** Adds a fault; a later fault of the same kind on the same channel replaces the earlier one. */
  inject(fault: ValueFault): void {
    const i = this.#active.findIndex((a) => a.fault.kind === fault.kind && a.fault.channel === fault.channel);
    const entry: ActiveFault = { fault, startS: undefined, held: undefined };
    if (i >= 0) this.#active[i] = entry;
    else this.#active.push(entry);
  }

  clear(): void {
    this.#active.length = 0;
  }

  /** Applies every active fault to `values`, a frame at simulated time `timeS`. */
  apply(values: Float32Array, timeS: number): void {
    for (const entry of this.#active) {
      entry.startS ??= timeS;
      const { fault } = entry;
      switch (fault.kind) {
        case 'noise':
          this.#forChannel(fault.channel, (i) => {
            values[i] += this.#rng.gaussian(0, fault.sd);
          });
          break;
        case 'drift': {
          const bias = fault.perSecond * (timeS - entry.startS);
          this.#forChannel(fault.channel, (i) => {
            values[i] += bias;
          });
          break;
        }
        case 'stuck': {
          entry.held ??= values.slice();
          const held = entry.held;
          this.#forChannel(fault.channel, (i) => {
            values[i] = held[i];
          });
          break;
        }
      }
    }
  }

  #forChannel(channel: number, visit: (valueIndex: number) => void): void {
    const map = this.#valueChannel;
    for (let i = 0; i < map.length; i++) if (map[i] === channel) visit(i);
  }
}
