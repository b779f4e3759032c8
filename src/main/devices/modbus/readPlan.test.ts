import { describe, expect, it } from 'vitest';
import { planReads } from './readPlan';
import { modbusRegisterMapSchema, modbusRegisterSchema, type ModbusRegisterInput } from './registerMap';

const registers = (inputs: ModbusRegisterInput[]) => inputs.map((input) => modbusRegisterSchema.parse(input));
const shape = (inputs: ModbusRegisterInput[], maxGap = 0) =>
  planReads(registers(inputs), maxGap).map((read) => [read.functionCode, read.address, read.count]);

describe('planReads', () => {
  it('merges adjacent registers of one table and keeps tables apart', () => {
    expect(
      shape([
        { channel: 'a', address: 2, type: 'f32' },
        { channel: 'b', address: 0 },
        { channel: 'c', address: 1, type: 'i16' },
        { channel: 'd', address: 0, functionCode: 4 },
      ]),
    ).toEqual([
      [3, 0, 4],
      [4, 0, 1],
    ]);
  });

  it('bridges gaps only up to maxGapRegisters', () => {
    const map = [
      { channel: 'a', address: 0 },
      { channel: 'b', address: 3 },
    ];
    expect(shape(map, 0)).toEqual([
      [3, 0, 1],
      [3, 3, 1],
    ]);
    expect(shape(map, 2)).toEqual([[3, 0, 4]]);
  });

  it('never asks for more than 125 registers at once', () => {
    expect(
      shape([
        { channel: 'a', address: 0 },
        { channel: 'b', address: 124 },
        { channel: 'c', address: 125 },
      ], 200),
    ).toEqual([
      [3, 0, 125],
      [3, 125, 1],
    ]);
  });

  it('lets overlapping channels share a read and remembers where each sits', () => {
    const [read] = planReads(registers([
      { channel: 'whole', address: 10, type: 'u32' },
      { channel: 'low', address: 11 },
    ]));
    expect(read).toMatchObject({ address: 10, count: 2 });
    expect(read?.fields.map((field) => [field.channelIndex, field.wordOffset])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});

describe('modbusRegisterMapSchema', () => {
  it('fills defaults', () => {
    expect(modbusRegisterMapSchema.parse({ registers: [{ channel: 'a', address: 0 }] })).toEqual({
      unitId: 1,
      maxGapRegisters: 0,
      registers: [{ channel: 'a', address: 0, functionCode: 3, type: 'u16', wordOrder: 'big', scale: 1, offset: 0 }],
    });
  });

  it('rejects duplicate channels and values running past the last register', () => {
    const result = modbusRegisterMapSchema.safeParse({
      registers: [
        { channel: 'a', address: 0 },
        { channel: 'a', address: 65535, type: 'f32' },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'Channel "a" is mapped twice',
      'A f32 at 65535 runs past the last register',
    ]);
  });
});
