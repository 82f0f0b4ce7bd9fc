import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AreaParams, errorResponses } from '../../contract/shared.ts';
import { TileParams, TilePng } from '../../contract/coverage.ts';
import { AreaElevation, TerrainTileQuery } from '../../contract/elevation.ts';
import { renderTerrainTile } from '../../core/coverage/render-terrain-tile.ts';
import { BadRequestError, NotFoundError } from '../../errors.ts';
import { requireArea } from '../areas/service.ts';
import { areaDemInfo } from './repository.ts';

/** The area's elevation model: what it is, and terrain tiles drawn under the coverage. */
export const elevationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['elevation'];

  app.get(
    '/areas/:areaId/elevation',
    {
      schema: {
        tags,
        summary: "The area's elevation model (DEM): grid, height range, files, who imported it; 404 without one",
        params: AreaParams,
        response: { 200: AreaElevation, ...errorResponses },
      },
    },
    async (req) => {
      const area = await requireArea(app.db, req.params.areaId);
      const info = await areaDemInfo(app.db, area.id);
      if (!info) throw new NotFoundError('elevation model of area', area.code);
      return { ...info, createdAt: info.createdAt.toISOString() };
    },
  );

  app.get(
    '/areas/:areaId/elevation/tiles/:z/:x/:y.png',
    {
      schema: {
        tags,
        summary: 'Web-Mercator XYZ PNG tile of the terrain: shaded relief or heights (transparent outside the area or without a DEM)',
        params: TileParams,
        querystring: TerrainTileQuery,
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
      const prepared = await app.coverage.prepared(area);
      const png = renderTerrainTile(prepared, z, x, y, req.query.mode ?? 'hillshade');
      return reply.type('image/png').header('cache-control', 'private, max-age=300').send(png);
    },
  );
};
