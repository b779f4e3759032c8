import type { z } from 'zod';
import type { CalibrationUsage, calibrationMethods } from '../../shared/ipc/domains/calibration';
import type { CalibrationService } from './calibrationService';

type Methods = typeof calibrationMethods;

/**
 * The `calibration.*` part of the dispatch table (the same shape as `MethodHandlersFor`, typed
 * against this domain so it stands on its own until the contract aggregates the domain).
 */
export type CalibrationMethodHandlers = {
  [K in keyof Methods]: (input: z.output<Methods[K]['input']>) => z.output<Methods[K]['output']> | Promise<z.output<Methods[K]['output']>>;
};

/**
 * Handlers for every calibration method, delegating to the service; `usage` answers from the
 * stores of the runs that record the calibration in force (tests, validations).
 */
export function calibrationMethodHandlers(calibration: CalibrationService, usage: (versionId: string) => CalibrationUsage): CalibrationMethodHandlers {
  return {
    'calibration.procedures': ({ deviceId }) => calibration.procedures(deviceId),
    'calibration.start': ({ deviceId, operator, options }) => calibration.startWizard(deviceId, operator, options),
    'calibration.state': ({ runId }) => calibration.state(runId),
    'calibration.openOn': ({ deviceId }) => calibration.openOn(deviceId),
    'calibration.input': ({ runId, input }) => calibration.input(runId, input),
    'calibration.accept': ({ runId }) => calibration.accept(runId),
    'calibration.redo': ({ runId, stepId }) => calibration.redo(runId, stepId),
    'calibration.cancel': ({ runId }) => calibration.cancel(runId),
    'calibration.status': ({ deviceId }) => calibration.status(deviceId),
    'calibration.profiles': () => calibration.profiles(),
    'calibration.history': ({ deviceKey, profileId }) => calibration.history(deviceKey, profileId),
    'calibration.activate': ({ versionId, operator }) => calibration.activate(versionId, operator),
    'calibration.usage': ({ versionId }) => usage(versionId),
    'calibration.certificate': ({ versionId }) => calibration.certificate(versionId),
    'calibration.export': ({ deviceKey, profileId }) => calibration.export(deviceKey, profileId),
    'calibration.import': ({ text, activate, operator }) => calibration.import(text, activate, operator),
  };
}
