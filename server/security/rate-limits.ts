import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Register @fastify/rate-limit without a global limit: routes opt in through `app.rateLimit(...)`
 * (login, expensive computations). Exceeding a limit answers 429 in the usual JSON error shape.
 */
export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => {
      const after = (context as { after?: string }).after;
      return new AppError('too_many_requests', 429, `too many requests; retry in ${after ?? 'a minute'}`);
    },
  });
}
