/** Stable codes for files that cannot be read at all (as opposed to files with bad rows). */
export type FormatErrorCode =
  | 'empty-file'
  | 'binary-file'
  | 'unsupported-format'
  | 'bad-encoding'
  | 'malformed-file'
  | 'sheet-not-found'
  | 'bad-mapping'
  | 'bad-coordinate';

/**
 * A file (or an argument describing it) that cannot be parsed. `statusCode` lets an HTTP error handler
 * map it to 400 without knowing this module.
 */
export class FormatError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly code: FormatErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}
