import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readFile } from 'node:fs/promises';
import { Value } from 'typebox/value';
import { DistrictCollection } from '../../contract/basemap.ts';

const DISTRICTS_FILE = new URL('../../../geo-data/daqing-districts.geojson', import.meta.url);

/** The district boundaries shipped with the service, checked once against the contract. */
async function loadDistricts(): Promise<DistrictCollection> {
  const data: unknown = JSON.parse(await readFile(DISTRICTS_FILE, 'utf8'));
  if (!Value.Check(DistrictCollection, data))
    throw new Error('geo-data/daqing-districts.geojson is not a FeatureCollection of district polygons');
  return data;
}

/** Reference layers drawn as the offline base map (no remote tiles needed). */
export const basemapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  let cached: DistrictCollection | undefined;
  app.get(
    '/basemap/districts',
    {
      schema: {
        tags: ['basemap'],
        summary: 'Daqing district boundaries (coarse, may carry the GCJ-02 offset)',
        response: { 200: DistrictCollection },
      },
    },
    async (_req, reply) => {
      cached ??= await loadDistricts();
      reply.header('cache-control', 'public, max-age=3600');
      return cached;
    },
  );
};
