import { z } from 'zod';

/** Why a call failed, in a form both transports carry unchanged. */
export const ErrorCodeSchema = z.enum([
  'unknown-channel',
  'invalid-input',
  'invalid-output',
  'forbidden',
  'failed',
  'unavailable',
  'transport',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ContractErrorShapeSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** For invalid input: one line per problem, each naming the field path. */
  issues: z.array(z.string()).optional(),
});
export type ContractErrorShape = z.infer<typeof ContractErrorShapeSchema>;

/** An error that crossed (or was refused at) the contract boundary. */
export class ContractError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly string[] | undefined;

  constructor(shape: ContractErrorShape) {
    super(shape.message);
    this.name = 'ContractError';
    this.code = shape.code;
    this.issues = shape.issues;
  }

  toShape(): ContractErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: [...this.issues] } : { code: this.code, message: this.message };
  }
}

/** Turns zod issues into lines a person can act on: `rateHz: Too big: expected number to be <=20000`. */
export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
}
