import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createHash } from 'node:crypto';
import { requireArea } from '../areas/service.ts';
import { parseBBox, parseListQuery } from '../shared/paging.ts';
import { AreaParams, ItemParams, ListQuery, errorResponses } from '../shared/schemas.ts';
import { findCell, listCellsWithSites, listSites } from './repository.ts';
import { NotFoundError } from '../../errors.ts';
import { CellFeatureCollection, CellFeatureProperties, CellUpdate, CellsQuery, Site, SiteCreate, SiteList, SiteUpdate } from './schemas.ts';
import * as service from './service.ts';
import { Feature, PointGeometry } from '../shared/schemas.ts';

/** Sites with nested cells, and the cells layer: `/api/v1/areas/:areaId/sites|cells`. */
export const sitesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cellsCache = new Map<string, string>();
  const tags = ['sites'];
  app.get(
    '/areas/:areaId/sites',
    { schema: { tags, summary: 'List sites with their cells', params: AreaParams, querystring: ListQuery, response: { 200: SiteList, ...errorResponses } } },
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
    { config: { role: 'planner' }, schema: { tags, summary: 'Create a site with its cells', params: AreaParams, body: SiteCreate, response: { 201: Site, ...errorResponses } } },
    async (req, reply) => reply.code(201).send(await service.createSite(app.db, await requireArea(app.db, req.params.areaId), req.body)),
  );
  app.patch(
    '/areas/:areaId/sites/:id',
    { config: { role: 'planner' }, schema: { tags, summary: 'Update a site (and optionally replace its cells)', params: ItemParams, body: SiteUpdate, response: { 200: Site, ...errorResponses } } },
    async (req) => service.updateSite(app.db, await requireArea(app.db, req.params.areaId), req.params.id, req.body),
  );
  app.delete(
    '/areas/:areaId/sites/:id',
    { config: { role: 'planner' }, schema: { tags, summary: 'Delete a site and its cells', params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await service.deleteSite(app.db, await requireArea(app.db, req.params.areaId), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/areas/:areaId/cells',
    { schema: { tags: ['cells'], summary: 'Cells as GeoJSON points (one feature per cell, with its site)', params: AreaParams, querystring: CellsQuery, response: { 200: CellFeatureCollection, 304: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      // The cells layer changes only with the area's inputs version (triggers bump it on every site or
      // cell write), so its serialised answer is cached per version and revalidated with an ETag.
      const bbox = req.query.bbox ? parseBBox(req.query.bbox) : undefined;
      const key = `${area.id}:${area.inputsVersion}:${req.query.technology ?? ''}:${bbox?.join(',') ?? ''}`;
      const etag = `"cells-${createHash('sha1').update(key).digest('hex').slice(0, 20)}"`;
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
      let body = cellsCache.get(key);
      if (!body) {
        const cells = await listCellsWithSites(app.db, area.id, { technology: req.query.technology, bbox });
        const features = cells.map(service.cellFeature);
        body = JSON.stringify({ type: 'FeatureCollection' as const, numberMatched: features.length, numberReturned: features.length, next: null, features });
        if (cellsCache.size >= 64) cellsCache.delete(cellsCache.keys().next().value!);
        cellsCache.set(key, body);
      }
      return reply.type('application/json; charset=utf-8').serializer((payload: unknown) => payload as string).send(body as never);
    },
  );
  app.get(
    '/areas/:areaId/cells/:id',
    { schema: { tags: ['cells'], summary: 'Get one cell as a GeoJSON feature', params: ItemParams, response: { 200: Feature(CellFeatureProperties, PointGeometry), ...errorResponses } } },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const cell = await findCell(app.db, area.id, req.params.id);
      if (!cell) throw new NotFoundError('cell', req.params.id);
      return service.cellFeature(cell);
    },
  );
  app.patch(
    '/areas/:areaId/cells/:id',
    { config: { role: 'planner' }, schema: { tags: ['cells'], summary: "Edit a cell's parameters (azimuth, tilt, power...)", params: ItemParams, body: CellUpdate, response: { 200: Feature(CellFeatureProperties, PointGeometry), ...errorResponses } } },
    async (req) => service.cellFeature(await service.updateCell(app.db, await requireArea(app.db, req.params.areaId), req.params.id, req.body)),
  );
};
