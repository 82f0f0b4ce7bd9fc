import type { LimitExceededError, LimitErrorCode } from '../../core/formats/errors.ts';
import { importLimits, type ImportLimits } from '../../core/formats/limits.ts';
import { AppError } from '../../errors.ts';

/** The environment setting behind each configurable limit; the others are fixed (see README, Untrusted files). */
export const LIMIT_SETTINGS: Partial<Record<keyof ImportLimits, string>> = {
  maxExpandedBytes: 'IMPORT_MAX_EXPANDED_BYTES',
  maxValueChars: 'IMPORT_MAX_VALUE_CHARS',
  maxDocumentBytes: 'IMPORT_MAX_DOCUMENT_BYTES',
};

const ERROR_CODES: Record<LimitErrorCode, string> = {
  'expanded-too-large': 'import_expanded_too_large',
  'too-many-entries': 'import_too_many_entries',
  'document-too-large': 'import_document_too_large',
  'value-too-long': 'import_value_too_long',
  'row-too-long': 'import_row_too_long',
  'too-many-columns': 'import_too_many_columns',
};

/** The import limits in force under a configuration (its settings over the defaults). */
export function configuredImportLimits(
  config: { importMaxExpandedBytes?: number; importMaxValueChars?: number; importMaxDocumentBytes?: number } | undefined,
): ImportLimits {
  return importLimits({
    maxExpandedBytes: config?.importMaxExpandedBytes,
    maxValueChars: config?.importMaxValueChars,
    maxDocumentBytes: config?.importMaxDocumentBytes,
  });
}

/**
 * A file refused by a limit, as the API answers it (413 for sizes, 422 for values, rows, columns)
 * and the command line prints it: the file, what passed which limit, and the setting that raises it.
 */
export function importLimitError(err: LimitExceededError, fileName: string): AppError {
  const setting = LIMIT_SETTINGS[err.limit];
  const limit = setting ? `limit ${setting}=${err.limitValue}` : `fixed limit ${err.limitValue}`;
  return new AppError(ERROR_CODES[err.code], err.statusCode, `${fileName}: ${err.message} (${limit})`, [
    { field: '/body/file', message: err.code, value: { limit: setting ?? err.limit, max: err.limitValue } },
  ]);
}
