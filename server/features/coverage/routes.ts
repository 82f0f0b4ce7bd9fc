import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CoverageTechnology } from '../../core/coverage/cell-table.ts';
import type { Technology } from '../../core/model.ts';
import { requireArea } from '../areas/service.ts';
import { resolveScenarioQuery } from '../scenarios/service.ts';
import { AreaParams, errorResponses } from '../../contract/shared.ts';
import {
  CoverageFigures,
  CoverageQuery,
  GapFeatureCollection,
  LevelGeoTiff,
  PointQuery,
  PointResult,
  type PointTerrain,
  TileParams,
  TilePng,
  TileQuery,
  WhatIfAnswer,
  WhatIfQuery,
} from '../../contract/coverage.ts';
import { addedCoverageImage } from '../../core/coverage/added-coverage-image.ts';
import type { PointServer as PointServerResult } from '../../core/coverage/point-query.ts';
import { renderXyzTile } from '../../core/coverage/render-xyz-tile.ts';
import { BadRequestError } from '../../errors.ts';
import { checkNearArea, POINT_MARGIN_DEG } from '../shared/location.ts';
import { figuresAnswer } from './figures-answer.ts';
import { CoverageJobParams, CoverageJobProgress } from '../../contract/coverage-jobs.ts';
import { NotFoundError } from '../../errors.ts';

