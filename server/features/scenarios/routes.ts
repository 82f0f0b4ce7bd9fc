import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../errors.ts';
import { requireArea } from '../areas/service.ts';
import { requestPrincipal } from '../auth/principal.ts';
import {
  CompareQuery,
  Comparison,
  Scenario,
  ScenarioCreate,
  ScenarioList,
  ScenarioParams,
  ScenarioUpdate,
} from '../../contract/scenarios.ts';
import { AreaParams, errorResponses } from '../../contract/shared.ts';
import { deleteScenario, listScenarios } from './repository.ts';
import * as service from './service.ts';

/** Scenarios: named change sets over the existing network, `/api/v1/areas/:areaId/scenarios`. */
export const scenariosRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['scenarios'];
  app.get(
    '/areas/:areaId/scenarios',
    { schema: { tags, summary: 'List scenarios', params: AreaParams, response: { 200: ScenarioList, ...errorResponses } } },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return { items: (await listScenarios(app.db, area.id)).map(service.scenarioDto) };
    },
  );
  app.get(
    '/areas/:areaId/scenarios/compare',
    {
      config: { expensive: true },
      schema: {
        tags,
        summary: 'Compare two scenarios: figures per network before/after and the newly covered / newly lost areas',
        params: AreaParams,
        querystring: CompareQuery,
        response: { 200: Comparison, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return service.compareScenarios(app.db, app.coverage, area, req.query);
    },
  );
  app.get(
    '/areas/:areaId/scenarios/:scenarioId',
    { schema: { tags, summary: 'Get a scenario (by id or name)', params: ScenarioParams, response: { 200: Scenario, ...errorResponses } } },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return service.scenarioDto(await service.requireScenario(app.db, area, req.params.scenarioId));
    },
  );
  app.post(
    '/areas/:areaId/scenarios',
    {
      config: { role: 'planner' },
      schema: {
        tags,
        summary: 'Create a scenario',
        params: AreaParams,
        body: ScenarioCreate,
        response: { 201: Scenario, ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      return reply
        .code(201)
        .send(service.scenarioDto(await service.createScenario(app.db, app.coverage, area, req.body, requestPrincipal(req).username)));
    },
  );
  app.patch(
    '/areas/:areaId/scenarios/:scenarioId',
    {
      config: { role: 'planner' },
      schema: {
        tags,
        summary: 'Update a scenario',
        params: ScenarioParams,
        body: ScenarioUpdate,
        response: { 200: Scenario, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return service.scenarioDto(await service.updateScenario(app.db, app.coverage, area, req.params.scenarioId, req.body));
    },
  );
  app.delete(
    '/areas/:areaId/scenarios/:scenarioId',
    {
      config: { role: 'planner' },
      schema: { tags, summary: 'Delete a scenario', params: ScenarioParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      const s = await service.requireScenario(app.db, area, req.params.scenarioId);
      if (!(await deleteScenario(app.db, area.id, s.id))) throw new NotFoundError('scenario', req.params.scenarioId);
      return reply.code(204).send(null);
    },
  );
};
