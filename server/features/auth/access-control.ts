import type { FastifyInstance, FastifyReply, RouteOptions } from 'fastify';
import { AppError } from '../../errors.ts';
import { ConcurrencyLimiter, limitConcurrency } from '../../security/concurrency-limit.ts';
import { unauthenticated } from './auth-service.ts';
import { authenticateRequest } from './credentials.ts';
import { PasswordAttempts } from './password-attempts.ts';
import './principal.ts';
import { UNSAFE_METHODS, roleAllows, type RouteRole } from './roles.ts';
import { safeEqual } from './secrets.ts';

/** One registered route and the role it needs, as enforced (for tests and audits of the route table). */
export interface RouteAccess {
  methods: string[];
  url: string;
  role: RouteRole;
  /** False when the role is the default rather than declared by the route. */
  declared: boolean;
  expensive: boolean;
}

export interface AccessControlOptions {
  /** Static files served from this directory (the web client) are public. */
  webRoot?: string;
  /** Calls per minute per user to routes declaring `config: { expensive: true }`. */
  expensivePerMinute: number;
  /** Wrong passwords per minute per client address and user name (see PasswordAttempts). */
  passwordAttemptsPerMinute: number;
  /** Expensive requests of one user running at once (default 4); one more answers 429 at once. */
  expensiveConcurrencyPerUser?: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Rate-limited and concurrency-limited per user: coverage computations, optimisation runs. */
    expensive?: boolean;
  }
  interface FastifyInstance {
    /** Every route with its effective role, in registration order. */
    readonly accessRoutes: readonly RouteAccess[];
    /** The budget every password check of this app takes a slot from before verifying. */
    readonly passwordAttempts: PasswordAttempts;
  }
}

/**
 * Expensive requests one user may have running at once unless configured (EXPENSIVE_CONCURRENCY_PER_USER):
 * the web client's planner asks for up to four at once (ranking and three sets of figures).
 */
export const DEFAULT_EXPENSIVE_CONCURRENCY_PER_USER = 4;

/**
 * Enforce each route's `config.role` in one `onRequest` hook: 401 without valid credentials, 403
 * with too small a role or (cookie sessions) without the matching `x-csrf-token` on a write.
 * A route without a role needs `viewer` to read and `admin` to write (fail closed); static files of
 * the web client and `/docs` are public. Install before any route is registered.
 */
export function installAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  const routes: RouteAccess[] = [];
  app.decorate('accessRoutes', routes);
  app.decorateRequest('principal', null);
  const passwordAttempts = new PasswordAttempts(options.passwordAttemptsPerMinute);
  app.decorate('passwordAttempts', passwordAttempts);

  let expensiveLimiter: ReturnType<FastifyInstance['rateLimit']> | undefined;
  const concurrency = new ConcurrencyLimiter(options.expensiveConcurrencyPerUser ?? DEFAULT_EXPENSIVE_CONCURRENCY_PER_USER);
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat().map((m) => String(m).toUpperCase());
    const declared = route.config?.role;
    const role = declared ?? defaultRole(route, methods, options.webRoot);
    route.config = { ...route.config, role };
    if (route.config.expensive) {
      expensiveLimiter ??= app.rateLimit({
        max: options.expensivePerMinute,
        timeWindow: 60_000,
        keyGenerator: (request) => (request.principal ? `user:${request.principal.userId}` : `ip:${request.ip}`),
      });
      route.preHandler = [...[route.preHandler ?? []].flat(), expensiveLimiter];
      route.handler = limitConcurrency(route.handler, concurrency);
    }
    routes.push({ methods, url: route.url, role, declared: declared !== undefined, expensive: Boolean(route.config.expensive) });
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const needed = request.routeOptions.config.role ?? 'admin';
    if (needed === 'public') return;
    const ogc = isOgcRoute(request.routeOptions.url);
    const basicAllowed = ogc && !UNSAFE_METHODS.has(request.method);
    const principal = await authenticateRequest(app.db, request, { basicAllowed, passwordAttempts }).catch((err: unknown) => {
      if (err instanceof AppError && err.statusCode === 401) challenge(reply, ogc);
      throw err;
    });
    if (!principal) {
      challenge(reply, ogc);
      throw unauthenticated();
    }
    if (principal.via === 'session' && UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
        throw new AppError('csrf_token_invalid', 403, 'writes with a session cookie need the x-csrf-token header from the login answer');
      }
    }
    if (!roleAllows(principal.role, needed)) {
      throw new AppError(
        'forbidden',
        403,
        `${request.method} ${request.routeOptions.url} needs the ${needed} role; "${principal.username}" is ${principal.role}`,
      );
    }
    request.principal = principal;
  });
}

function defaultRole(route: RouteOptions, methods: string[], webRoot: string | undefined): RouteRole {
  const config = route.config as { rootPath?: unknown; file?: unknown } | undefined;
  // @fastify/static (wildcard: false) registers one route per file, tagging it with its root.
  if (
    webRoot &&
    typeof config?.file === 'string' &&
    typeof config.rootPath === 'string' &&
    withSlash(config.rootPath) === withSlash(webRoot)
  )
    return 'public';
  if (route.url === '/docs' || route.url.startsWith('/docs/')) return 'public';
  return methods.some((m) => UNSAFE_METHODS.has(m)) ? 'admin' : 'viewer';
}

function isOgcRoute(url: string | undefined): boolean {
  return url !== undefined && (url === '/ogc' || url.startsWith('/ogc/'));
}

/** RFC 7235: a 401 names the schemes that would work; Basic only where it is accepted (GDAL on /ogc). */
function challenge(reply: FastifyReply, ogc: boolean): void {
  reply.header('www-authenticate', ogc ? 'Basic realm="Coverage Planner", charset="UTF-8", Bearer' : 'Bearer');
}

function withSlash(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/?$/, '/');
}