/** Coverage of an area: figures, gaps, point queries, map tiles and grid downloads. */
export const coverageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['coverage'];

  app.get(
    '/coverage-jobs/:jobId',
    {
      schema: {
        tags,
        summary: 'Progress of a coverage computed as tile jobs (the 202 answer of a coverage request names it)',
        params: CoverageJobParams,
        response: { 200: CoverageJobProgress, ...errorResponses },
      },
    },
    async (req) => {
      if (!app.coverageJobs) throw new NotFoundError('coverage job', req.params.jobId);
      return app.coverageJobs.progress(req.params.jobId);
    },
  );

  app.get(
    '/areas/:areaId/coverage',
    {
      config: { expensive: true },
      schema: {
        tags,
        summary: 'Coverage figures of a network (or any network) for the existing network or a scenario',
        params: AreaParams,
        querystring: CoverageQuery,
        response: { 200: CoverageFigures, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const technology = (req.query.technology ?? 'any') as CoverageTechnology;
      const changes = await resolveScenarioQuery(app.db, area, req.query);
      const run = await app.coverage.run(area, technology, changes);
      const scenario = req.query.scenario ?? (req.query.candidates ? `candidates:${req.query.candidates}` : null);
      return figuresAnswer(app.coverage, run, technology, req.query.indoor ?? false, scenario);
    },
  );

  app.get(
    '/areas/:areaId/coverage/what-if',
    {
      config: { expensive: true },
      schema: {
        tags,
        summary: "Figures with one more candidate on a scenario, by difference from the scenario's raster (the planner's preview)",
        description:
          "The same figures as /coverage with `add` appended to `candidates`, computed from the base's raster and the " +
          "candidate's reach only: milliseconds once the base's figures have been asked for. No gap count (no gaps are traced).",
        params: AreaParams,
        querystring: WhatIfQuery,
        response: { 200: WhatIfAnswer, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const technology = (req.query.technology ?? 'any') as CoverageTechnology;
      const indoor = req.query.indoor ?? false;
      const changes = await resolveScenarioQuery(app.db, area, req.query);
      const add = req.query.add.trim();
      const { base, result, warnings, computedMs } = await app.coverage.whatIf(area, technology, changes, add, indoor);
      const added = addedCoverageImage(
        base.prepared.grid,
        result.newlyCoveredPixels,
        result.newlyCoveredLevelDbm,
        levelThresholdDbm(area.settings.thresholdsDbm, technology),
      );
      const figures = (f: typeof result.before) => ({
        areaKm2: f.areaKm2,
        coveredKm2: f.coveredKm2,
        coveragePct: f.coveragePct,
        population: f.population,
        coveredPopulation: f.coveredPopulation,
        populationPct: f.populationPct,
        reportsTotal: f.reportsTotal,
        reportsUncovered: f.reportsUncovered,
      });
      return {
        technology,
        indoor,
        scenario: req.query.scenario ?? null,
        candidates: (req.query.candidates ?? '')
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
        add,
        before: figures(result.before),
        after: figures(result.after),
        newlyCoveredKm2: result.newlyCoveredKm2,
        newlyCoveredPopulation: result.newlyCoveredPopulation,
        newlyCoveredReports: result.newlyCoveredReports,
        baseCached: base.cached,
        computedMs: Math.round(computedMs * 10) / 10,
        addedCoverage: added && {
          png: added.png.toString('base64'),
          widthPx: added.widthPx,
          heightPx: added.heightPx,
          corners: added.corners,
        },
        warnings,
      };
    },
  );

  app.get(
    '/areas/:areaId/coverage/gaps',
    {
      config: { expensive: true },
      schema: {
        tags,
        summary: 'Gap polygons: contiguous uncovered areas inside the boundary, largest first',
        params: AreaParams,
        querystring: CoverageQuery,
        response: { 200: GapFeatureCollection, ...errorResponses },
      },
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
    {
      schema: {
        tags,
        summary: 'Exact link budget at one point: level per server, best server, covered',
        params: AreaParams,
        querystring: PointQuery,
        response: { 200: PointResult, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const { lon, lat } = req.query;
      checkNearArea(area, lon, lat, POINT_MARGIN_DEG, '/querystring');
      const technology = (req.query.technology ?? 'any') as CoverageTechnology;
      const result = await app.coverage.point(
        area,
        lon,
        lat,
        technology,
        await resolveScenarioQuery(app.db, area, req.query),
        req.query.indoor ?? false,
      );
      return {
        lon,
        lat,
        technology,
        environment: result.environment,
        levelDbm: result.levelDbm,
        bestCell: result.bestCell,
        bestTechnology: result.bestTechnology,
        bestMarginDb: result.bestMarginDb === null ? null : round2(result.bestMarginDb),
        strongestCell: result.strongest?.cell ?? null,
        strongestTechnology: result.strongest?.technology ?? null,
        strongestLevelDbm: result.strongest ? round2(result.strongest.levelDbm) : null,
        covered: result.covered,
        thresholdDbm: technology === 'any' ? null : area.settings.thresholdsDbm[technology],
        servers: result.servers.slice(0, 12).map((s) => ({
          cell: s.cell,
          technology: s.technology,
          levelDbm: round2(s.levelDbm),
          pathLossDb: round2(s.pathLossDb),
          antennaAttenuationDb: round2(s.antennaAttenuationDb),
          distanceKm: Math.round(s.distanceKm * 1000) / 1000,
          extrapolated: s.extrapolated,
          ...(s.terrain ? { terrain: terrainAnswer(s.terrain) } : {}),
        })),
      };
    },
  );

  app.get(
    '/areas/:areaId/coverage/tiles/:z/:x/:y.png',
    {
      schema: {
        tags,
        summary: 'Web-Mercator XYZ PNG tile of the predicted level, best server or overlap (transparent where no signal)',
        params: TileParams,
        querystring: TileQuery,
        response: { 200: TilePng, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { z, x, y } = req.params;
      if (x >= 2 ** z || y >= 2 ** z)
        throw new BadRequestError(`tile ${z}/${x}/${y} does not exist`, [
          { field: '/params/x', message: `x and y must be below 2^z = ${2 ** z}` },
        ]);
      const area = await requireArea(app.db, req.params.areaId);
      const technology = (req.query.technology ?? 'any') as CoverageTechnology;
      const run = await app.coverage.run(area, technology, await resolveScenarioQuery(app.db, area, req.query));
      const threshold = levelThresholdDbm(area.settings.thresholdsDbm, technology);
      const png = renderXyzTile(run.prepared, run.raster, z, x, y, req.query.mode ?? 'level', threshold);
      return reply.type('image/png').header('cache-control', 'private, max-age=300').send(png);
    },
  );

  app.get(
    '/areas/:areaId/coverage/grid.tif',
    {
      config: { expensive: true },
      schema: {
        tags,
        summary: 'GeoTIFF of the best received level (Float32 dBm, UTM, nodata -9999) for GIS users',
        params: AreaParams,
        querystring: CoverageQuery,
        response: { 200: LevelGeoTiff, ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await requireArea(app.db, req.params.areaId);
      const technology = (req.query.technology ?? 'any') as CoverageTechnology;
      const run = await app.coverage.run(area, technology, await resolveScenarioQuery(app.db, area, req.query));
      const file = `${area.code}-${technology.toLowerCase()}-level-${area.settings.resolutionM}m.tif`;
      return reply
        .type('image/tiff')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(toBuffer(await app.cpu.run('geoTiff', { prepared: run.prepared, raster: run.raster })));
    },
  );
};

/** A worker's bytes (a Uint8Array once they crossed threads) as a Buffer, without a copy. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The threshold the level is coloured around: the network's, or the lower of the two for any network. */
function levelThresholdDbm(thresholds: Record<Technology, number>, technology: CoverageTechnology): number {
  return technology === 'any' ? Math.min(thresholds.GSM, thresholds.CDMA) : thresholds[technology];
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** A server's terrain for the answer, to the centimetre and hundredth of a dB. */
function terrainAnswer(t: NonNullable<PointServerResult['terrain']>): PointTerrain {
  const cm = (x: number) => Math.round(x * 100) / 100;
  return {
    effectiveHeightM: cm(t.effectiveHeightM),
    effectiveHeightClamped: t.effectiveHeightClamped,
    siteGroundM: cm(t.siteGroundM),
    diffractionLossDb: round2(t.diffractionLossDb),
    radialBearingDeg: t.radialBearingDeg,
    sampleDistanceM: cm(t.sampleDistanceM),
    profile: t.profile.map((p) => ({
      distanceM: cm(p.distanceM),
      groundM: cm(p.groundM),
      lineOfSightM: cm(p.lineOfSightM),
      bulgeM: cm(p.bulgeM),
      firstFresnelRadiusM: cm(p.firstFresnelRadiusM),
    })),
    edges: t.edges.map((e) => ({
      role: e.role as PointTerrain['edges'][number]['role'],
      distanceM: cm(e.distanceM),
      v: Math.round(e.v * 1000) / 1000,
      lossDb: round2(e.lossDb),
    })),
  };
}
