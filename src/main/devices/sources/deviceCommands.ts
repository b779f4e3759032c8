import { encodeBinaryCommand } from '../codecs/binaryCommandDialect';
import type { DeviceCommand } from '../codecs/commands';
import type { CommandDialect } from '../codecs/deviceCommandReader';
import { encodeTextCommand, parseTextCommand } from '../codecs/textCommandDialect';

/** Encodes console → device commands in a device's dialect, numbering binary commands. */
export class DeviceCommandEncoder {
  readonly dialect: CommandDialect;
  #seq = 1;

  constructor(dialect: CommandDialect) {
    this.dialect = dialect;
  }

  encode(command: DeviceCommand): Uint8Array {
    return this.dialect === 'binary' ? encodeBinaryCommand(command, this.#seq++) : encodeTextCommand(command);
  }

  /**
   * The bytes for a line an operator typed. Text devices get the line as typed (any firmware
   * command, not only ours); binary devices need one of the protocol's commands.
   */
  encodeTyped(line: string): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
    if (this.dialect === 'text') return { ok: true, bytes: new TextEncoder().encode(line.replace(/[\r\n]+$/, '') + '\n') };
    const parsed = parseTextCommand(line);
    return parsed.ok ? { ok: true, bytes: this.encode(parsed.command) } : { ok: false, reason: parsed.reason };
  }
}

/** Parses "01 ff 7e" into bytes (the schema already checked the digits). */
export function hexToBytes(hex: string): Uint8Array {
  const digits = hex.replace(/\s+/g, '');
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return out;
}
