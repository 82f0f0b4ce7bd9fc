import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Technology } from '../../core/model.ts';
import { clientGone } from '../../security/concurrency-limit.ts';
import { requireArea } from '../areas/service.ts';
import { requestPrincipal } from '../auth/principal.ts';
import { resolveScenarioQuery } from '../scenarios/service.ts';
import { AreaParams, errorResponses } from '../../contract/shared.ts';
import {
  GeneratedCandidates,
  GenerateRequest,
  HotspotCollection,
  HotspotQuery,
  PlanRequest,
  PlanResult,
  Ranking,
  RankingQuery,
  RemedyList,
  RemedyQuery,
} from '../../contract/planning.ts';

/** Planning: hotspots, candidate ranking, generated candidates, greedy and exact plans. */
export const planningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['planning'];

  app.get(
    '/areas/:areaId/candidates/ranking',
    {
      config: { expensive: true },
      schema: {
        tags,
        summary: 'Candidates of a network sorted by marginal gain over the network (or a scenario)',
        params: AreaParams,
        querystring: RankingQuery,
        response: { 200: Ranking, ...errorResponses },
      },
    },
    async (req) => {
      const started = performance.now();
      const area = await requireArea(app.db, req.params.areaId);
      const technology = req.query.technology as Technology;
      const changes = await resolveScenarioQuery(app.db, area, { scenario: req.query.scenario });
      const weights = { population: req.query.populationWeight, reports: req.query.reportsWeight, areaKm2: req.query.areaWeight };
      const ctx = await app.planning.context(area, technology, { changes, weights });
      const items = await app.planning.ranking(ctx);
      const base = await app.coverage.figures(ctx.base, false);
      return {
        technology,
        scenario: req.query.scenario ?? null,
        weights: ctx.weights,
        baseCoveragePct: base.coveragePct,
        items,
        computedMs: Math.round(performance.now() - started),
      };
    },
  );

  app.post(
    '/areas/:areaId/plans',
    // A plan writes at most a scenario, which no read cache holds: the caches of everyone's reads stay.
    {
      config: { role: 'planner', expensive: true, keepsReadCaches: true },
      schema: {
        tags,
        summary: 'Plan at most maxSites new sites (greedy or exact MCLP with HiGHS); figures before and after',
        params: AreaParams,
        body: PlanRequest,
        response: { 200: PlanResult, ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      const changes = await resolveScenarioQuery(app.db, area, { scenario: req.body.scenario });
      const ctx = await app.planning.context(area, req.body.technology as Technology, {
        changes,
        candidateCodes: req.body.candidateCodes,
        weights: req.body.weights,
      });
      // A client that hangs up abandons its solve (the worker thread running it is stopped).
      return app.planning.plan(ctx, req.body, requestPrincipal(req).username, clientGone(req, reply));
    },
  );

  app.get(
    '/areas/:areaId/hotspots',
    {
      config: { expensive: true },
      schema: {
        tags,
        summary: 'Problem hotspots (DBSCAN of open reports), scored by customer tier and recency, in coverage or in a gap',
        params: AreaParams,
        querystring: HotspotQuery,
        response: { 200: HotspotCollection, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const technology = req.query.technology ?? 'all';
      const changes = await resolveScenarioQuery(app.db, area, { scenario: req.query.scenario });
      const hotspots = await app.planning.hotspots(
        area,
        technology as 'GSM' | 'CDMA' | 'all',
        { epsM: req.query.epsM, minPoints: req.query.minPoints, includeResolved: req.query.includeResolved },
        changes,
      );
      return {
        type: 'FeatureCollection' as const,
        technology,
        features: hotspots.map((h) => ({
          type: 'Feature' as const,
          id: h.id,
          geometry: h.polygon,
          properties: {
            id: h.id,
            centroid: h.centroid,
            reportCount: h.reportCount,
            score: Math.round(h.score * 100) / 100,
            coverage: h.coverage,
            uncoveredShare: Math.round(h.uncoveredShare * 1000) / 1000,
            byKind: h.byKind,
            bySource: h.bySource,
            byTier: h.byTier,
            byTechnology: h.byTechnology as Record<string, number>,
          },
        })),
      };
    },
  );

  app.get(
    '/areas/:areaId/remedies',
    {
      config: { expensive: true },
      schema: {
        tags,
        summary: 'Remedy advice per uncovered hotspot and gap: parameter change, repeater, new site or indoor solution, with the reason',
        params: AreaParams,
        querystring: RemedyQuery,
        response: { 200: RemedyList, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const changes = await resolveScenarioQuery(app.db, area, { scenario: req.query.scenario });
      const { technology, scenario: _s, maxTargets, ...settings } = req.query;
      const items = await app.planning.remedies(area, technology as 'GSM' | 'CDMA', settings, changes, maxTargets ?? 40);
      return { technology, items };
    },
  );

  app.post(
    '/areas/:areaId/candidates/generate',
    {
      config: { role: 'planner', expensive: true },
      schema: {
        tags,
        summary: 'Propose candidates at uncovered hotspots and large gaps (inside the area, spaced from existing sites)',
        params: AreaParams,
        body: GenerateRequest,
        response: { 200: GeneratedCandidates, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      return app.planning.generateCandidates(area, req.body.technology as Technology, {
        maxCount: req.body.maxCount ?? 10,
        minSpacingM: req.body.minSpacingM ?? 1500,
        epsM: req.body.epsM,
        minPoints: req.body.minPoints,
        dryRun: req.body.dryRun ?? false,
      });
    },
  );
};
