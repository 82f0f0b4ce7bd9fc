import type { UserRole } from '../../contract/auth.ts';

/** What a route needs: `public` (anyone) or the least user role. */
export type RouteRole = 'public' | UserRole;

const RANK: Record<RouteRole, number> = { public: 0, viewer: 1, planner: 2, admin: 3 };

/** True when a user with `held` may call a route that needs `needed`. */
export function roleAllows(held: UserRole, needed: RouteRole): boolean {
  return RANK[held] >= RANK[needed];
}

export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
