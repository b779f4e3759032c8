import { describe, expect, it } from 'vitest';
import { choiceSetting, numberSetting, parseSimulatorCommand } from './simulatorCommands';

describe('parseSimulatorCommand', () => {
  it.each([
    ['ID?', { kind: 'identify' }],
    ['*idn?', { kind: 'identify' }],
    ['  RATE 50 ', { kind: 'rate', hz: 50 }],
    ['ACT -0.25', { kind: 'set', name: 'actuator', value: '-0.25' }],
    ['SET x 0.3', { kind: 'set', name: 'x', value: '0.3' }],
    ['FAULT DRIFT 2 -0.01', { kind: 'fault', fault: { kind: 'drift', channel: 2, perSecond: -0.01 } }],
    ['FAULT noise 1 0.2', { kind: 'fault', fault: { kind: 'noise', channel: 1, sd: 0.2 } }],
    ['FAULT NOISE 1 0', { kind: 'invalid', reason: 'FAULT NOISE needs a positive standard deviation' }],
    ['FAULT STUCK -1', { kind: 'invalid', reason: 'FAULT needs a channel index' }],
    ['SET x', { kind: 'invalid', reason: 'SET needs a name and a value' }],
    ['', { kind: 'invalid', reason: 'unknown command ""' }],
  ])('%j', (line, expected) => {
    expect(parseSimulatorCommand(line)).toEqual(expected);
  });
});

describe('settings', () => {
  it('number settings take only finite numbers in range', () => {
    const taken: number[] = [];
    const setting = numberSetting(0, 10, (v) => taken.push(v));
    expect(setting('5')).toBeUndefined();
    expect(setting('11')).toBe('must be a number in [0, 10]');
    expect(setting('NaN')).toBe('must be a number in [0, 10]');
    expect(taken).toEqual([5]);
  });

  it('choice settings take only listed words', () => {
    const taken: string[] = [];
    const setting = choiceSetting(['a', 'b'], (v) => taken.push(v));
    expect(setting('b')).toBeUndefined();
    expect(setting('c')).toBe('must be one of a, b');
    expect(taken).toEqual(['b']);
  });
});
