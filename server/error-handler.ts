import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { classifyDatabaseLoss, DATABASE_LOSS_TEXT } from './db/database-loss.ts';
import { CoverageJobAccepted, progressPath } from './features/coverage/tile-jobs.ts';
import { AppError, DatabaseUnavailableError, RETRY_AFTER_S, TooManyRequestsError, type ErrorDetail } from './errors.ts';

interface ErrorBody {
  error: string;
  message: string;
  details: ErrorDetail[];
}

/**
 * The answer to an error that is neither an AppError nor a crash: the engine refusing stored data (422),
 * a constraint or a value out of a column's range (409, 422). Null for anything else. The OGC routes
 * answer these in their own shape.
 */
export function dataErrorAnswer(err: { code?: unknown; message: string }): { status: number; body: ErrorBody } | null {
  if (err.code === 'ENGINE_INPUT_INVALID') {
    // The coverage engine refused the area's stored data (a grid too large, a bad setting): not a crash.
    return {
      status: 422,
      body: {
        error: 'unprocessable',
        message: `the area cannot be computed: ${err.message}`,
        details: [{ field: 'area', message: err.message }],
      },
    };
  }
  if (err.code === '23505')
    return { status: 409, body: { error: 'conflict', message: 'a record with the same key already exists', details: [] } };
  if (err.code === '23503')
    return { status: 409, body: { error: 'conflict', message: 'the record is referenced by or refers to a missing record', details: [] } };
  if (typeof err.code === 'string' && /^22/.test(err.code)) {
    return { status: 422, body: { error: 'unprocessable', message: 'a value is out of range for its column', details: [] } };
  }
  return null;
}

/** Map every error to `{ error, message, details }` with the right status; never leak internals on a 5xx. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { code?: string; constraint?: string; detail?: string }, request, reply) => {
    const send = (status: number, body: ErrorBody) => reply.code(status).send(body);
    if (err instanceof CoverageJobAccepted) {
      const progressUrl = `${app.publicBase(request)}${progressPath(err.progress.jobId)}`;
      return reply
        .code(202)
        .header('location', progressUrl)
        .send({ ...err.progress, progressUrl });
    }
    const known = err instanceof AppError ? err : asDatabaseUnavailable(err, request);
    if (known) {
      if (known.statusCode === 503) reply.header('retry-after', String(RETRY_AFTER_S));
      if (known instanceof TooManyRequestsError) reply.header('retry-after', String(known.retryAfterS));
      return send(known.statusCode, { error: known.code, message: known.message, details: known.details });
    }
    if (err.validation) {
      const details = err.validation.map((v) => {
        const missing = (v.params as { missingProperty?: string })?.missingProperty;
        const field = `/${err.validationContext ?? 'body'}${v.instancePath}${missing ? `/${missing}` : ''}`;
        return { field, message: v.message ?? 'invalid' };
      });
      const first = details[0];
      return send(400, { error: 'validation_error', message: first ? `${first.field}: ${first.message}` : err.message, details });
    }
    const data = dataErrorAnswer(err);
    if (data) return send(data.status, data.body);
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        status === 413
          ? 'payload_too_large'
          : status === 415
            ? 'unsupported_media_type'
            : status === 429
              ? 'too_many_requests'
              : 'bad_request';
      // Fastify's body parsers (empty, malformed or poisoned JSON; bad media type) reject the body as a whole.
      const details = typeof err.code === 'string' && err.code.startsWith('FST_ERR_CTP_') ? [{ field: '/body', message: err.message }] : [];
      return send(status, { error: code, message: err.message, details });
    }
    request.log.error({ err }, 'unhandled error');
    return send(500, { error: 'internal_error', message: 'internal server error', details: [] });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `route ${request.method} ${request.url.split('?')[0]} not found`, details: [] }),
  );
}

/**
 * A loss of the database (refused, terminated, dropped, not accepting connections, too many clients:
 * see db/database-loss.ts), however wrapped, as the 503 DatabaseUnavailableError (logged with what
 * happened); null for any other error. The OGC error handler uses it too.
 */
export function asDatabaseUnavailable(err: unknown, request: FastifyRequest): DatabaseUnavailableError | null {
  if (err instanceof DatabaseUnavailableError) return err;
  const loss = classifyDatabaseLoss(err);
  if (!loss) return null;
  request.log.warn({ err, databaseLoss: loss }, `database unavailable: ${DATABASE_LOSS_TEXT[loss.kind]}`);
  return new DatabaseUnavailableError();
}

/**
 * Fastify's `frameworkErrors` option: errors the router raises before any route runs (a path parameter
 * longer than maxParamLength, a malformed percent-encoding) answer in the same `{ error, message, details }`.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply.code(tooLong ? 414 : 400).send({
    error: tooLong ? 'uri_too_long' : 'bad_request',
    message: tooLong ? 'a path parameter is longer than 100 characters' : 'the URL is not valid (bad percent-encoding)',
    details: [{ field: '/params', message: tooLong ? 'too long' : 'invalid encoding' }],
  });
}
