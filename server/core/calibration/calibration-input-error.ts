/** Stable codes of the calibration core's input errors. */
export type CalibrationErrorCode = 'no-samples' | 'invalid-option' | 'invalid-fit';

/** Input the calibration core cannot work with; `code` is stable, the message quotes the bad value. */
export class CalibrationInputError extends Error {
  readonly code: CalibrationErrorCode;

  constructor(code: CalibrationErrorCode, message: string) {
    super(message);
    this.name = 'CalibrationInputError';
    this.code = code;
  }
}
