import type { FastifyInstance, onRequestHookHandler, onResponseHookHandler, onSendHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { ShortLivedCache } from '../../lib/short-lived-cache.ts';
import { UNSAFE_METHODS } from '../auth/roles.ts';
import * as repo from './repository.ts';
import type { Area } from './repository.ts';

/**
 * Read caches of area data (the area row, the reports pages, the cells list) are keyed by a process-wide
 * data generation: every write request through this process (POST, PUT, PATCH, DELETE on any route)
 * bumps it when it starts and again when its answer is ready (after its transaction committed), and
 * the services of this folder and of sites bump it after their own writes. A cached value is valid
 * only in the generation it was read in, so after a write through this process nothing read before it
 * is served again (an area's inputs version, hence the cells ETag, is always the current one).
 *
 * Writes by another process (a second instance or a script on the same PostgreSQL database) are seen
 * after at most AREA_CACHE_TTL_MS.
 */
export const AREA_CACHE_TTL_MS = 5_000;

let generation = 0;

/** Something areas, sites, cells or layers depend on changed (or may be changing): drop cached reads. */
export function areaDataChanged(): void {
  generation++;
}

/** The current data generation; read caches store it with each entry. */
export function areaDataGeneration(): number {
  return generation;
}

const perDatabase = new WeakMap<Kysely<Database>, ShortLivedCache<Area>>();

/** An area by id or code, from a cache of a few seconds (see above); undefined when there is none. */
export async function findAreaCached(db: Kysely<Database>, idOrCode: string | number): Promise<Area | undefined> {
  // Inside a transaction, read what the transaction sees.
  if (db.isTransaction) return repo.findArea(db, idOrCode);
  let cache = perDatabase.get(db);
  if (!cache)
    perDatabase.set(db, (cache = new ShortLivedCache<Area>({ ttlMs: AREA_CACHE_TTL_MS, maxEntries: 256, generation: areaDataGeneration })));
  return cache.fetch(String(idOrCode), () => repo.findArea(db, idOrCode));
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A POST that computes without writing anything these caches hold (a plan): it does not drop them,
     * so that plans running all day do not empty the caches of everyone's reads.
     */
    keepsReadCaches?: boolean;
  }
}

/**
 * Bump the data generation around every write request: when it arrives (its own reads then go to the
 * database) and when its answer is ready or the connection ends (its writes are committed by then).
 * Only routes with a write method get these hooks (unless they declare `keepsReadCaches`); reads pay
 * nothing. Install before the routes.
 */
export function installReadCacheInvalidation(app: FastifyInstance): void {
  const onRequest: onRequestHookHandler = (_request, _reply, done) => {
    areaDataChanged();
    done();
  };
  const onSend: onSendHookHandler = (_request, _reply, payload, done) => {
    areaDataChanged();
    done(null, payload);
  };
  const onResponse: onResponseHookHandler = (_request, _reply, done) => {
    areaDataChanged();
    done();
  };
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat().map((m) => String(m).toUpperCase());
    if (!methods.some((m) => UNSAFE_METHODS.has(m)) || route.config?.keepsReadCaches) return;
    route.onRequest = [onRequest, ...[route.onRequest ?? []].flat()];
    route.onSend = [...[route.onSend ?? []].flat(), onSend];
    route.onResponse = [...[route.onResponse ?? []].flat(), onResponse];
  });
}
