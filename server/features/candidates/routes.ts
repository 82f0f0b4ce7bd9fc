import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CandidateCollection, CandidateCreate, CandidateFeature, CandidateListQuery, CandidateUpdate } from '../../contract/candidates.ts';
import { AreaParams, ItemParams, errorResponses } from '../../contract/shared.ts';
import { requireArea } from '../areas/service.ts';
import * as service from './service.ts';

/** Candidate sites as a GeoJSON point layer: `/api/v1/areas/:areaId/candidates`. */
export const candidatesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['candidates'];
  app.get(
    '/areas/:areaId/candidates',
    {
      schema: {
        tags,
        summary: 'List candidates as a GeoJSON FeatureCollection (bbox, paging)',
        params: AreaParams,
        querystring: CandidateListQuery,
        response: { 200: CandidateCollection, ...errorResponses },
      },
    },
    async (req) => service.listCandidates(app.db, await requireArea(app.db, req.params.areaId), req.query),
  );
  app.get(
    '/areas/:areaId/candidates/:id',
    { schema: { tags, summary: 'Get one candidate', params: ItemParams, response: { 200: CandidateFeature, ...errorResponses } } },
    async (req) =>
      service.candidateFeature(await service.requireCandidate(app.db, await requireArea(app.db, req.params.areaId), req.params.id)),
  );
  app.post(
    '/areas/:areaId/candidates',
    {
      config: { role: 'planner' },
      schema: {
        tags,
        summary: 'Create a candidate',
        params: AreaParams,
        body: CandidateCreate,
        response: { 201: CandidateFeature, ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      return reply.code(201).send(service.candidateFeature(await service.createCandidate(app.db, area, req.body)));
    },
  );
  app.patch(
    '/areas/:areaId/candidates/:id',
    {
      config: { role: 'planner' },
      schema: {
        tags,
        summary: 'Update a candidate',
        params: ItemParams,
        body: CandidateUpdate,
        response: { 200: CandidateFeature, ...errorResponses },
      },
    },
    async (req) =>
      service.candidateFeature(
        await service.updateCandidate(app.db, await requireArea(app.db, req.params.areaId), req.params.id, req.body),
      ),
  );
  app.delete(
    '/areas/:areaId/candidates/:id',
    {
      config: { role: 'planner' },
      schema: { tags, summary: 'Delete a candidate', params: ItemParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (req, reply) => {
      await service.deleteCandidate(app.db, await requireArea(app.db, req.params.areaId), req.params.id);
      return reply.code(204).send(null);
    },
  );
};
