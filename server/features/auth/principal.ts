import type { FastifyRequest } from 'fastify';
import type { CredentialKind, UserRole } from '../../contract/auth.ts';
import { unauthenticated } from './auth-service.ts';

/** Who is calling, and how they proved it. */
export interface Principal {
  userId: number;
  username: string;
  role: UserRole;
  via: CredentialKind;
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

/** The user behind a session or an API token, as the credential lookups find it. */
export type CredentialOwner = Pick<Principal, 'userId' | 'username' | 'role'>;

/**
 * The signed-in caller of `request`. Access control sets it before every route that is not public, so
 * there this never throws; on a public route it throws the 401 `unauthenticated` error.
 */
export function requestPrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}
