import { Type, type Static } from 'typebox';
import { QueueHealth } from './coverage-jobs.ts';

/**
 * `GET /api/v1/health` (public): the service answers and its database answered `select 1`; 503
 * otherwise. On PostgreSQL, `queue` tells the coverage tile queue's figures ("stalled": tiles have
 * waited longer than COVERAGE_QUEUE_STALL_S with none being worked on: no worker process is taking them).
 */
export const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Enum(['pglite', 'postgres']),
  version: Type.String(),
  queue: Type.Optional(QueueHealth),
});
export type Health = Static<typeof Health>;
