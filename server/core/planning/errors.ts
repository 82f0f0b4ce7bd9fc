/** Stable codes of the planning core's input errors. */
export type PlanningErrorCode = 'invalid-option' | 'invalid-point' | 'invalid-report' | 'invalid-coverage-model';

/** Bad input to a planning function; `code` is stable, the message quotes the bad value. */
export class PlanningInputError extends Error {
  readonly code: PlanningErrorCode;

  constructor(code: PlanningErrorCode, message: string) {
    super(message);
    this.name = 'PlanningInputError';
    this.code = code;
  }
}
