import type { FastifyRequest } from 'fastify';
import { unauthenticated } from './auth-service.ts';
import type { UserRole } from './roles.ts';

/** Who is calling, and how they proved it. */
export interface Principal {
  userId: number;
  username: string;
  role: UserRole;
  via: 'session' | 'token' | 'basic';
  /** Session id hash (cookie sessions only). */
  sessionIdHash?: string;
  /** The session's CSRF token (cookie sessions only). */
  csrfToken?: string;
  tokenId?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The authenticated caller; null on public routes and before the access hook ran. Handlers read
     * it through requestPrincipal(); only hooks that also see anonymous requests read it directly.
     */
    principal: Principal | null;
  }
}

/**
 * The signed-in user of a request, as access control (access-control.ts) set it. Every non-public
 * route has one by the time its handler runs; without one (a public route) this throws the 401
 * `unauthenticated` error rather than letting a handler store or act for nobody.
 */
export function requestPrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}
