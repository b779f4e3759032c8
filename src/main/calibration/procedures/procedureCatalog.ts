import type { ProcedureId, ProcedureOptions, ProcedureSummary } from '../../../shared/domain/calibrationWizard';
import type { DeviceProfile } from '../../../shared/domain/deviceProfile';
import type { PlanContext, ProcedureDefinition, ProcedurePlan } from '../engine/procedureTypes';
import { augmenterDriftProcedure } from './augmenterDriftProcedure';
import { echolocDelayProcedure } from './echolocDelayProcedure';
import { enoseBaselineProcedure } from './enoseBaselineProcedure';
import { gyroBiasProcedure } from './gyroBiasProcedure';
import { imuAccelProcedure } from './imuAccelProcedure';
import { offsetProcedure } from './offsetProcedure';
import { spanProcedure } from './spanProcedure';

/** What a procedure is, apart from its options. */
export type ProcedureInfo = Pick<ProcedureDefinition<unknown>, 'id' | 'name' | 'description' | 'families'>;

type DefinitionOf<K extends ProcedureId> = ProcedureDefinition<Extract<ProcedureOptions, { procedure: K }>>;

/** Every procedure the console offers, by id. */
export const PROCEDURES: { readonly [K in ProcedureId]: DefinitionOf<K> } = {
  offset: offsetProcedure,
  span: spanProcedure,
  'imu-accel-6': imuAccelProcedure,
  'imu-gyro-bias': gyroBiasProcedure,
  'enose-baseline': enoseBaselineProcedure,
  'echoloc-delay': echolocDelayProcedure,
  'augmenter-drift': augmenterDriftProcedure,
};

/** A procedure's definition and its plan for these options, or why it cannot run on this device. */
export type PlannedProcedure =
  | { readonly definition: ProcedureInfo; readonly plan: ProcedurePlan }
  | { readonly invalid: string };

/** Plans the procedure the options name. */
export function planProcedure(options: ProcedureOptions, context: PlanContext): PlannedProcedure {
  const definition: ProcedureInfo = PROCEDURES[options.procedure];
  const family = context.profile.family;
  if (definition.families !== null && !definition.families.includes(family)) {
    return { invalid: `${definition.name} is for ${definition.families.join(' or ')} devices; this device belongs to the ${family} family (${context.profile.displayName}).` };
  }
  const plan = planFor(options, context);
  return 'invalid' in plan ? plan : { definition, plan };
}

// One case per procedure, so each definition receives its own options type.
function planFor(options: ProcedureOptions, context: PlanContext): ProcedurePlan | { readonly invalid: string } {
  switch (options.procedure) {
    case 'offset':
      return PROCEDURES.offset.plan(options, context);
    case 'span':
      return PROCEDURES.span.plan(options, context);
    case 'imu-accel-6':
      return PROCEDURES['imu-accel-6'].plan(options, context);
    case 'imu-gyro-bias':
      return PROCEDURES['imu-gyro-bias'].plan(options, context);
    case 'enose-baseline':
      return PROCEDURES['enose-baseline'].plan(options, context);
    case 'echoloc-delay':
      return PROCEDURES['echoloc-delay'].plan(options, context);
    case 'augmenter-drift':
      return PROCEDURES['augmenter-drift'].plan(options, context);
  }
}

/** What the wizard can offer for a device, with pre-filled options or the reason it cannot. */
export function procedureSummaries(profile: DeviceProfile): ProcedureSummary[] {
  return Object.values(PROCEDURES).map((definition: ProcedureDefinition<ProcedureOptions>) => {
    const base = { id: definition.id, name: definition.name, description: definition.description };
    if (definition.families !== null && !definition.families.includes(profile.family)) {
      return { ...base, applicable: false, reason: `For ${definition.families.join(' or ')} devices only.`, defaults: null };
    }
    const defaults = definition.defaults(profile);
    if ('notApplicable' in defaults) return { ...base, applicable: false, reason: defaults.notApplicable, defaults: null };
    if ('needs' in defaults) return { ...base, applicable: true, reason: defaults.needs, defaults: null };
    return { ...base, applicable: true, reason: null, defaults };
  });
}
