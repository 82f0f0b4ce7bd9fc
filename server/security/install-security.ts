import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { installCors } from './cors.ts';
import { registerRateLimits } from './rate-limits.ts';
import { registerSecurityHeaders } from './security-headers.ts';

export interface SecurityOptions {
  /** Origins allowed to call the API cross-origin (none: CORS off). */
  corsOrigins?: string[];
  /** Served over https (directly or behind a proxy): Secure cookies, HSTS, upgrade-insecure-requests. */
  https?: boolean;
  /** Extra origins for connect-src/img-src, e.g. a remote base-map tile server. */
  cspOrigins?: string[];
}

/** Cookies, security headers, CORS and the rate-limit plugin; call before any route is registered. */
export async function installSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  await app.register(cookie);
  await registerSecurityHeaders(app, { extraOrigins: options.cspOrigins, https: options.https });
  installCors(app, options.corsOrigins ?? []);
  await registerRateLimits(app);
}
