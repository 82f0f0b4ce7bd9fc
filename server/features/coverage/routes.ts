import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoverageTechnology } from '../../core/coverage/cell-table.ts';
import { requireArea } from '../areas/service.ts';
import { resolveScenarioQuery } from '../scenarios/service.ts';
import { AreaParams, errorResponses } from '../shared/schemas.ts';
import { CoverageFigures, CoverageQuery, GapFeatureCollection, PointQuery, PointResult } from './schemas.ts';
import { checkNearArea, POINT_MARGIN_DEG } from '../shared/location.ts';

/** Coverage of an area: figures, gaps, point queries, map tiles and grid downloads. */
export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['coverage'];

  app.get(
    '/areas/:areaId/coverage',
    {
      config: { expensive: true },
      schema: { tags, summary: 'Coverage figures of a network (or any network) for the existing network or a scenario', params: AreaParams, querystring: CoverageQuery, response: { 200: CoverageFigures, ...errorResponses } },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const technology = (req.query.technology ?? 'any') as CoverageTechnology;
      const changes = await resolveScenarioQuery(app.db, area, req.query);
      const run = await app.coverage.run(area, technology, changes);
      const figures = await app.coverage.figures(run, req.query.indoor ?? false);
      const gaps = await app.coverage.gaps(run, req.query.indoor ?? false);
      return {
        ...figures,
        scenario: req.query.scenario ?? (req.query.candidates ? `candidates:${req.query.candidates}` : null),
        resolutionM: area.settings.resolutionM,
        thresholdDbm: technology === 'any' ? null : area.settings.thresholdsDbm[technology],
        gapCount: gaps.features.length,
        cellCount: run.cells.length,
        computedMs: Math.round(run.computedMs * 10) / 10,
        cached: run.cached,
      };
    },
  );

  app.get(
    '/areas/:areaId/coverage/gaps',
    {
      config: { expensive: true },
      schema: { tags, summary: 'Gap polygons: contiguous uncovered areas inside the boundary, largest first', params: AreaParams, querystring: CoverageQuery, response: { 200: GapFeatureCollection, ...errorResponses } },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const technology = (req.query.technology ?? 'any') as CoverageTechnology;
      const run = await app.coverage.run(area, technology, await resolveScenarioQuery(app.db, area, req.query));
      const gaps = await app.coverage.gaps(run, req.query.indoor ?? false);
      return { type: 'FeatureCollection' as const, technology, features: gaps.features.map((f) => ({ ...f, id: String(f.id) })) };
    },
  );

  app.get(
    '/areas/:areaId/coverage/point',
    { schema: { tags, summary: 'Exact link budget at one point: level per server, best server, covered', params: AreaParams, querystring: PointQuery, response: { 200: PointResult, ...errorResponses } } },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const { lon, lat } = req.query;
      checkNearArea(area, lon, lat, POINT_MARGIN_DEG, '/querystring');
      const technology = (req.query.technology ?? 'any') as CoverageTechnology;
      const result = await app.coverage.point(area, lon, lat, technology, await resolveScenarioQuery(app.db, area, req.query), req.query.indoor ?? false);
      return {
        lon, lat, technology,
        environment: result.environment,
        levelDbm: result.levelDbm,
        bestCell: result.bestCell,
        covered: result.covered,
        thresholdDbm: technology === 'any' ? null : area.settings.thresholdsDbm[technology],
        servers: result.servers.slice(0, 12).map((s) => ({ cell: s.cell, technology: s.technology, levelDbm: round2(s.levelDbm), pathLossDb: round2(s.pathLossDb), antennaAttenuationDb: round2(s.antennaAttenuationDb), distanceKm: Math.round(s.distanceKm * 1000) / 1000, extrapolated: s.extrapolated })),
      };
    },
  );
};

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
