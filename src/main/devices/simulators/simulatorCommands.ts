import type { ValueFault } from './valueFaults';

/** A parsed simulator command line (the grammar is documented on `ISimulatorModel.handleCommand`). */
export type SimulatorCommand =
  | { readonly kind: 'identify' }
  | { readonly kind: 'start' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'rate-query' }
  | { readonly kind: 'rate'; readonly hz: number }
  | { readonly kind: 'set'; readonly name: string; readonly value: string }
  | { readonly kind: 'fault'; readonly fault: ValueFault }
  | { readonly kind: 'fault-clear' }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Parses one command line; never throws (a bad line is an `invalid` command with a reason). */
export function parseSimulatorCommand(line: string): SimulatorCommand {
  const words = line.trim().split(/\s+/).filter((w) => w !== '');
  const verb = (words[0] ?? '').toUpperCase();
  switch (verb) {
    case 'ID?':
    case '*IDN?':
      return { kind: 'identify' };
    case 'START':
      return { kind: 'start' };
    case 'STOP':
      return { kind: 'stop' };
    case 'RATE?':
      return { kind: 'rate-query' };
    case 'RATE': {
      const hz = Number(words[1]);
      return Number.isFinite(hz) && hz > 0 ? { kind: 'rate', hz } : { kind: 'invalid', reason: 'RATE needs a positive number of Hz' };
    }
    case 'ACT':
      return words.length === 2 ? { kind: 'set', name: 'actuator', value: words[1] } : { kind: 'invalid', reason: 'ACT needs one value' };
    case 'SET':
      return words.length === 3 ? { kind: 'set', name: words[1], value: words[2] } : { kind: 'invalid', reason: 'SET needs a name and a value' };
    case 'FAULT':
      return parseFault(words.slice(1));
    default:
      return { kind: 'invalid', reason: `unknown command "${words[0] ?? ''}"` };
  }
}

function parseFault(args: readonly string[]): SimulatorCommand {
  const what = (args[0] ?? '').toUpperCase();
  if (what === 'CLEAR') return { kind: 'fault-clear' };
  const channel = Number(args[1]);
  if (!Number.isInteger(channel) || channel < 0) return { kind: 'invalid', reason: 'FAULT needs a channel index' };
  const amount = Number(args[2]);
  switch (what) {
    case 'STUCK':
      return { kind: 'fault', fault: { kind: 'stuck', channel } };
    case 'NOISE':
      return Number.isFinite(amount) && amount > 0
        ? { kind: 'fault', fault: { kind: 'noise', channel, sd: amount } }
        : { kind: 'invalid', reason: 'FAULT NOISE needs a positive standard deviation' };
    case 'DRIFT':
      return Number.isFinite(amount)
        ? { kind: 'fault', fault: { kind: 'drift', channel, perSecond: amount } }
        : { kind: 'invalid', reason: 'FAULT DRIFT needs a rate per second' };
    default:
      return { kind: 'invalid', reason: 'FAULT takes NOISE, DRIFT, STUCK or CLEAR' };
  }
}

/** Applies a `SET` value; returns an error reason, or undefined when the value was taken. */
export type SettingHandler = (value: string) => string | undefined;

/** A numeric scenario setting accepted within [min, max]. */
export function numberSetting(min: number, max: number, apply: (value: number) => void): SettingHandler {
  return (raw) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) return `must be a number in [${min}, ${max}]`;
    apply(value);
    return undefined;
  };
}

/** A scenario setting that takes one of a fixed set of words. */
export function choiceSetting<T extends string>(choices: readonly T[], apply: (value: T) => void): SettingHandler {
  return (raw) => {
    const value = choices.find((c) => c === raw);
    if (value === undefined) return `must be one of ${choices.join(', ')}`;
    apply(value);
    return undefined;
  };
}
