import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError } from '../../errors.ts';
import { requireArea } from '../areas/service.ts';
import { requestPrincipal } from '../auth/principal.ts';
import {
  ApplicationParams,
  ApplyRequest,
  ChangeRefQuery,
  CompareQuery,
  Comparison,
  NetworkApplication,
  NetworkApplicationList,
  Scenario,
  ScenarioEdit,
  WorkingScenario,
  ScenarioCreate,
  ScenarioList,
  ScenarioParams,
  ScenarioUpdate,
} from '../../contract/scenarios.ts';
import { AreaParams, errorResponses } from '../../contract/shared.ts';
import { deleteScenario, listScenarios } from './repository.ts';
import * as network from './network-service.ts';
import * as service from './service.ts';

function actorOf(req: FastifyRequest): network.Actor {
  return { username: requestPrincipal(req).username, ip: req.ip, method: req.method, route: req.routeOptions.url ?? req.url };
}

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
    '/areas/:areaId/scenarios/working',
    {
      schema: {
        tags,
        summary: "The caller's working scenario (the edits made on the map), null before the first edit",
        params: AreaParams,
        response: { 200: WorkingScenario, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const s = await network.findWorkingScenario(app.db, area, requestPrincipal(req).username);
      return { scenario: s ? service.scenarioDto(s) : null };
    },
  );
  app.post(
    '/areas/:areaId/scenarios/working/edits',
    {
      config: { role: 'planner' },
      schema: {
        tags,
        summary:
          "Add an edit made on the map (a cell's parameters, a candidate, a cell switched off) to the caller's working scenario, created on the first edit",
        params: AreaParams,
        body: ScenarioEdit,
        response: { 200: Scenario, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return service.scenarioDto(await network.addWorkingEdit(app.db, app.coverage, area, requestPrincipal(req).username, req.body));
    },
  );
  app.delete(
    '/areas/:areaId/scenarios/working/edits',
    {
      config: { role: 'planner' },
      schema: {
        tags,
        summary: "Take one change out of the caller's working scenario",
        params: AreaParams,
        querystring: ChangeRefQuery,
        response: { 200: Scenario, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const { kind, key } = req.query;
      const ref = kind === 'add-candidate' ? { kind, code: key } : { kind, cell: key };
      return service.scenarioDto(await network.removeWorkingEdit(app.db, area, requestPrincipal(req).username, ref));
    },
  );
  app.post(
    '/areas/:areaId/scenarios/:scenarioId/apply',
    {
      config: { role: 'planner', audit: false },
      schema: {
        tags,
        summary: 'Apply a scenario to the existing network (audited with the sites before and after; can be undone)',
        params: ScenarioParams,
        body: ApplyRequest,
        response: { 200: NetworkApplication, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return network.applyScenarioToNetwork(app.db, area, req.params.scenarioId, req.body.expectedChanges, actorOf(req));
    },
  );
  app.get(
    '/areas/:areaId/network/applications',
    {
      schema: {
        tags,
        summary: 'Scenarios applied to the network, newest first, each with whether it was undone',
        params: AreaParams,
        response: { 200: NetworkApplicationList, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return { items: await network.listApplications(app.db, area) };
    },
  );
  app.post(
    '/areas/:areaId/network/applications/:applicationId/undo',
    {
      config: { role: 'planner', audit: false },
      schema: {
        tags,
        summary: "Undo a scenario's application to the network, from the audit log's before/after",
        params: ApplicationParams,
        response: { 200: NetworkApplication, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return network.undoApplication(app.db, area, req.params.applicationId, actorOf(req));
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
