import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import { requestPrincipal, type Principal } from '../../../server/features/auth/principal.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';

/** The one way a handler reads the signed-in user (server/features/auth/principal.ts). */
describe.each(TEST_DATABASES)('requestPrincipal on $name', (target) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(target);
    const who = (req: Parameters<typeof requestPrincipal>[0]) => {
      const { username, role, via } = requestPrincipal(req);
      return { username, role, via };
    };
    t.app.get('/probe/viewer', { config: { role: 'viewer' } }, async (req) => who(req));
    t.app.get('/probe/public', { config: { role: 'public' } }, async (req) => who(req));
  });
  afterAll(async () => t?.close());

  it('is the caller that access control authenticated', async () => {
    const viewer = await t.createUser('viewer');
    const res = await t.anonymousInject({ method: 'GET', url: '/probe/viewer', headers: { authorization: `Bearer ${viewer.token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ username: viewer.username, role: 'viewer', via: 'token' });
  });

  it('answers 401 unauthenticated where nobody signed in (a public route)', async () => {
    const res = await t.anonymousInject({ method: 'GET', url: '/probe/public' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'unauthenticated' });
  });
});

describe('requestPrincipal on a request', () => {
  const request = (principal: Principal | null) => ({ principal }) as FastifyRequest;

  it('returns the caller that access control set', () => {
    const principal: Principal = { userId: 7, username: 'planner-1', role: 'planner', via: 'token', tokenId: 3 };
    expect(requestPrincipal(request(principal))).toBe(principal);
  });

  it('throws the 401 unauthenticated error when nobody is signed in', () => {
    expect(() => requestPrincipal(request(null))).toThrow(AppError);
    expect(() => requestPrincipal(request(null))).toThrow(expect.objectContaining({ code: 'unauthenticated', statusCode: 401 }));
  });
});
