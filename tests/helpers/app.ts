import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import type { TestDatabase } from './databases.ts';

/** Build the app on a fresh database of the given kind; `close()` also drops the database. */
export async function buildTestApp(target: TestDatabase, options: { seedDemo?: boolean } = {}): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const db = await target.create();
  const app = await buildApp({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, seedDemo: options.seedDemo ?? false, logLevel: 'silent' });
  return {
    app,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** A small square area near Daqing, for API tests that do not need the demo data. */
export const TEST_BOUNDARY: GeoJSON.Polygon = {
  type: 'Polygon',
  coordinates: [[[124.8, 46.6], [124.9, 46.6], [124.9, 46.7], [124.8, 46.7], [124.8, 46.6]]],
};
