import type { CalibrationVersion } from '../../../shared/domain/calibration';
import type { ProcedureOptions } from '../../../shared/domain/calibrationWizard';
import { ContractError } from '../../../shared/ipc/contractError';
import { planProcedure } from '../procedures/procedureCatalog';
import { type CalibrationDevice, WizardRun } from './wizardRun';

export interface CreateWizardRunOptions {
  readonly runId: string;
  readonly device: CalibrationDevice;
  readonly options: ProcedureOptions;
  readonly operator: string;
  /** The device's active calibration (drift checks, keeping gains), or null. */
  readonly previous: CalibrationVersion | null;
  readonly onChange?: () => void;
}

/**
 * Plans the procedure for the device and builds its wizard (not yet listening). Options that do
 * not fit the device are refused with the reason, before anything runs.
 */
export function createWizardRun(o: CreateWizardRunOptions): WizardRun {
  const planned = planProcedure(o.options, { profile: o.device.profile, previous: o.previous });
  if ('invalid' in planned) throw new ContractError({ code: 'invalid-input', message: planned.invalid });
  return new WizardRun({
    runId: o.runId,
    device: o.device,
    procedureId: planned.definition.id,
    procedureName: planned.definition.name,
    families: planned.definition.families,
    operator: o.operator,
    plan: planned.plan,
    onChange: o.onChange ?? (() => undefined),
  });
}
