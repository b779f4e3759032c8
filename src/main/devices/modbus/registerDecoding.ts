import { registerWidth, type ModbusRegister } from './registerMap';

const scratch = new DataView(new ArrayBuffer(4));

/**
 * The raw value of `register` from `words` (16-bit registers as received), starting at
 * `index`. Modbus sends each register big-endian; only the order of the two registers of a
 * 32-bit value varies between devices.
 */
export function decodeRawValue(words: ArrayLike<number>, index: number, register: Pick<ModbusRegister, 'type' | 'wordOrder'>): number {
  if (registerWidth(register.type) === 1) {
    scratch.setUint16(0, words[index]);
  } else {
    const [high, low] = register.wordOrder === 'big' ? [words[index], words[index + 1]] : [words[index + 1], words[index]];
    scratch.setUint16(0, high);
    scratch.setUint16(2, low);
  }
  switch (register.type) {
    case 'u16':
      return scratch.getUint16(0);
    case 'i16':
      return scratch.getInt16(0);
    case 'u32':
      return scratch.getUint32(0);
    case 'i32':
      return scratch.getInt32(0);
    case 'f32':
      return scratch.getFloat32(0);
  }
}

/** The channel value in engineering units: raw × scale + offset. */
export function decodeRegisterValue(words: ArrayLike<number>, index: number, register: ModbusRegister): number {
  return decodeRawValue(words, index, register) * register.scale + register.offset;
}

/**
 * The registers a device holds for a raw value (the inverse of `decodeRawValue`): big-endian
 * registers, the two words of a 32-bit value in `order`. Used by the simulated Modbus device.
 */
export function encodeRawValue(type: ModbusRegister['type'], value: number, order: ModbusRegister['wordOrder']): number[] {
  const view = new DataView(new ArrayBuffer(4));
  switch (type) {
    case 'u16':
      view.setUint16(0, value);
      return [view.getUint16(0)];
    case 'i16':
      view.setInt16(0, value);
      return [view.getUint16(0)];
    case 'u32':
      view.setUint32(0, value);
      break;
    case 'i32':
      view.setInt32(0, value);
      break;
    case 'f32':
      view.setFloat32(0, value);
      break;
  }
  const words = [view.getUint16(0), view.getUint16(2)];
  return order === 'big' ? words : words.reverse();
}
