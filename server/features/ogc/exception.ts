import type { FastifyError, FastifyInstance } from 'fastify';
import { asDatabaseUnavailable, dataErrorAnswer } from '../../error-handler.ts';
import { AppError, RETRY_AFTER_S } from '../../errors.ts';

const CODES: Record<number, string> = {
  400: 'InvalidParameterValue',
  401: 'NotAuthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  406: 'NotAcceptable',
  409: 'Conflict',
  422: 'Unprocessable',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

/**
 * Errors under /ogc in the OGC exception shape `{ code, description }` (ogcapi-features-1.yaml):
 * domain errors keep their message, validation errors name the parameter, stored data the engine
 * refuses is a 422 and a loss of the database a 503 ServiceUnavailable with Retry-After (as on
 * /api/v1), a 5xx shows nothing internal.
 */
export function installOgcErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    let status: number;
    let description: string;
    const known = err instanceof AppError ? err : asDatabaseUnavailable(err, request);
    const data = known || err.validation ? null : dataErrorAnswer(err);
    if (known) {
      status = known.statusCode;
      description = known.message;
    } else if (data) {
      status = data.status;
      description = data.body.message;
    } else if (err.validation) {
      status = 400;
      const v = err.validation[0];
      description = `${err.validationContext ?? 'request'}${v?.instancePath ?? ''}: ${v?.message ?? 'invalid'}`;
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode;
      description = err.message;
    } else {
      request.log.error({ err }, 'unhandled error');
      status = 500;
      description = 'internal server error';
    }
    if (status === 503) reply.header('retry-after', String(RETRY_AFTER_S));
    return reply
      .code(status)
      .type('application/json')
      .send({ code: CODES[status] ?? (status >= 500 ? 'ServerError' : 'BadRequest'), description });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/json')
      .send({ code: 'NotFound', description: `no resource at ${request.method} ${request.url.split('?')[0]}` }),
  );
}
