import { Type, type Static } from 'typebox';

/** `GET /api/v1/coverage-jobs/:jobId`: a raster computed as tile jobs on the queue. */
export const CoverageJobProgress = Type.Object({
  jobId: Type.String({ format: 'uuid' }),
  state: Type.Enum(['running', 'done']),
  tilesDone: Type.Integer({ minimum: 0 }),
  tilesTotal: Type.Integer({ minimum: 0 }),
  etaS: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'seconds left at the rate so far; null until a tile is done',
  }),
  elapsedS: Type.Integer({ minimum: 0 }),
});
export type CoverageJobProgress = Static<typeof CoverageJobProgress>;

/** The 202 answer of a coverage request whose raster is being computed as a job (repeat the request once done). */
export const CoverageJobAcceptedAnswer = Type.Intersect([CoverageJobProgress, Type.Object({ progressUrl: Type.String() })]);
export type CoverageJobAcceptedAnswer = Static<typeof CoverageJobAcceptedAnswer>;

export const CoverageJobParams = Type.Object({ jobId: Type.String({ minLength: 1, maxLength: 64 }) });

/** The tile queue in `GET /api/v1/health` (PostgreSQL only). */
export const QueueHealth = Type.Object({
  name: Type.String(),
  status: Type.Enum(['ok', 'stalled']),
  queued: Type.Integer({ minimum: 0 }),
  active: Type.Integer({ minimum: 0 }),
  oldestQueuedAgeS: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});
export type QueueHealth = Static<typeof QueueHealth>;
