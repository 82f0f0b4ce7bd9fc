import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Health } from '../../contract/health.ts';
import { DatabaseUnavailableError } from '../../errors.ts';
import { APP_VERSION } from '../../version.ts';
import type { QueueFigures } from '../coverage/tile-queue.ts';

/** The health check answers 503 when the database has not answered `select 1` within this. */
const HEALTH_TIMEOUT_MS = 3000;

/** Liveness + database check: 503 while the database is unreachable. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { config: { role: 'public' }, schema: { tags: ['health'], summary: 'Service and database health', response: { 200: Health } } },
    async (request) => {
      // A frozen database must not hang the probe: answer 503 after HEALTH_TIMEOUT_MS.
      try {
        await app.dbHandle.ping(HEALTH_TIMEOUT_MS);
      } catch (err) {
        // Whatever the database answered (or not): the service cannot work without it.
        request.log.warn({ err }, 'health check: the database did not answer select 1');
        throw new DatabaseUnavailableError();
      }
      const health: Health = { status: 'ok', database: app.dbKind, version: APP_VERSION };
      if (app.coverageQueue) {
        let figures: QueueFigures;
        let timer: NodeJS.Timeout | undefined;
        try {
          // Bounded like the ping: a frozen server must not hang the probe.
          figures = await Promise.race([
            app.coverageQueue.figures(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
            }),
          ]);
        } catch (err) {
          request.log.warn({ err }, 'health check: the coverage tile queue could not be read');
          throw new DatabaseUnavailableError();
        } finally {
          clearTimeout(timer);
        }
        const stallS = app.config.coverageQueueStallS ?? 120;
        const stalled = figures.active === 0 && figures.oldestQueuedAgeS !== null && figures.oldestQueuedAgeS > stallS;
        health.queue = { name: app.coverageQueue.name, status: stalled ? 'stalled' : 'ok', ...figures };
      }
      return health;
    },
  );
};
