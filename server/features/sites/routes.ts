import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createHash } from 'node:crypto';
import type { Technology } from '../../core/model.ts';
import type { BBox } from '../../core/validation/geometry.ts';
import { areaDataGeneration } from '../areas/area-cache.ts';
import type { Area } from '../areas/repository.ts';
import { requireArea } from '../areas/service.ts';
import { parseBBox, parseListQuery } from '../shared/paging.ts';
import {
  CellFeature,
  CellFeatureCollection,
  CellUpdate,
  CellsQuery,
  Site,
  SiteCreate,
  SiteList,
  SiteUpdate,
} from '../../contract/sites.ts';
import { AreaParams, ItemParams, ListQuery, errorResponses } from '../../contract/shared.ts';
import { findCell, listCellsWithSites, listSites } from './repository.ts';
import { NotFoundError } from '../../errors.ts';
import * as service from './service.ts';

/** Sites with nested cells, and the cells layer: `/api/v1/areas/:areaId/sites|cells`. */
export const sitesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The cells layer as the bytes sent (and its ETag) per area inputs version, technology and bbox.
  const cellsCache = new Map<string, { body: Buffer; etag: string }>();
  const cellsLoading = new Map<string, Promise<{ body: Buffer; etag: string }>>();
  async function loadCells(
    area: Area,
    key: string,
    etag: string,
    technology: Technology | undefined,
    bbox: BBox | undefined,
  ): Promise<{ body: Buffer; etag: string }> {
    const generation = areaDataGeneration();
    const cells = await listCellsWithSites(app.db, area.id, { technology, bbox });
    const features = cells.map(service.cellFeature);
    const entry = {
      body: Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection' as const,
          numberMatched: features.length,
          numberReturned: features.length,
          next: null,
          features,
        }),
      ),
      etag,
    };
    // Kept only when no write went through meanwhile: the rows then belong to the key's version.
    if (generation === areaDataGeneration()) {
      for (const k of cellsCache.keys())
        if (k.startsWith(`${area.id}:`) && !k.startsWith(`${area.id}:${area.inputsVersion}:`)) cellsCache.delete(k);
      if (cellsCache.size >= 64) cellsCache.delete(cellsCache.keys().next().value!);
      cellsCache.set(key, entry);
    }
    return entry;
  }
  const tags = ['sites'];
  app.get(
    '/areas/:areaId/sites',
    {
      schema: {
        tags,
        summary: 'List sites with their cells',
        params: AreaParams,
        querystring: ListQuery,
        response: { 200: SiteList, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const page = await listSites(app.db, area.id, parseListQuery(req.query));
      return { items: page.items, total: page.total };
    },
  );
  app.get(
    '/areas/:areaId/sites/:id',
    { schema: { tags, summary: 'Get a site', params: ItemParams, response: { 200: Site, ...errorResponses } } },
    async (req) => service.getSite(app.db, await requireArea(app.db, req.params.areaId), req.params.id),
  );
  app.post(
    '/areas/:areaId/sites',
    {
      config: { role: 'planner' },
      schema: {
        tags,
        summary: 'Create a site with its cells',
        params: AreaParams,
        body: SiteCreate,
        response: { 201: Site, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createSite(app.db, await requireArea(app.db, req.params.areaId), req.body)),
  );
  app.patch(
    '/areas/:areaId/sites/:id',
    {
      config: { role: 'planner' },
      schema: {
        tags,
        summary: 'Update a site (and optionally replace its cells)',
        params: ItemParams,
        body: SiteUpdate,
        response: { 200: Site, ...errorResponses },
      },
    },
    async (req) => service.updateSite(app.db, await requireArea(app.db, req.params.areaId), req.params.id, req.body),
  );
  app.delete(
    '/areas/:areaId/sites/:id',
    {
      config: { role: 'planner' },
      schema: { tags, summary: 'Delete a site and its cells', params: ItemParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (req, reply) => {
      await service.deleteSite(app.db, await requireArea(app.db, req.params.areaId), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/areas/:areaId/cells',
    {
      schema: {
        tags: ['cells'],
        summary: 'Cells as GeoJSON points (one feature per cell, with its site)',
        params: AreaParams,
        querystring: CellsQuery,
        response: { 200: CellFeatureCollection, 304: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      // The cells layer changes only with the area's inputs version (triggers bump it on every site or
      // cell write), so its serialised answer is cached per version and revalidated with an ETag. The
      // area itself comes from a cache of a few seconds that every write through this process clears.
      const bbox = req.query.bbox ? parseBBox(req.query.bbox) : undefined;
      const key = `${area.id}:${area.inputsVersion}:${req.query.technology ?? ''}:${bbox?.join(',') ?? ''}`;
      let entry = cellsCache.get(key);
      const etag = entry?.etag ?? `"cells-${createHash('sha1').update(key).digest('hex').slice(0, 20)}"`;
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
      if (!entry) {
        // Requests arriving together after a change share one query.
        let loading = cellsLoading.get(key);
        if (!loading) {
          loading = loadCells(area, key, etag, req.query.technology, bbox).finally(() => cellsLoading.delete(key));
          cellsLoading.set(key, loading);
        }
        entry = await loading;
      }
      // A Buffer with its content type: Fastify writes it as is (no serialiser, no string encoding).
      return reply.type('application/json; charset=utf-8').send(entry.body as never);
    },
  );
  app.get(
    '/areas/:areaId/cells/:id',
    {
      schema: {
        tags: ['cells'],
        summary: 'Get one cell as a GeoJSON feature',
        params: ItemParams,
        response: { 200: CellFeature, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const cell = await findCell(app.db, area.id, req.params.id);
      if (!cell) throw new NotFoundError('cell', req.params.id);
      return service.cellFeature(cell);
    },
  );
  app.patch(
    '/areas/:areaId/cells/:id',
    {
      config: { role: 'planner' },
      schema: {
        tags: ['cells'],
        summary: "Edit a cell's parameters (azimuth, tilt, power...)",
        params: ItemParams,
        body: CellUpdate,
        response: { 200: CellFeature, ...errorResponses },
      },
    },
    async (req) =>
      service.cellFeature(await service.updateCell(app.db, await requireArea(app.db, req.params.areaId), req.params.id, req.body)),
  );
};
