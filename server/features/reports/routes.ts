import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import {
  ReportCreate,
  ReportKind,
  ReportProperties,
  ReportSource,
  ReportStatus,
  ReportTechnology,
  ReportUpdate,
  type ReportResolution,
} from '../../contract/reports.ts';
import { PointGeometry } from '../../contract/shared.ts';
import type { Kysely } from 'kysely';
import type { Database, ReportRow } from '../../db/types.ts';
import { UnprocessableError } from '../../errors.ts';
import { ShortLivedCache } from '../../lib/short-lived-cache.ts';
import { AREA_CACHE_TTL_MS, areaDataGeneration } from '../areas/area-cache.ts';
import type { Area } from '../areas/repository.ts';
import type { LayerInsert, LayerUpdate } from '../shared/layer-repository.ts';
import { registerLayerRoutes, type LayerFilter } from '../shared/layer-routes.ts';
import { loadGazetteer } from '../places/service.ts';
import { POINT_MARGIN_DEG, checkNearArea } from '../shared/location.ts';
import { REPORTS_TABLE, reportColumns, reportFeature } from './repository.ts';

/** The list filters of the reports layer: query parameter -> its schema and column. */
const REPORT_FILTERS: Record<string, LayerFilter> = {
  technology: { schema: ReportTechnology, column: 'technology' },
  status: { schema: ReportStatus, column: 'status' },
  kind: { schema: ReportKind, column: 'kind' },
  source: { schema: ReportSource, column: 'source' },
};

/**
 * The report workflow: open -> investigating -> resolved. A resolved report carries a resolution
 * (and optionally the site or candidate that fixed it); reopening clears it.
 */
export function checkWorkflow(status: ReportStatus, resolution: ReportResolution | null | undefined): void {
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

/** Where a new report goes: its own coordinates, else the gazetteer place its address names. */
type ReportPlacement = Pick<LayerInsert<'problem_reports'>, 'lon' | 'lat' | 'located' | 'place_id' | 'place_name' | 'location_radius_m'>;

/**
 * The position of a new report: lon and lat together, or (neither given) the address placed by the
 * area's gazetteer with the import's rule (Gazetteer.locate: the longest name or alias the address
 * contains, then the smaller place). Each refusal names its field.
 */
export async function placeNewReport(db: Kysely<Database>, input: ReportCreate, area: Area): Promise<ReportPlacement> {
  if (input.lon !== undefined || input.lat !== undefined) {
    if (input.lon === undefined || input.lat === undefined) {
      const missing = input.lon === undefined ? 'lon' : 'lat';
      throw new UnprocessableError(
        `/body/${missing}: required with /body/${missing === 'lon' ? 'lat' : 'lon'} (give both, or neither and an address)`,
        [{ field: `/body/${missing}`, message: 'required when the other coordinate is given' }],
      );
    }
    checkNearArea(area, input.lon, input.lat, POINT_MARGIN_DEG);
    return { lon: input.lon, lat: input.lat, located: 'coordinates', place_id: null, place_name: null, location_radius_m: null };
  }
  const address = input.address?.trim() ?? '';
  if (address === '') {
    throw new UnprocessableError('/body/address: a report needs lon and lat, or an address the area gazetteer can place', [
      { field: '/body/address', message: 'required when lon and lat are not given' },
    ]);
  }
  const gazetteer = await loadGazetteer(db, area.id);
  if (gazetteer.size === 0) {
    throw new UnprocessableError(
      `/body/address: no coordinates, and area "${area.code}" has no gazetteer to place the address by: import its places first (kind places)`,
      [{ field: '/body/address', message: 'the area has no gazetteer', value: address }],
    );
  }
  const match = gazetteer.locate(address);
  if (!match) {
    throw new UnprocessableError(
      `/body/address: no place in the gazetteer of area "${area.code}" matches "${address}" (give lon and lat, or add the place or an alias)`,
      [{ field: '/body/address', message: 'no place in the gazetteer matches the address', value: address }],
    );
  }
  return {
    lon: match.lon,
    lat: match.lat,
    located: 'address',
    place_id: match.place.id,
    place_name: match.place.name,
    location_radius_m: match.radiusM,
  };
}

async function createColumns(db: Kysely<Database>, input: ReportCreate, area: Area): Promise<LayerInsert<'problem_reports'>> {
  const placement = await placeNewReport(db, input, area);
  const status = input.status ?? 'open';
  checkWorkflow(status, input.resolution);
  // Without an external id, a content hash keeps re-submission idempotent.
  const externalId =
    input.externalId ??
    'R-' +
      createHash('sha256')
        // An address-placed report is identified by its address, not by where the gazetteer puts it (as in imports).
        .update(JSON.stringify([input.lon ?? null, input.lat ?? null, input.kind, input.source, input.reportedAt, input.address ?? '']))
        .digest('hex')
        .slice(0, 16);
  return {
    ...reportColumns(input),
    area_id: area.id,
    external_id: externalId,
    ...placement,
    kind: input.kind,
    source: input.source,
    reported_at: input.reportedAt,
    technology: input.technology ?? 'unknown',
    customer_tier: input.customerTier ?? 'regular',
    status,
  };
}

function updateColumns(input: ReportUpdate, current: ReportRow, area: Area): LayerUpdate<'problem_reports'> {
  checkNearArea(area, input.lon ?? current.lon, input.lat ?? current.lat, POINT_MARGIN_DEG);
  const status = input.status ?? current.status;
  const columns = reportColumns(input);
  // Reopening (or moving back to investigating) clears the resolution unless one is given.
  if (status !== 'resolved' && input.resolution === undefined) {
    columns.resolution = null;
    columns.resolved_by_site_code = null;
    columns.resolved_by_candidate_code = null;
  }
  checkWorkflow(status, columns.resolution !== undefined ? columns.resolution : current.resolution);
  // A position given by hand is the report's own: no longer placed from its address.
  if (input.lon !== undefined || input.lat !== undefined) {
    columns.located = 'coordinates';
    columns.place_id = null;
    columns.place_name = null;
    columns.location_radius_m = null;
  }
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
  const pages = new ShortLivedCache<CachedPage>({
    ttlMs: AREA_CACHE_TTL_MS,
    maxEntries: 512,
    maxBytes: 64 * MB,
    sizeOf: (p) => p.body.length,
    generation: areaDataGeneration,
  });
  const misses = new WeakMap<FastifyRequest, { key: string; generation: number }>();
  const isList = (request: FastifyRequest) =>
    request.method === 'GET' && request.routeOptions.url?.endsWith('/areas/:areaId/reports') === true;

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
    path: 'reports',
    label: 'report',
    tag: 'reports',
    writeRole: 'planner',
    spec: REPORTS_TABLE,
    geometry: PointGeometry,
    properties: ReportProperties,
    create: ReportCreate,
    update: ReportUpdate,
    filters: REPORT_FILTERS,
    toFeature: reportFeature,
    createColumns: (input, area) => createColumns(app.db, input, area),
    updateColumns,
  });
};
