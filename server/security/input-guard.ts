import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../errors.ts';

/** Nested levels walked; deeper input is refused rather than walked (schemas nest far less). */
const MAX_DEPTH = 64;

/**
 * Refuse validated input the database cannot store faithfully, naming the field:
 * - non-finite numbers: Ajv's type coercion turns the strings "Infinity" and "1e400" into Infinity and
 *   then skips minimum/maximum (its range checks only run on finite numbers), so `lon: "Infinity"`
 *   or `?lat=-Infinity` would pass every schema; JSON itself cannot carry them;
 * - the NUL character, which PostgreSQL refuses in text and jsonb.
 * Runs as a preHandler, i.e. after schema validation and coercion, for every route.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const problem =
      firstProblem(request.params, '/params', 0) ??
      firstProblem(request.query, '/querystring', 0) ??
      firstProblem(request.body, '/body', 0);
    if (problem) throw new BadRequestError(`${problem.field}: ${problem.message}`, [problem]);
  });
}

function firstProblem(value: unknown, field: string, depth: number): { field: string; message: string } | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : { field, message: `must be a finite number, got ${String(value)}` };
  if (typeof value === 'string') return value.includes('\u0000') ? { field, message: 'must not contain the NUL character' } : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  if (depth >= MAX_DEPTH) return { field, message: `nested more than ${MAX_DEPTH} levels deep` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = firstProblem(value[i], `${field}/${i}`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000'))
      return { field: `${field}/${key.replace(/\u0000/g, '\\u0000')}`, message: 'a property name must not contain the NUL character' };
    const p = firstProblem((value as Record<string, unknown>)[key], `${field}/${key}`, depth + 1);
    if (p) return p;
  }
  return null;
}
