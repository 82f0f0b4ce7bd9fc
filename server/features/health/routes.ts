import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { APP_VERSION } from '../../version.ts';

const Health = Type.Object({ status: Type.Literal('ok'), database: Type.Enum(['pglite', 'postgres']), version: Type.String() });

/** Liveness + database check: 503 while the database is unreachable. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', { config: { role: 'public' }, schema: { tags: ['health'], summary: 'Service and database health', response: { 200: Health } } }, async () => {
    try {
      await sql`select 1`.execute(app.db);
    } catch {
      throw new AppError('database_unavailable', 503, 'the database is unavailable; retry shortly');
    }
    return { status: 'ok' as const, database: app.dbKind, version: APP_VERSION };
  });
};
