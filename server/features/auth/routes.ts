import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  IdParams,
  LoginAnswer,
  LoginBody,
  Me,
  PasswordChange,
  TokenCreate,
  TokenCreated,
  TokenList,
  authErrors,
  type TokenInfo,
} from '../../contract/auth.ts';
import { errorResponses } from '../../contract/shared.ts';
import { recordAudit } from '../audit/service.ts';
import {
  SESSION_COOKIE,
  SESSION_TTL_MS,
  changeOwnPassword,
  checkCredentials,
  createApiToken,
  normaliseUsername,
  revokeApiToken,
  startSession,
  unauthenticated,
  type PasswordCheckGuard,
} from './auth-service.ts';
import { requestPrincipal } from './principal.ts';
import { deleteSession, listApiTokens, type ApiToken } from './repository.ts';

/** Sign-in for the web client (session cookie + CSRF token) and API tokens for scripts: `/api/v1/auth`. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['auth'];
  const secureCookie = app.config.behindHttps ?? false;
  const perMinute = app.config.loginRateLimitPerMinute ?? 10;
  // Every sign-in request, right or wrong. One limiter only: @fastify/rate-limit runs the first of a
  // request's limiters and skips the others. Spraying many usernames from one address is stopped by
  // the per-address key of app.passwordAttempts, which wrong passwords spend.
  const loginLimit = app.rateLimit({
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => `${req.ip}|${normaliseUsername(String((req.body as { username?: unknown })?.username ?? ''))}`,
  });

  app.post(
    '/auth/login',
    {
      config: { role: 'public', audit: false },
      preHandler: loginLimit,
      schema: {
        tags,
        summary: 'Sign in: sets the session cookie and returns the CSRF token for writes',
        body: LoginBody,
        response: { 200: LoginAnswer, ...errorResponses, ...authErrors },
      },
    },
    async (req, reply) => {
      // Reserve-then-verify: a slot is taken before the scrypt check, so a burst cannot outrun the limit.
      const user = await app.passwordAttempts.attempt(req.ip, req.body.username, () =>
        checkCredentials(app.db, req.body.username, req.body.password),
      );
      const audit = { method: 'POST', route: req.routeOptions.url ?? req.url, entity: 'session', ip: req.ip };
      if (!user) {
        await recordAudit(app.db, {
          ...audit,
          status: 401,
          username: normaliseUsername(req.body.username).slice(0, 64),
          action: 'login_failed',
        });
        throw unauthenticated('invalid username or password');
      }
      const session = await startSession(app.db, user.id);
      reply.setCookie(SESSION_COOKIE, session.cookieValue, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookie || req.protocol === 'https',
        path: '/',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      await recordAudit(app.db, { ...audit, status: 200, username: user.username, action: 'login', entityKey: user.username });
      return { username: user.username, role: user.role, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { role: 'viewer', audit: { entity: 'session', action: 'logout' } },
      schema: { tags, summary: 'Sign out: ends the session and clears the cookie', response: { 204: Type.Null(), ...authErrors } },
    },
    async (req, reply) => {
      const principal = requestPrincipal(req);
      if (principal.sessionIdHash) await deleteSession(app.db, principal.sessionIdHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags, summary: 'The signed-in user (and the CSRF token of a cookie session)', response: { 200: Me, ...authErrors } } },
    async (req) => {
      const { username, role, via, csrfToken } = requestPrincipal(req);
      return { username, role, via, ...(csrfToken ? { csrfToken } : {}) };
    },
  );

  // Each change hashes twice and runs the strength estimator: a brake per user on top of the password budget.
  const passwordChangeLimit = app.rateLimit({
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => `user:${req.principal?.userId ?? req.ip}`,
  });
  app.post(
    '/auth/password',
    {
      config: { role: 'viewer', audit: { entity: 'users', action: 'password' } },
      preHandler: passwordChangeLimit,
      schema: {
        tags,
        summary: 'Change your own password (your other sessions end; revokeTokens: your API tokens too)',
        body: PasswordChange,
        response: { 204: Type.Null(), ...errorResponses, ...authErrors },
      },
    },
    async (req, reply) => {
      const principal = requestPrincipal(req);
      const guard: PasswordCheckGuard = (username, check) => app.passwordAttempts.attempt(req.ip, username, check);
      await changeOwnPassword(app.db, principal.userId, req.body, { guard, keepSessionIdHash: principal.sessionIdHash });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/tokens',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'Create an API token for scripts (shown once)',
        body: TokenCreate,
        response: { 201: TokenCreated, ...errorResponses, ...authErrors },
      },
    },
    async (req, reply) => {
      const created = await createApiToken(app.db, requestPrincipal(req).userId, req.body.name);
      return reply.code(201).send({ id: created.id, name: created.name, token: created.token });
    },
  );

  app.get(
    '/auth/tokens',
    { schema: { tags, summary: 'Your API tokens (without the secrets)', response: { 200: TokenList, ...authErrors } } },
    async (req) => ({
      items: (await listApiTokens(app.db, requestPrincipal(req).userId)).map(tokenDto),
    }),
  );

  app.delete(
    '/auth/tokens/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'Revoke one of your API tokens',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses, ...authErrors },
      },
    },
    async (req, reply) => {
      await revokeApiToken(app.db, requestPrincipal(req).userId, req.params.id);
      return reply.code(204).send(null);
    },
  );
};

function tokenDto(t: ApiToken): TokenInfo {
  return {
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
