import type { Blocker } from '../../../shared/domain/calibrationWizard';
import type { DeviceFamily } from '../../../shared/domain/deviceProfile';
import type { DeviceState } from '../../../shared/ipc/domains/devices';

/** A measured rate below this fraction of nominal blocks a capture (lost frames bias averages and timing). */
export const MIN_RATE_FRACTION = 0.9;

/** What the device-level checks look at before and during every capture step. */
export interface PreflightContext {
  readonly deviceName: string;
  readonly deviceState: DeviceState;
  /** The device source's own sentence about its state. */
  readonly deviceDetail: string;
  readonly family: DeviceFamily;
  readonly profileName: string;
  /** Families the procedure serves; null for any. */
  readonly requiredFamilies: readonly DeviceFamily[] | null;
  /** Who the device is (from its identify reply); a calibration is bound to it, so none means nothing can be stored. */
  readonly deviceKey: string | null;
  /** Frames per second measured from the frames' own times; null before enough frames arrived. */
  readonly measuredRateHz: number | null;
  readonly nominalRateHz: number;
  /** Labels of the step's inputs the operator has not typed yet. */
  readonly missingInputs: readonly string[];
}

/**
 * Why a step cannot start (or go on) for reasons outside the signal itself, each in words that
 * say what is wrong and what to do. Empty means the device side is ready.
 */
export function preflightBlockers(ctx: PreflightContext): Blocker[] {
  const blockers: Blocker[] = [];
  if (ctx.requiredFamilies !== null && !ctx.requiredFamilies.includes(ctx.family)) {
    blockers.push({
      code: 'wrong-family',
      message: `This procedure is for ${ctx.requiredFamilies.join(' or ')} devices; ${ctx.deviceName} uses the ${ctx.family} profile "${ctx.profileName}".`,
    });
    return blockers;
  }
  if (ctx.deviceState !== 'open') {
    blockers.push({
      code: 'device-disconnected',
      message: `${ctx.deviceName} is ${ctx.deviceState}: ${ctx.deviceDetail} Reconnect it; the step starts again once data flows.`,
    });
    return blockers;
  }
  if (ctx.deviceKey === null) {
    blockers.push({
      code: 'no-identity',
      message: `${ctx.deviceName} has not reported a serial number in its identify reply, so a calibration could not be bound to it. Check the firmware answers ID? with sn=….`,
    });
  }
  if (ctx.measuredRateHz === null) {
    blockers.push({ code: 'no-data', message: `Waiting for data from ${ctx.deviceName}.` });
  } else if (ctx.measuredRateHz < MIN_RATE_FRACTION * ctx.nominalRateHz) {
    blockers.push({
      code: 'rate-low',
      message: `${ctx.deviceName} sends ${formatRate(ctx.measuredRateHz)} frames/s, below its nominal ${formatRate(ctx.nominalRateHz)}: frames are being lost or the device runs at another rate. Check the cable, the baud rate and the device's RATE setting.`,
    });
  }
  if (ctx.missingInputs.length > 0) {
    blockers.push({ code: 'input-missing', message: `Enter ${ctx.missingInputs.join(', ')} to start this step.` });
  }
  return blockers;
}

function formatRate(hz: number): string {
  return hz >= 10 ? hz.toFixed(0) : hz.toFixed(2);
}
