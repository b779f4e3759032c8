import type { z } from 'zod';
import type { EventSpec, MethodSpec, StreamSpec } from './contractTypes';
import { appEvents, appMethods } from './domains/app';
import { demoStreams } from './domains/demo';
import { deviceEvents, deviceMethods, deviceStreams } from './domains/devices';
import { inferenceMethods, inferenceStreams } from './domains/inference';
import { recordingMethods } from './domains/recording';
import { playbackMethods } from './domains/playback';
import { calibrationEvents, calibrationMethods } from './domains/calibration';
import { hilEvents, hilMethods } from './domains/hil';
import { layoutMethods } from './domains/layouts';
import { validationEvents, validationMethods } from './domains/validation';
import { registryEvents, registryMethods } from './domains/registry';

/**
 * The single source of truth for every call, event and stream between the core and a renderer.
 * Bindings (Electron IPC, the browser host's WebSocket), the preload and the renderer's client
 * are all derived from these tables; nothing crosses a process boundary that is not declared here.
 */
export const contract = {
  methods: { ...appMethods, ...deviceMethods, ...inferenceMethods, ...recordingMethods, ...playbackMethods, ...calibrationMethods, ...hilMethods, ...layoutMethods, ...validationMethods, ...registryMethods },
  events: { ...appEvents, ...deviceEvents, ...calibrationEvents, ...hilEvents, ...validationEvents, ...registryEvents },
  streams: { ...demoStreams, ...deviceStreams, ...inferenceStreams },
} as const;

export type Methods = typeof contract.methods;
export type Events = typeof contract.events;
export type Streams = typeof contract.streams;

export type MethodName = keyof Methods;
export type EventName = keyof Events;
export type StreamName = keyof Streams;

export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = z.output<Methods[K]['output']>;
export type EventPayload<K extends EventName> = z.output<Events[K]['payload']>;
export type StreamParams<K extends StreamName> = z.input<Streams[K]['params']>;
export type StreamData<K extends StreamName> = Streams[K] extends StreamSpec<z.ZodType, infer D> ? D : never;

export const methodNames = Object.keys(contract.methods) as MethodName[];
export const eventNames = Object.keys(contract.events) as EventName[];
export const streamNames = Object.keys(contract.streams) as StreamName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract.methods, name);
}
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(contract.events, name);
}
export function isStreamName(name: string): name is StreamName {
  return Object.hasOwn(contract.streams, name);
}

export function methodSpec<K extends MethodName>(name: K): MethodSpec {
  return contract.methods[name];
}
export function eventSpec<K extends EventName>(name: K): EventSpec {
  return contract.events[name];
}
export function streamSpec<K extends StreamName>(name: K): StreamSpec<z.ZodType, StreamData<K>> {
  // TypeScript cannot relate an indexed access to the conditional StreamData<K>; the table defines it.
  return contract.streams[name] as unknown as StreamSpec<z.ZodType, StreamData<K>>;
}
