import type { PlannedRead } from './readPlan';

/** Why one read request produced no values. */
export type ModbusFailureKind = 'timeout' | 'exception' | 'crc' | 'not-open' | 'invalid-response';

/** A failed read, counted by the poller and worded for the operator. */
export interface ModbusRequestFailure {
  readonly kind: ModbusFailureKind;
  /** The Modbus exception code (1 illegal function, 2 illegal data address, …) for `exception`. */
  readonly exceptionCode?: number;
  readonly message: string;
}

const EXCEPTION_NAMES: Readonly<Record<number, string>> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'device failure',
  5: 'acknowledge',
  6: 'device busy',
  8: 'memory parity error',
  10: 'gateway path unavailable',
  11: 'gateway target did not respond',
};

/** "holding registers 0–11" */
export function describeRead(read: PlannedRead): string {
  const table = read.functionCode === 3 ? 'holding' : 'input';
  const last = read.address + read.count - 1;
  return read.count === 1 ? `${table} register ${read.address}` : `${table} registers ${read.address}–${last}`;
}

/** Sorts an error from modbus-serial into what went wrong, and says what to check. */
export function classifyModbusError(error: unknown, read: PlannedRead, unitId: number, timeoutMs: number): ModbusRequestFailure {
  const what = describeRead(read);
  const fields = typeof error === 'object' && error !== null ? error : {};
  const text = 'message' in fields && typeof fields.message === 'string' ? fields.message : String(error);
  if ('modbusCode' in fields && typeof fields.modbusCode === 'number') {
    const code = fields.modbusCode;
    return {
      kind: 'exception',
      exceptionCode: code,
      message: `Unit ${unitId} refused ${what}: exception ${code} (${EXCEPTION_NAMES[code] ?? 'unknown'}) — check the register map`,
    };
  }
  if ('errno' in fields && fields.errno === 'ETIMEDOUT') {
    return {
      kind: 'timeout',
      message: `No answer from unit ${unitId} for ${what} within ${timeoutMs} ms — check power, wiring, baud rate and unit id`,
    };
  }
  if (text === 'CRC error') {
    return { kind: 'crc', message: `Corrupted answer (CRC) from unit ${unitId} for ${what} — check wiring, termination and baud rate` };
  }
  if ('errno' in fields && fields.errno === 'ECONNREFUSED') {
    return { kind: 'not-open', message: `The port closed before ${what} could be read` };
  }
  return { kind: 'invalid-response', message: `Unexpected answer from unit ${unitId} for ${what}: ${text}` };
}
