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
    /** The authenticated caller; null on public routes and before the access hook ran. */
    principal: Principal | null;
  }
}
