import { MAX_REGISTERS_PER_READ, registerWidth, type ModbusRegister, type ReadFunctionCode } from './registerMap';

/** A channel served by a read: where its registers start within the response. */
export interface PlannedField {
  /** Column of the channel in the frame (its index in the register map). */
  readonly channelIndex: number;
  /** Offset in registers from the read's first address. */
  readonly wordOffset: number;
  readonly register: ModbusRegister;
}

/** One Modbus read request and the channels it fills. */
export interface PlannedRead {
  readonly functionCode: ReadFunctionCode;
  readonly address: number;
  readonly count: number;
  readonly fields: readonly PlannedField[];
}

/**
 * Groups the map into as few reads as possible: per function code, registers sorted by
 * address are merged while the span stays within 125 registers and the hole between
 * neighbours is at most `maxGapRegisters`. Overlapping registers share a read.
 */
export function planReads(registers: readonly ModbusRegister[], maxGapRegisters = 0): PlannedRead[] {
  const sorted = registers
    .map((register, channelIndex) => ({ register, channelIndex }))
    .sort((a, b) => a.register.functionCode - b.register.functionCode || a.register.address - b.register.address);
  const reads: { functionCode: ReadFunctionCode; address: number; end: number; members: typeof sorted }[] = [];
  for (const entry of sorted) {
    const { functionCode, address } = entry.register;
    const end = address + registerWidth(entry.register.type);
    const current = reads.at(-1);
    const fits =
      current !== undefined &&
      current.functionCode === functionCode &&
      address - current.end <= maxGapRegisters &&
      Math.max(current.end, end) - current.address <= MAX_REGISTERS_PER_READ;
    if (fits) {
      current.end = Math.max(current.end, end);
      current.members.push(entry);
    } else {
      reads.push({ functionCode, address, end, members: [entry] });
    }
  }
  return reads.map((read) => ({
    functionCode: read.functionCode,
    address: read.address,
    count: read.end - read.address,
    fields: read.members.map(({ register, channelIndex }) => ({ channelIndex, wordOffset: register.address - read.address, register })),
  }));
}
