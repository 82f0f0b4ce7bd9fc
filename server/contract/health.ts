import { Type, type Static } from 'typebox';

/** `GET /api/v1/health` (public): the service answers and its database answered `select 1`; 503 otherwise. */
export const Health = Type.Object({ status: Type.Literal('ok'), database: Type.Enum(['pglite', 'postgres']), version: Type.String() });
export type Health = Static<typeof Health>;
