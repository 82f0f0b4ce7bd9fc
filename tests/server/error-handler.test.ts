import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseConnectError } from '../../server/db/database-loss.ts';
import { installErrorHandler } from '../../server/error-handler.ts';
import { installOgcErrorHandling } from '../../server/features/ogc/exception.ts';

function pgError(code: string, message: string, severity: string): pg.DatabaseError {
  return Object.assign(new pg.DatabaseError(message, message.length, 'error'), { code, severity });
}

/** Errors as the routes see them when the database is lost, wrapped the ways the code wraps them. */
const LOSSES: Record<string, () => unknown> = {
  'database not accepting connections (55000), on connect': () =>
    new DatabaseConnectError(pgError('55000', 'database "svc" is not currently accepting connections', 'FATAL')),
  'database dropped (3D000)': () => pgError('3D000', 'database "svc" does not exist', 'FATAL'),
  'too many clients (53300)': () => pgError('53300', 'sorry, too many clients already', 'FATAL'),
  'terminated in a transaction, then the rollback failed': () =>
    new Error('Client has encountered a connection error and is not queryable'),
  'refused, inside an import error': () =>
    new Error('import of r.csv failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    }),
  'refused on every address of the host': () =>
    Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''), {
      code: 'ECONNREFUSED',
    }),
  'pool closed': () => new Error('Cannot use a pool after calling end on the pool'),
};

describe('error handlers on a loss of the database', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    installErrorHandler(app);
    app.get('/api/fail/:which', async (req) => {
      throw LOSSES[(req.params as { which: string }).which]!();
    });
    app.get('/api/statement', async () => {
      throw pgError('55000', 'lastval is not yet defined in this session', 'ERROR');
    });
    await app.register(
      async (ogc) => {
        installOgcErrorHandling(ogc);
        ogc.get('/fail/:which', async (req) => {
          throw LOSSES[(req.params as { which: string }).which]!();
        });
      },
      { prefix: '/ogc' },
    );
    await app.ready();
  });
  afterAll(async () => app.close());

  it.each(Object.keys(LOSSES))('answers 503 database_unavailable with Retry-After, nothing internal: %s', async (which) => {
    const res = await app.inject({ method: 'GET', url: `/api/fail/${encodeURIComponent(which)}` });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: 'database_unavailable', message: 'the database is unavailable; retry shortly', details: [] });
    expect(res.headers['retry-after']).toBe('5');
  });

  it.each(Object.keys(LOSSES))('answers the OGC exception 503 ServiceUnavailable with Retry-After under /ogc: %s', async (which) => {
    const res = await app.inject({ method: 'GET', url: `/ogc/fail/${encodeURIComponent(which)}` });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ code: 'ServiceUnavailable', description: 'the database is unavailable; retry shortly' });
    expect(res.headers['retry-after']).toBe('5');
  });

  it('keeps a statement error of the same SQLSTATE an internal error (500, no Retry-After)', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/statement' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'internal_error', message: 'internal server error', details: [] });
    expect(res.headers['retry-after']).toBeUndefined();
  });
});
