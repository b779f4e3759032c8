import { z } from 'zod';

/**
 * Limits of hardware-in-the-loop measurements, as suites write them. A numeric limit is one of
 * the comparisons a test engineer writes on a test sheet — at least (`min`), at most (`max`), in
 * range (both), or equal to a value within ± an absolute or a percentage tolerance — with an
 * optional marginal band: a value inside the limits but within `marginal` of an edge passes and
 * is flagged, so drift is seen before it fails (OpenHTF's marginal validators).
 */

const finite = z.number().finite();

/** A JavaScript regular expression source, checked by compiling it. */
export const regexSourceSchema = z.string().min(1).refine(isCompilableRegex, 'is not a valid regular expression');

/** A limit on a number. */
export const numericLimitSchema = z
  .strictObject({
    /** Passes when value ≥ min. */
    min: finite.optional(),
    /** Passes when value ≤ max. */
    max: finite.optional(),
    /** Passes when |value − equals| ≤ the tolerance (`within` or `withinPct`; exact when neither). */
    equals: finite.optional(),
    /** Absolute tolerance around `equals`, in the measurement's unit. */
    within: finite.nonnegative().optional(),
    /** Tolerance around `equals` as a percentage of `equals`. */
    withinPct: finite.nonnegative().optional(),
    /** Width of the band inside each edge where a passing value is flagged marginal, in the measurement's unit. */
    marginal: finite.positive().optional(),
  })
  .superRefine((limit, ctx) => {
    const hasBound = limit.min !== undefined || limit.max !== undefined;
    if (limit.equals === undefined && !hasBound) {
      ctx.addIssue({ code: 'custom', path: [], message: 'needs min, max or equals' });
    }
    if (limit.equals !== undefined && hasBound) {
      ctx.addIssue({ code: 'custom', path: ['equals'], message: 'equals cannot be combined with min or max' });
    }
    if (limit.equals === undefined && (limit.within !== undefined || limit.withinPct !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [limit.within !== undefined ? 'within' : 'withinPct'], message: 'a tolerance needs equals' });
    }
    if (limit.within !== undefined && limit.withinPct !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['withinPct'], message: 'give within or withinPct, not both' });
    }
    if (limit.min !== undefined && limit.max !== undefined && limit.min > limit.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must not be less than min' });
    }
  });
/** A limit on a number, as written in a suite. */
export type NumericLimit = z.infer<typeof numericLimitSchema>;

/** A limit on a text measurement (an identity string, a command reply). */
export const textLimitSchema = z
  .strictObject({
    /** A regular expression the whole text must match (anchor it with ^…$ to mean the whole). */
    matches: regexSourceSchema.optional(),
    equals: z.string().optional(),
  })
  .refine((limit) => (limit.matches === undefined) !== (limit.equals === undefined), 'give exactly one of matches or equals');
/** A limit on a text measurement. */
export type TextLimit = z.infer<typeof textLimitSchema>;

function isCompilableRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
