import { z } from 'zod';

/**
 * Device profiles: what the console knows about a kind of device before it opens the port —
 * how to talk to it (serial settings, wire protocol), how to recognise it (identify command and
 * reply pattern), what its channels mean (units, valid ranges, groups for plots), and which model
 * families can consume its data. Profiles are JSON files (shipped ones and users' own), so the
 * schema is strict: a misspelt key is an error with its path, never silently ignored.
 */

/** The five sensor systems the console serves. */
export const deviceFamilySchema = z.enum(['augmenter', 'echoloc', 'imu', 'enose', 'sits']);
/** One of the five sensor systems the console serves. */
export type DeviceFamily = z.infer<typeof deviceFamilySchema>;

const identifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must start with a letter and contain only letters, digits, _ . -');

/** A profile id: also the name of a user's profile file, so it never holds a path separator. */
export const profileIdSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case kebab-case, e.g. "imu-6axis"');

const positiveInt = z.number().int().positive();

/** A valid JavaScript regular expression source, checked by compiling it. */
const regexSource = z.string().min(1).refine(isCompilableRegex, 'is not a valid regular expression');

function isCompilableRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** Where a text or JSON device puts its own clock, so frames get device time instead of host time. */
const timeFieldSchema = z.strictObject({
  name: identifier,
  unit: z.enum(['s', 'ms', 'us']),
});

/** Plain text lines in the Arduino Serial Plotter styles. */
const textProtocolSchema = z.strictObject({
  kind: z.literal('text'),
  /** Separators the device uses between values; a hint for the decoder, which also accepts the others. */
  separators: z.array(z.enum(['comma', 'space', 'tab', 'semicolon'])).min(1),
  /** `label:value` pairs (labels are channel names) rather than bare positional values. */
  labelled: z.boolean(),
  /** The device prints a header line with channel names before the values. */
  headerExpected: z.boolean(),
  /** A column that carries device time rather than a channel value; omitted when there is none. */
  timeColumn: timeFieldSchema.optional(),
});

/** One JSON object per line, keyed by channel name. */
const jsonProtocolSchema = z.strictObject({
  kind: z.literal('json'),
  timeField: timeFieldSchema.optional(),
});

/** Binary frames (COBS + CRC, sequence number and device timestamp; see docs/protocol.md). */
const binaryProtocolSchema = z.strictObject({
  kind: z.literal('binary'),
  /** How each value is encoded in the payload. */
  sampleType: z.enum(['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32']),
  byteOrder: z.enum(['little', 'big']),
  /** Physical value = raw × scale + offset. */
  scale: z.number().refine((s) => s !== 0, 'must not be zero'),
  offset: z.number(),
});

/** One Modbus register (or register pair, for 32-bit types) that feeds one channel. */
const modbusRegisterSchema = z.strictObject({
  channel: identifier,
  address: z.number().int().min(0).max(65535),
  /** 3 = holding registers, 4 = input registers. */
  functionCode: z.union([z.literal(3), z.literal(4)]),
  type: z.enum(['u16', 'i16', 'u32', 'i32', 'f32']),
  /** For 32-bit types: `big` = high word at the lower address (the Modbus convention), `little` = swapped. */
  wordOrder: z.enum(['big', 'little']),
  /** Physical value = raw × scale + offset. */
  scale: z.number().refine((s) => s !== 0, 'must not be zero'),
  offset: z.number(),
});

/** Modbus RTU polling over a serial line. */
const modbusProtocolSchema = z.strictObject({
  kind: z.literal('modbus-rtu'),
  unitId: z.number().int().min(1).max(247),
  pollPeriodMs: positiveInt,
  timeoutMs: positiveInt,
  registers: z.array(modbusRegisterSchema).min(1),
});

/** No serial device: data comes from dataset files (`.npy` + `meta.json`). */
const datasetProtocolSchema = z.strictObject({
  kind: z.literal('dataset'),
  format: z.literal('npy'),
});

const protocolSchema = z.discriminatedUnion('kind', [
  textProtocolSchema,
  jsonProtocolSchema,
  binaryProtocolSchema,
  modbusProtocolSchema,
  datasetProtocolSchema,
]);

