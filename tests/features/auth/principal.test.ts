import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../server/errors.ts';
import { requestPrincipal, type Principal } from '../../../server/features/auth/principal.ts';

const request = (principal: Principal | null) => ({ principal }) as FastifyRequest;

describe('requestPrincipal', () => {
  it('returns the caller that access control set', () => {
    const principal: Principal = { userId: 7, username: 'planner-1', role: 'planner', via: 'token', tokenId: 3 };
    expect(requestPrincipal(request(principal))).toBe(principal);
  });

  it('throws the 401 unauthenticated error when nobody is signed in', () => {
    expect(() => requestPrincipal(request(null))).toThrow(AppError);
    try {
      requestPrincipal(request(null));
    } catch (err) {
      expect(err).toMatchObject({ code: 'unauthenticated', statusCode: 401 });
    }
  });
});
