import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import { encodeBinaryResponse } from '../codecs/binaryCommandDialect';
import { encodeDataFrame, type DataSampleType } from '../codecs/binaryFrameCodec';
import type { DeviceCommand, DeviceResponse } from '../codecs/commands';
import type { CommandDialect } from '../codecs/deviceCommandReader';
import { encodeTextResponse } from '../codecs/textCommandDialect';
import type { SimulatorFrame } from '../simulators/ISimulatorModel';

const utf8 = new TextEncoder();

/** Integer ranges of the binary sample types a simulated device may send. */
const INTEGER_LIMITS: Readonly<Record<Exclude<DataSampleType, 'f32'>, readonly [number, number]>> = {
  u16: [0, 65_535],
  i16: [-32_768, 32_767],
  i32: [-2_147_483_648, 2_147_483_647],
};

/** Which command dialect a device with this profile speaks (JSON-line devices take text commands). */
export function commandDialectOf(profile: DeviceProfile): CommandDialect {
  return profile.protocol.kind === 'binary' ? 'binary' : 'text';
}

/**
 * How a simulated device puts its frames on the wire, exactly as firmware following
 * docs/protocol.md would: binary frames with seq and device time, or Serial Plotter text lines.
 */
export interface FrameWireFormat {
  /** Bytes a device prints once when it starts streaming (a CSV header), or none. */
  readonly preamble: Uint8Array;
  encode(frame: SimulatorFrame<unknown>): Uint8Array;
}

export function frameWireFormat(profile: DeviceProfile): FrameWireFormat {
  const protocol = profile.protocol;
  const names = profile.channels.map((c) => c.name);
  switch (protocol.kind) {
    case 'binary': {
      const sampleType = protocol.sampleType as DataSampleType;
      const toRaw = rawConverter(sampleType, protocol.scale, protocol.offset);
      return {
        preamble: new Uint8Array(0),
        encode: (frame) =>
          encodeDataFrame({
            seq: frame.seq >>> 0,
            deviceTimeUs: Math.round(frame.timeS * 1e6),
            sampleType,
            values: toRaw(frame.values),
          }),
      };
    }
    case 'text': {
      const separator = SEPARATORS[protocol.separators[0]];
      const time = protocol.timeColumn;
      const timeValue = (frame: SimulatorFrame<unknown>): string =>
        time ? String(Math.round(frame.timeS * TIME_SCALE[time.unit])) : '';
      if (protocol.labelled) {
        return {
          preamble: new Uint8Array(0),
          encode: (frame) => {
            const parts = names.map((n, i) => `${n}:${formatValue(frame.values[i])}`);
            if (time) parts.unshift(`${time.name}:${timeValue(frame)}`);
            return utf8.encode(parts.join(separator) + '\r\n');
          },
        };
      }
      const header = protocol.headerExpected ? [...(time ? [time.name] : []), ...names].join(separator) + '\r\n' : '';
      return {
        preamble: utf8.encode(header),
        encode: (frame) => {
          const parts = Array.from(frame.values, formatValue);
          if (time) parts.unshift(timeValue(frame));
          return utf8.encode(parts.join(separator) + '\r\n');
        },
      };
    }
    case 'json':
      return {
        preamble: new Uint8Array(0),
        encode: (frame) => {
          const ch = Object.fromEntries(names.map((n, i) => [n, frame.values[i]]));
          return utf8.encode(JSON.stringify({ t: Math.round(frame.timeS * 1000), seq: frame.seq, ch }) + '\n');
        },
      };
    case 'modbus-rtu':
    case 'dataset':
      throw new Error(`a ${protocol.kind} device does not stream frames`);
  }
}

const SEPARATORS = { comma: ',', space: ' ', tab: '\t', semicolon: ';' } as const;
const TIME_SCALE = { s: 1, ms: 1e3, us: 1e6 } as const;

/** Arduino sketches print with a fixed number of decimals; 4 keeps sensor precision and lines short. */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return v.toFixed(4);
}

/** Physical value → raw sample, as an ADC would deliver it (rounded and clamped to the type). */
function rawConverter(sampleType: DataSampleType, scale: number, offset: number): (values: Float32Array) => ArrayLike<number> {
  if (sampleType === 'f32') return (values) => values;
  const [lo, hi] = INTEGER_LIMITS[sampleType];
  return (values) => Array.from(values, (v) => Math.min(hi, Math.max(lo, Math.round((v - offset) / scale))));
}

/** The simulator's text command for a console command (the model speaks its own line grammar). */
export function simulatorCommandLine(command: DeviceCommand): string | undefined {
  switch (command.kind) {
    case 'identify':
      return 'ID?';
    case 'start':
      return 'START';
    case 'stop':
      return 'STOP';
    case 'setRate':
      return `RATE ${command.hz}`;
    case 'actuate':
      return `ACT ${command.value}`;
    case 'ping':
      return undefined;
  }
}

/** Turns the model's reply line into the protocol's response. */
export function responseFor(command: DeviceCommand, reply: string | undefined): DeviceResponse {
  if (command.kind === 'ping') return { kind: 'pong' };
  if (reply === undefined) return { kind: 'ok' };
  if (reply.startsWith('ERR')) return { kind: 'error', reason: reply.slice(3).trim() || 'refused' };
  if (command.kind === 'identify') return { kind: 'identity', id: reply };
  return { kind: 'ok' };
}

export function encodeResponse(dialect: CommandDialect, response: DeviceResponse, command: DeviceCommand, seq: number): Uint8Array {
  return dialect === 'binary' ? encodeBinaryResponse(response, { command: command.kind, seq }) : encodeTextResponse(response);
}