const serialSchema = z.strictObject({
  baudRate: z.number().int().min(50).max(12_000_000),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
  flowControl: z.enum(['none', 'rtscts', 'xonxoff']),
});

const channelSchema = z.strictObject({
  name: identifier,
  /** SI or customary unit shown on axes and readings; empty for dimensionless values. */
  unit: z.string(),
  /** Values outside [min, max] are flagged by input validation (the seeds' range checks). */
  range: z
    .tuple([z.number(), z.number()])
    .refine(([min, max]) => min < max, 'min must be less than max'),
  /** Channels of one group share a plot (e.g. `accel`, `gyro`). */
  group: identifier.optional(),
  colour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour')
    .optional(),
  /**
   * Where the sensor sits, metres, in the device's own frame (x to the right, y forward from the
   * array's centre): an echolocation array's receivers. Procedures and plots that need the
   * geometry read it here, so a differently built array only needs its profile edited.
   */
  position: z.tuple([z.number(), z.number()]).optional(),
});

const identifySchema = z.strictObject({
  /** Line sent to the device (without line ending). */
  command: z.string().min(1),
  /** Regular expression the whole reply must match; may capture `fw` and `sn` groups. */
  responsePattern: regexSource,
  timeoutMs: positiveInt,
});

/**
 * Each frame carries `channels.length × samplesPerChannel` values, channel-major: one short
 * waveform per channel (an echo ping: 4 receivers × 256 samples).
 */
const waveformLayoutSchema = z.strictObject({
  kind: z.literal('waveform'),
  samplesPerChannel: positiveInt,
  /** Sample rate within the waveform, for the time axis of waveform plots. */
  sampleRateHz: z.number().positive(),
});

const tensorPartSchema = z.strictObject({
  name: identifier,
  shape: z.array(positiveInt).min(1),
  /** Axis names, e.g. `["T","C","H","W"]`; an axis named `C` indexes the profile's channels. */
  axes: z.array(z.string().min(1)).min(1),
});

/** Each frame is one or more row-major tensors laid end to end (a satellite image time series + its mask). */
const tensorLayoutSchema = z.strictObject({
  kind: z.literal('tensor'),
  parts: z.array(tensorPartSchema).min(1),
});

const frameLayoutSchema = z.discriminatedUnion('kind', [waveformLayoutSchema, tensorLayoutSchema]);

const deviceProfileObjectSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: profileIdSchema,
  family: deviceFamilySchema,
  displayName: z.string().min(1),
  description: z.string().optional(),
  protocol: protocolSchema,
  /** Absent only for `dataset` devices, which have no port. */
  serial: serialSchema.optional(),
  channels: z.array(channelSchema).min(1),
  nominalRateHz: z.number().positive(),
  /** Required for text, JSON and binary devices; Modbus devices are recognised by their unit id. */
  identify: identifySchema.optional(),
  /** Model families (as named in model manifests) that can consume this device's data. */
  modelFamilies: z.array(deviceFamilySchema).min(1),
  /** For devices whose frames are waveforms or tensors rather than one value per channel. */
  frameLayout: frameLayoutSchema.optional(),
});

