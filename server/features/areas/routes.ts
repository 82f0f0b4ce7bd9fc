import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Area, AreaCreate, AreaList, AreaUpdate } from '../../contract/areas.ts';
import { AreaParams, errorResponses } from '../../contract/shared.ts';
import * as service from './service.ts';
import { listAreas } from './repository.ts';
import { polygonChecker } from '../../workers/polygon-check.ts';

/** Planning areas: `/api/v1/areas`. */
export const areasRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['areas'];
  const checkPolygon = polygonChecker(app.cpu);
  app.get('/areas', { schema: { tags, summary: 'List planning areas', response: { 200: AreaList } } }, async () => ({
    items: (await listAreas(app.db)).map(service.areaDto),
  }));

  app.get(
    '/areas/:areaId',
    { schema: { tags, summary: 'Get an area by id or code', params: AreaParams, response: { 200: Area, ...errorResponses } } },
    async (req) => service.areaDto(await service.requireArea(app.db, req.params.areaId)),
  );

  app.post(
    '/areas',
    {
      config: { role: 'admin' },
      schema: { tags, summary: 'Create an area', body: AreaCreate, response: { 201: Area, ...errorResponses } },
    },
    async (req, reply) =>
      reply.code(201).send(service.areaDto(await service.createArea(app.db, req.body, checkPolygon, app.config.maxAreaPixels))),
  );

  app.patch(
    '/areas/:areaId',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Update an area (boundary, settings...)',
        params: AreaParams,
        body: AreaUpdate,
        response: { 200: Area, ...errorResponses },
      },
    },
    async (req) => service.areaDto(await service.updateArea(app.db, req.params.areaId, req.body, checkPolygon, app.config.maxAreaPixels)),
  );

  app.delete(
    '/areas/:areaId',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Delete an area and everything in it',
        params: AreaParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await service.deleteArea(app.db, req.params.areaId);
      return reply.code(204).send(null);
    },
  );
};
