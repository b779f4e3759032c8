import { z } from 'zod';
import { frameBatchCodec } from '../../domain/frameBatchWire';
import { trafficCodec } from '../../domain/traffic';
import { deviceFamilySchema, deviceProfileSchema, profileIdSchema } from '../../domain/deviceProfile';
import { defineEvent, defineMethod, defineStream } from '../contractTypes';
import { PlaybackSpeedSchema } from './playback';

export const DeviceStateSchema = z.enum(['connecting', 'open', 'stalled', 'disconnected', 'reconnecting', 'closed']);
export type DeviceState = z.infer<typeof DeviceStateSchema>;

/** Where a device's bytes come from. */
export const DeviceSourceSpecSchema = z.discriminatedUnion('kind', [
  /** A built-in simulator running inside the console (the demo devices). */
  z.strictObject({ kind: z.literal('simulator'), profileId: z.string().min(1), seed: z.number().int().min(0).optional() }),
  /** A serial port: a real device, or a pty served by `sensor-console sim --pty`. */
  z.strictObject({
    kind: z.literal('serial'),
    path: z.string().min(1).max(4096),
    profileId: z.string().min(1),
    baudRate: z.number().int().min(50).max(12_000_000).optional(),
  }),
  /** One device of a recorded session, replayed through the same pipeline (raw frames unless `frames` says calibrated). */
  z.strictObject({
    kind: z.literal('playback'),
    sessionId: z.string().min(1),
    deviceId: z.string().min(1),
    frames: z.enum(['raw', 'calibrated']).optional(),
    speed: PlaybackSpeedSchema.optional(),
    loop: z.boolean().optional(),
  }),
  /**
   * A dataset file streamed as a device (satellite image time series): a dataset folder
   * (`meta.json` + `.npy`) or a `.csv` with a header. Without a path, the profile's built-in demo
   * dataset (generated into the data folder on first use). The profile defaults to the dataset's own.
   */
  z
    .strictObject({
      kind: z.literal('dataset'),
      path: z.string().trim().min(1).max(4096).optional(),
      profileId: z.string().min(1).optional(),
      speed: PlaybackSpeedSchema.optional(),
      loop: z.boolean().optional(),
    })
    .refine((spec) => spec.path !== undefined || spec.profileId !== undefined, 'give a dataset path, or a profile to open its demo dataset'),
]);
export type DeviceSourceSpec = z.infer<typeof DeviceSourceSpecSchema>;

export const DeviceHealthSchema = z.object({
  state: DeviceStateSchema,
  /** A sentence for the operator: what is happening and what the console is doing about it. */
  stateDetail: z.string(),
  nominalRateHz: z.number(),
  measuredRateHz: z.number(),
  jitterMs: z.number(),
  framesTotal: z.number(),
  droppedFrames: z.number(),
  parseErrors: z.number(),
  crcErrors: z.number(),
  discardedBytes: z.number(),
  reconnects: z.number(),
  bytesIn: z.number(),
  bytesPerS: z.number(),
  /** Milliseconds since the last frame arrived (null before the first). */
  lastFrameAgoMs: z.number().nullable(),
});
export type DeviceHealth = z.infer<typeof DeviceHealthSchema>;

export const DeviceInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: DeviceSourceSpecSchema,
  profile: deviceProfileSchema,
  /** The device's answer to its identify command, once it gave one. */
  identity: z.string().nullable(),
  health: DeviceHealthSchema,
});
export type DeviceInfo = z.infer<typeof DeviceInfoSchema>;

export const SerialPortInfoSchema = z.object({
  path: z.string(),
  stablePath: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
  serialNumber: z.string().nullable(),
  manufacturer: z.string().nullable(),
});
export type SerialPortInfo = z.infer<typeof SerialPortInfoSchema>;

export const ProfileSummarySchema = z.object({
  id: z.string(),
  family: deviceFamilySchema,
  displayName: z.string(),
  protocol: z.string(),
  nominalRateHz: z.number(),
  channelCount: z.number(),
  /** Whether a built-in simulator can play this device. */
  simulated: z.boolean(),
  /** Shipped with the console, or the operator's own file in the data folder. */
  origin: z.enum(['shipped', 'user']),
});
export type ProfileSummary = z.infer<typeof ProfileSummarySchema>;

export const ProfileIssueSchema = z.object({ path: z.string(), message: z.string() });

/** A profile as the profile editor lists it; a user's file that does not validate has no summary, only issues. */
export const ProfileEntrySchema = z.object({
  id: z.string(),
  origin: z.enum(['shipped', 'user']),
  file: z.string().nullable(),
  summary: ProfileSummarySchema.nullable(),
  issues: z.array(ProfileIssueSchema),
});
export type ProfileEntry = z.infer<typeof ProfileEntrySchema>;

const ProfileIdInput = z.strictObject({ id: profileIdSchema });