/** The strict JSON schema of a device profile, with the cross-field checks a technician would make. */
export const deviceProfileSchema = deviceProfileObjectSchema.superRefine((profile, ctx) => {
  const names = new Set<string>();
  profile.channels.forEach((channel, i) => {
    if (names.has(channel.name)) {
      ctx.addIssue({ code: 'custom', path: ['channels', i, 'name'], message: `duplicate channel name "${channel.name}"` });
    }
    names.add(channel.name);
  });

  const isDataset = profile.protocol.kind === 'dataset';
  if (isDataset && profile.serial !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['serial'], message: 'a dataset device has no serial settings' });
  }
  if (!isDataset && profile.serial === undefined) {
    ctx.addIssue({ code: 'custom', path: ['serial'], message: 'serial settings are required for a serial device' });
  }
  // Modbus devices are recognised by answering their unit id; the others must say who they are.
  const speaksLines = !isDataset && profile.protocol.kind !== 'modbus-rtu';
  if (speaksLines && profile.identify === undefined) {
    ctx.addIssue({ code: 'custom', path: ['identify'], message: `an identify command is required for a ${profile.protocol.kind} device` });
  }

  if (profile.protocol.kind === 'modbus-rtu') {
    const { registers, pollPeriodMs, timeoutMs } = profile.protocol;
    // A timeout longer than the period would let polls pile up behind a silent device.
    if (timeoutMs >= pollPeriodMs) {
      ctx.addIssue({ code: 'custom', path: ['protocol', 'timeoutMs'], message: 'must be shorter than pollPeriodMs' });
    }
    const mapped = new Set<string>();
    registers.forEach((register, i) => {
      if (!names.has(register.channel)) {
        ctx.addIssue({ code: 'custom', path: ['protocol', 'registers', i, 'channel'], message: `no channel named "${register.channel}"` });
      } else if (mapped.has(register.channel)) {
        ctx.addIssue({ code: 'custom', path: ['protocol', 'registers', i, 'channel'], message: `channel "${register.channel}" is mapped twice` });
      }
      mapped.add(register.channel);
      const words = register.type === 'u16' || register.type === 'i16' ? 1 : 2;
      if (register.address + words > 65536) {
        ctx.addIssue({ code: 'custom', path: ['protocol', 'registers', i, 'address'], message: 'register runs past address 65535' });
      }
    });
  }

  if (profile.frameLayout?.kind === 'tensor') {
    profile.frameLayout.parts.forEach((part, i) => {
      if (part.axes.length !== part.shape.length) {
        ctx.addIssue({ code: 'custom', path: ['frameLayout', 'parts', i, 'axes'], message: `needs ${part.shape.length} axis names, one per dimension` });
        return;
      }
      const c = part.axes.indexOf('C');
      if (c >= 0 && part.shape[c] !== profile.channels.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['frameLayout', 'parts', i, 'shape', c],
          message: `axis C has ${part.shape[c]} entries but the profile has ${profile.channels.length} channels`,
        });
      }
    });
  }
});

/** A validated device profile. */
export type DeviceProfile = z.infer<typeof deviceProfileSchema>;
/** A profile's channel description. */
export type DeviceChannel = DeviceProfile['channels'][number];
/** A profile's wire protocol and its options. */
export type DeviceProtocol = DeviceProfile['protocol'];
/** One Modbus register mapping. */
export type ModbusRegister = z.infer<typeof modbusRegisterSchema>;
/** The shape of a frame for waveform and tensor devices. */
export type FrameLayout = z.infer<typeof frameLayoutSchema>;

/** One problem found in a profile, with the JSON path written as a technician reads it (`channels[2].range`). */
export interface ProfileIssue {
  readonly path: string;
  readonly message: string;
}

/** The outcome of checking a profile: errors are values, since profiles come from files users edit. */
export type ProfileParseResult =
  | { readonly ok: true; readonly profile: DeviceProfile }
  | { readonly ok: false; readonly issues: readonly ProfileIssue[] };

/** Validates untrusted JSON as a device profile. */
export function parseDeviceProfile(input: unknown): ProfileParseResult {
  const result = deviceProfileSchema.safeParse(input);
  if (result.success) return { ok: true, profile: result.data };
  return { ok: false, issues: result.error.issues.flatMap(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): ProfileIssue[] {
  // zod reports unknown keys once for their object; name each key so the path points at it.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown key' }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}

/** `['channels', 2, 'range']` → `channels[2].range`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Number of values in one frame of this device: channels, or the waveform/tensor layout's size. */
export function valuesPerFrame(profile: DeviceProfile): number {
  const layout = profile.frameLayout;
  if (layout === undefined) return profile.channels.length;
  switch (layout.kind) {
    case 'waveform':
      return profile.channels.length * layout.samplesPerChannel;
    case 'tensor':
      return layout.parts.reduce((sum, part) => sum + part.shape.reduce((a, b) => a * b, 1), 0);
  }
}
