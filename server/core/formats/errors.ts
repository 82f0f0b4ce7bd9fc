import type { ImportLimits } from './limits.ts';

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

/** Codes of files refused because reading them would cost more than an ImportLimits allows. */
export type LimitErrorCode =
  | 'expanded-too-large'
  | 'too-many-entries'
  | 'document-too-large'
  | 'value-too-long'
  | 'row-too-long'
  | 'too-many-columns';

/**
 * A file refused by one of the ImportLimits (named by `limit`, with the value in force): 413 for
 * sizes (inflated bytes, zip entries, a document parsed whole), 422 for a value, row or header beyond what is read.
 */
export class LimitExceededError extends Error {
  readonly statusCode: 413 | 422;
  constructor(
    readonly code: LimitErrorCode,
    readonly limit: keyof ImportLimits,
    readonly limitValue: number,
    message: string,
  ) {
    super(message);
    this.name = 'LimitExceededError';
    this.statusCode = code === 'expanded-too-large' || code === 'too-many-entries' || code === 'document-too-large' ? 413 : 422;
  }
}
