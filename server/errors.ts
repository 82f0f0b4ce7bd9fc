/**
 * Typed domain errors with a stable `code`; the error handler in app.ts maps them to HTTP.
 * Messages quote the bad value; `details` names the field (a JSON-pointer-like path).
 */
export interface ErrorDetail {
  field: string;
  message: string;
  value?: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, key: string | number) {
    super('not_found', 404, `${what} "${key}" not found`, [{ field: what, message: 'not found', value: key }]);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('conflict', 409, message, details);
  }
}

/** Input that is well-formed JSON but semantically invalid (outside the area, self-intersecting...). */
export class UnprocessableError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('unprocessable', 422, message, details);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super('bad_request', 400, message, details);
  }
}

export function invalidField(field: string, message: string, value?: unknown): UnprocessableError {
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)?.slice(0, 80)})`;
  return new UnprocessableError(`${field}: ${message}${shown}`, [{ field, message, value }]);
}

/** How long clients are asked to wait (Retry-After, seconds) before trying again after a 503. */
export const RETRY_AFTER_S = 5;

/** The database is out of reach (see server/db/database-loss.ts): 503, never the details of why. */
export class DatabaseUnavailableError extends AppError {
  constructor() {
    super('database_unavailable', 503, 'the database is unavailable; retry shortly');
  }
}

/** Too many attempts: answered 429 with `Retry-After: retryAfterS`. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super('too_many_requests', 429, message);
  }
}
