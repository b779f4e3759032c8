import { z } from 'zod';
import { defineEvent, defineMethod } from '../contractTypes';

export const HostKindSchema = z.enum(['electron', 'browser', 'cli']);
export type HostKind = z.infer<typeof HostKindSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: HostKindSchema,
  dataDir: z.string(),
  platform: z.string(),
  nodeVersion: z.string(),
  startedAt: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const ServiceStateSchema = z.enum(['starting', 'running', 'degraded', 'stopping', 'stopped', 'failed']);
export type ServiceState = z.infer<typeof ServiceStateSchema>;

export const ServiceHealthSchema = z.object({
  name: z.string(),
  state: ServiceStateSchema,
  detail: z.string(),
  since: z.string(),
});
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;

export const HealthReportSchema = z.object({
  overall: ServiceStateSchema,
  services: z.array(ServiceHealthSchema),
  /** Event-loop delay of the core's process, p99 over the last interval, milliseconds. */
  eventLoopLagP99Ms: z.number(),
  uptimeS: z.number(),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;

export const EventLevelSchema = z.enum(['debug', 'info', 'warn', 'error']);
export type EventLevel = z.infer<typeof EventLevelSchema>;

export const SystemEventSchema = z.object({
  id: z.number().int(),
  time: z.string(),
  level: EventLevelSchema,
  source: z.string(),
  message: z.string(),
});
export type SystemEvent = z.infer<typeof SystemEventSchema>;

const NoInput = z.object({}).strict();

export const appMethods = {
  'app.info': defineMethod('Identity of the running console and where it keeps its data.', NoInput, AppInfoSchema),
  'app.health': defineMethod('State of every core service.', NoInput, HealthReportSchema),
  'station.operator': defineMethod(
    'Who is at the station: the name audits, registry changes, actuator actions and test runs record.',
    NoInput,
    z.object({ name: z.string() }),
  ),
  'station.setOperator': defineMethod(
    'Sets who is at the station (kept across restarts).',
    z.object({ name: z.string().max(256) }).strict(),
    z.object({ name: z.string() }),
  ),
  'system.recentEvents': defineMethod(
    'The most recent notifications and log lines, newest last (for a window that opens late).',
    z.object({ limit: z.number().int().min(1).max(500) }).strict(),
    z.array(SystemEventSchema),
  ),
} as const;

export const appEvents = {
  'system.events': defineEvent('Log lines and notifications from the core (info and above).', SystemEventSchema),
} as const;
