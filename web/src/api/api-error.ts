/** An API call that failed: an HTTP error with the server's `{ error, message, details }`, or no answer at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** The server's stable error code, or 'network' / 'bad-response' when there was no usable answer. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly url: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** The server wants credentials: nobody is signed in, or the session has ended. */
export function isUnauthenticated(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}