export const FaultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('corrupt-crc'), count: z.number().int().min(1).max(1000) }),
  z.strictObject({ kind: z.literal('garbage'), bytes: z.number().int().min(1).max(65_536) }),
  z.strictObject({ kind: z.literal('drop-bytes'), bytes: z.number().int().min(1).max(65_536) }),
  z.strictObject({ kind: z.literal('disconnect'), durationMs: z.number().int().min(100).max(60_000) }),
  z.strictObject({ kind: z.literal('noise'), channel: z.string(), amount: z.number().min(0) }),
  z.strictObject({ kind: z.literal('stuck'), channel: z.string() }),
  z.strictObject({ kind: z.literal('clear') }),
]);
export type Fault = z.infer<typeof FaultSchema>;

const DeviceIdInput = z.strictObject({ deviceId: z.string().min(1) });

export const deviceMethods = {
  'devices.list': defineMethod('Devices the console has open, with their health.', z.strictObject({}), z.array(DeviceInfoSchema)),
  'devices.available': defineMethod(
    'What can be connected: serial ports found on this machine and the device profiles (simulated or not).',
    z.strictObject({}),
    z.object({ ports: z.array(SerialPortInfoSchema), profiles: z.array(ProfileSummarySchema), warning: z.string().nullable() }),
  ),
  'devices.connect': defineMethod('Opens a device from a simulator or a serial port.', DeviceSourceSpecSchema, DeviceInfoSchema),
  'devices.disconnect': defineMethod('Closes a device and stops reconnecting to it.', DeviceIdInput, z.strictObject({})),
  'devices.sendCommand': defineMethod(
    'Sends one command line (text dialect) or raw bytes (hex) to a device.',
    z.strictObject({
      deviceId: z.string().min(1),
      text: z.string().max(4096).optional(),
      hex: z.string().regex(/^([0-9a-fA-F]{2}\s*)*$/, 'must be pairs of hex digits').max(8192).optional(),
    }),
    z.strictObject({ bytesSent: z.number() }),
  ),
  'devices.injectFault': defineMethod(
    'Injects a fault into a simulated device (byte-level or value-level), for tests and training.',
    z.strictObject({ deviceId: z.string().min(1), fault: FaultSchema }),
    z.strictObject({}),
  ),
  'devices.sniff': defineMethod(
    'Listens to an unknown serial device for a moment (sending nothing) and proposes its wire format, channel count and matching profiles.',
    z.strictObject({ path: z.string().min(1).max(4096), baudRate: z.number().int().min(50).max(12_000_000) }),
    z.object({
      protocol: z.enum(['text', 'json', 'binary', 'unknown']),
      confidence: z.number(),
      channels: z.array(z.string()),
      bytesHeard: z.number(),
      /** Why nothing could be proposed, in words. */
      reason: z.string().nullable(),
      /** Profiles (shipped and the operator's) with the same wire format and channel count. */
      matchingProfiles: z.array(z.string()),
    }),
  ),
  'devices.simulate': defineMethod(
    'Sends a scenario command to a simulated device (e.g. "SET activity walking", "SET pose +x"): what a person would do to real hardware.',
    z.strictObject({ deviceId: z.string().min(1), line: z.string().trim().min(1).max(256) }),
    z.strictObject({ reply: z.string() }),
  ),
  'devices.profiles': defineMethod(
    'Every device profile: shipped ones and the operator\'s files in the data folder (broken files listed with their issues).',
    z.strictObject({}),
    z.array(ProfileEntrySchema),
  ),
  'devices.profileText': defineMethod('The JSON text of a profile, to edit (a user file as it is on disk).', ProfileIdInput, z.strictObject({ text: z.string() })),
  'devices.copyProfile': defineMethod('Makes an editable copy of a profile in the data folder.', ProfileIdInput, ProfileEntrySchema),
  'devices.saveProfile': defineMethod(
    'Validates and saves the JSON text of one of the operator\'s profiles; on any issue nothing is saved and the issues are returned.',
    z.strictObject({ id: profileIdSchema, text: z.string().max(1_000_000) }),
    z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), entry: ProfileEntrySchema }), z.object({ ok: z.literal(false), issues: z.array(ProfileIssueSchema) })]),
  ),
  'devices.resetProfile': defineMethod('Puts the shipped profile a copy came from back into the copy.', ProfileIdInput, ProfileEntrySchema),
  'devices.deleteProfile': defineMethod('Deletes one of the operator\'s profiles (open devices keep running).', ProfileIdInput, z.strictObject({})),
} as const;

export const deviceEvents = {
  'devices.changed': defineEvent('A device was opened, closed or changed state.', z.object({ devices: z.array(DeviceInfoSchema) })),
  'devices.portsChanged': defineEvent('A serial port appeared or disappeared (hot-plug).', z.object({ added: z.array(z.string()), removed: z.array(z.string()) })),
} as const;

export const deviceStreams = {
  'devices.frames': defineStream('Decoded frames of one device, coalesced to the display rate.', DeviceIdInput, frameBatchCodec),
  'devices.traffic': defineStream('Raw bytes to and from one device (the terminal view), coalesced; the oldest are dropped if the view falls behind.', DeviceIdInput, trafficCodec),
} as const;
