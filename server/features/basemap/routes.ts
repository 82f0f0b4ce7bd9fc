import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readFile } from 'node:fs/promises';
import { Type } from 'typebox';

const DISTRICTS_FILE = new URL('../../../geo-data/daqing-districts.geojson', import.meta.url);

const Districts = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      properties: Type.Object({ adcode: Type.String(), name_zh: Type.String(), name_en: Type.String(), label_point: Type.Array(Type.Number()) }),
      geometry: Type.Unknown(),
    }),
  ),
});

/** Reference layers drawn as the offline base map (no remote tiles needed). */
export const basemapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  let cached: unknown;
  app.get('/basemap/districts', { schema: { tags: ['basemap'], summary: 'Daqing district boundaries (coarse, may carry the GCJ-02 offset)', response: { 200: Districts } } }, async (_req, reply) => {
    cached ??= JSON.parse(await readFile(DISTRICTS_FILE, 'utf8'));
    reply.header('cache-control', 'public, max-age=3600');
    return cached as never;
  });
};
