/**
 * The device command set, independent of dialect. The text dialect (`textCommandDialect.ts`) and
 * the binary dialect (`binaryCommandDialect.ts`) are two spellings of these same commands and
 * responses, so the rest of the console never needs to know which one a device speaks.
 */

/** A command from the console to a device. */
export type DeviceCommand =
  | { readonly kind: 'identify' }
  | { readonly kind: 'start' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'setRate'; readonly hz: number }
  | { readonly kind: 'ping' }
  | { readonly kind: 'actuate'; readonly value: number };

/** The kinds of command, e.g. to say which command a binary response answers. */
export type CommandKind = DeviceCommand['kind'];

/** A device's answer to a command. */
export type DeviceResponse =
  | { readonly kind: 'ok' }
  | { readonly kind: 'pong' }
  /** The identify answer, e.g. `SC-IMU,fw=1.2.0,sn=000123` (see `parseDeviceIdentity`). */
  | { readonly kind: 'identity'; readonly id: string }
  | { readonly kind: 'error'; readonly reason: string };

/** Result of parsing a command on the device side: the command, or why it was refused. */
export type CommandParseResult =
  | { readonly ok: true; readonly command: DeviceCommand }
  | { readonly ok: false; readonly reason: string };

/**
 * Binary opcodes; the text dialect uses words instead. Values are wire format: never renumber.
 */
export const COMMAND_OPCODES = {
  identify: 1,
  start: 2,
  stop: 3,
  setRate: 4,
  ping: 5,
  actuate: 6,
} as const satisfies Record<CommandKind, number>;

/** The numeric argument a command carries on the wire (0 for commands without one). */
export function commandArgument(command: DeviceCommand): number {
  switch (command.kind) {
    case 'setRate':
      return command.hz;
    case 'actuate':
      return command.value;
    case 'identify':
    case 'start':
    case 'stop':
    case 'ping':
      return 0;
  }
}

/**
 * Builds a command from its kind and wire argument, refusing arguments no device should act on
 * (a rate must be a positive finite number, an actuator value finite).
 */
export function commandFromWire(kind: CommandKind, argument: number): CommandParseResult {
  switch (kind) {
    case 'setRate':
      return Number.isFinite(argument) && argument > 0
        ? { ok: true, command: { kind, hz: argument } }
        : { ok: false, reason: 'rate must be a positive number of Hz' };
    case 'actuate':
      return Number.isFinite(argument)
        ? { ok: true, command: { kind, value: argument } }
        : { ok: false, reason: 'actuator value must be a finite number' };
    case 'identify':
    case 'start':
    case 'stop':
    case 'ping':
      return { ok: true, command: { kind } };
  }
}
