import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { UnprocessableError } from '../../errors.ts';
import { ShortLivedCache } from '../../security/short-lived-cache.ts';
import { AREA_CACHE_TTL_MS, areaDataGeneration } from '../areas/area-cache.ts';
import type { Area } from '../areas/repository.ts';
import { registerLayerRoutes, pickColumns, type GeoFeature } from '../shared/layer-routes.ts';
import { POINT_MARGIN_DEG, checkNearArea } from '../shared/location.ts';
import { PointGeometry } from '../shared/schemas.ts';
import { ReportCreate, ReportFilters, ReportProperties, ReportUpdate } from './schemas.ts';

const FIELDS: Record<string, string> = {
  externalId: 'external_id', lon: 'lon', lat: 'lat', technology: 'technology', kind: 'kind', source: 'source',
  customerTier: 'customer_tier', reportedAt: 'reported_at', status: 'status', resolution: 'resolution',
  resolvedBySiteCode: 'resolved_by_site_code', resolvedByCandidateCode: 'resolved_by_candidate_code', address: 'address', note: 'note',
};

/** Map a report row to a GeoJSON feature. */
export function reportFeature(r: Record<string, unknown>): GeoFeature {
  return {
    type: 'Feature',
    id: r.id as number,
    geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: {
      id: r.id, externalId: r.external_id, technology: r.technology, kind: r.kind, source: r.source, customerTier: r.customer_tier,
      reportedAt: (r.reported_at as Date).toISOString(), status: r.status, resolution: r.resolution ?? null,
      resolvedBySiteCode: r.resolved_by_site_code ?? null, resolvedByCandidateCode: r.resolved_by_candidate_code ?? null,
      address: r.address ?? null, note: r.note ?? null,
    },
  };
}

/**
 * The report workflow: open -> investigating -> resolved. A resolved report carries a resolution
 * (and optionally the site or candidate that fixed it); reopening clears it.
 */
export function checkWorkflow(status: string, resolution: unknown): void {
  if (status === 'resolved' && !resolution) {
    throw new UnprocessableError('/body/resolution: a resolved report needs a resolution (optimized, repeater, new-site, no-fault-found)', [
      { field: '/body/resolution', message: 'required when status is resolved' },
    ]);
  }
  if (status !== 'resolved' && resolution) {
    throw new UnprocessableError(`/body/resolution: only a resolved report has a resolution (status is "${status}")`, [
      { field: '/body/resolution', message: 'only allowed when status is resolved', value: resolution },
    ]);
  }
}

function createColumns(input: Record<string, unknown>, area: Area): Record<string, unknown> {
  checkNearArea(area, input.lon as number, input.lat as number, POINT_MARGIN_DEG);
  const status = (input.status as string) ?? 'open';
  checkWorkflow(status, input.resolution);
  const columns = pickColumns(input, FIELDS);
  // Without an external id, a content hash keeps re-submission idempotent.
  columns.external_id ??= 'R-' + createHash('sha256').update(JSON.stringify([input.lon, input.lat, input.kind, input.source, input.reportedAt, input.address ?? ''])).digest('hex').slice(0, 16);
  return { technology: 'unknown', customer_tier: 'regular', status, ...columns };
}

function updateColumns(input: Record<string, unknown>, current: Record<string, unknown>, area: Area): Record<string, unknown> {
  const lon = (input.lon as number) ?? (current.lon as number);
  const lat = (input.lat as number) ?? (current.lat as number);
  checkNearArea(area, lon, lat, POINT_MARGIN_DEG);
  const status = (input.status as string) ?? (current.status as string);
  const columns = pickColumns(input, FIELDS);
  // Reopening (or moving back to investigating) clears the resolution unless one is given.
  if (status !== 'resolved' && input.resolution === undefined) {
    columns.resolution = null;
    columns.resolved_by_site_code = null;
    columns.resolved_by_candidate_code = null;
  }
  checkWorkflow(status, columns.resolution !== undefined ? columns.resolution : current.resolution);
  return columns;
}

/** A serialised page of the reports layer and its ETag (a digest of the bytes). */
interface CachedPage {
  body: Buffer;
  etag: string;
}

const MB = 1024 * 1024;

export const reportsRoutes: FastifyPluginAsync = async (app) => {
  // Pages of the reports layer (one per area, bbox, filters and page) as the bytes sent, for a few
  // seconds and until any write through this process (area-cache.ts): a repeated map read is then
  // one lookup and one write of bytes, without database queries or serialisation.
  const pages = new ShortLivedCache<CachedPage>({ ttlMs: AREA_CACHE_TTL_MS, maxEntries: 512, maxBytes: 64 * MB, sizeOf: (p) => p.body.length, generation: areaDataGeneration });
  const misses = new WeakMap<FastifyRequest, { key: string; generation: number }>();
  const isList = (request: FastifyRequest) => request.method === 'GET' && request.routeOptions.url?.endsWith('/areas/:areaId/reports') === true;

  // Hooks of this plugin only see the reports routes; they run after authentication and validation.
  app.addHook('preHandler', async (request, reply) => {
    if (!isList(request)) return;
    const key = `${(request.params as { areaId: string }).areaId}?${JSON.stringify(request.query)}`;
    const page = pages.get(key);
    if (!page) {
      misses.set(request, { key, generation: pages.generation() });
      return;
    }
    reply.header('etag', page.etag).header('cache-control', 'private, no-cache');
    if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(page.body);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const miss = misses.get(request);
    if (!miss || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const body = Buffer.from(payload);
    const etag = `"reports-${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
    pages.offer(miss.key, { body, etag }, miss.generation);
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    return body;
  });

  registerLayerRoutes(app, {
    path: 'reports', label: 'report', tag: 'reports', writeRole: 'planner',
    spec: { table: 'problem_reports', kind: 'point', naturalKey: 'external_id' },
    geometry: PointGeometry, properties: ReportProperties, create: ReportCreate, update: ReportUpdate,
    filters: ReportFilters, toFeature: reportFeature, createColumns, updateColumns,
  });
};
