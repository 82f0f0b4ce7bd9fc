import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp } from '../../helpers/app.ts';
import { createTestArea } from '../exports/fixtures.ts';

/**
 * GDAL's ogr2ogr converts every OGC collection to a GeoPackage without a warning: one geometry type
 * per collection (a mixed layer made GDAL warn and write a GeoPackage that breaks the specification).
 */
const OGR2OGR = '/usr/bin/ogr2ogr';
const OGRINFO = '/usr/bin/ogrinfo';
const HAVE_GDAL = existsSync(OGR2OGR) && existsSync(OGRINFO);
const ON_CI = process.env.CI === 'true';
if (!HAVE_GDAL && !ON_CI) console.warn(`${OGR2OGR} (GDAL) not found: skipping the GeoPackage conversion of the OGC collections`);

const run = promisify(execFile);
const LAYERS: [string, string][] = [
  ['cells', 'Point'],
  ['sites', 'Point'],
  ['reports', 'Point'],
  ['candidates', 'Point'],
  ['measurements', 'Point'],
  ['survey-responses', 'Point'],
  ['clutter', 'Multi Polygon'],
  ['settlements', 'Multi Polygon'],
  ['places', 'Point'],
  ['place-areas', 'Multi Polygon'],
  ['gaps-gsm', 'Multi Polygon'],
  ['gaps-cdma', 'Multi Polygon'],
  ['hotspots', 'Multi Polygon'],
];

it.runIf(!HAVE_GDAL && ON_CI)('has ogr2ogr on CI', () => {
  expect.fail(`${OGR2OGR} is missing; CI must install gdal-bin for the GeoPackage conversion test`);
});

describe.skipIf(!HAVE_GDAL).each(TEST_DATABASES)('OGC collections to GeoPackage with GDAL ogr2ogr on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let source: string;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  beforeAll(async () => {
    const built = await buildTestApp(target);
    ({ app, close } = built);
    await createTestArea(app);
    // Settlements as the demo has them: points and polygons in one layer.
    const square = [
      [124.83, 46.65],
      [124.84, 46.65],
      [124.84, 46.66],
      [124.83, 46.66],
      [124.83, 46.65],
    ];
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/ranghulu/settlements',
      payload: { code: 'P2', name: '六厂', population: 800, geometry: { type: 'Polygon', coordinates: [square] } },
    });
    expect(res.statusCode).toBe(201);
    for (let i = 0; i < 6; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/areas/ranghulu/reports',
        payload: {
          externalId: `H${i}`,
          lon: 124.8 + i / 1000,
          lat: 46.61,
          kind: 'no-signal',
          source: 'complaint',
          reportedAt: '2006-07-01T00:00:00Z',
        },
      });
      expect(r.statusCode).toBe(201);
    }
    const answer = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/ranghulu/survey-responses',
      payload: {
        lon: 124.81,
        lat: 46.62,
        satisfaction: 2,
        technology: 'CDMA',
        problems: ['indoor', 'data'],
        answeredAt: '2006-06-12T02:00:00Z',
      },
    });
    expect(answer.statusCode).toBe(201);
    // The gazetteer as the demo has it: point places and polygon places in one table, two collections.
    for (const place of [
      { code: 'V1', name: '富强村', kind: 'village', geometry: { type: 'Point', coordinates: [124.82, 46.63] } },
      { code: 'E1', name: '银亿阳光城', kind: 'estate', geometry: { type: 'Polygon', coordinates: [square] } },
    ]) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/areas/ranghulu/places',
        payload: { ...place, aliases: ['别名一', '别名二'] },
      });
      expect(r.statusCode).toBe(201);
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    source = `OAPIF:http://127.0.0.1:${(app.server.address() as { port: number }).port}/ogc`;
    env = {
      ...process.env,
      GDAL_HTTP_TIMEOUT: '30',
      NO_PROXY: '127.0.0.1',
      no_proxy: '127.0.0.1',
      GDAL_HTTP_AUTH: 'BASIC',
      GDAL_HTTP_USERPWD: `ogr2ogr:${built.adminToken}`,
    };
    dir = await mkdtemp(join(tmpdir(), 'coverage-gpkg-'));
  });
  afterAll(async () => {
    await close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(LAYERS)('converts ranghulu-%s without a warning, typed %s', async (layer, type) => {
    const out = join(dir, `${layer}.gpkg`);
    const converted = await run(OGR2OGR, ['-f', 'GPKG', out, source, `ranghulu-${layer}`], { env, encoding: 'utf8', timeout: 60_000 });
    expect(converted.stderr).toBe('');
    const info = await run(OGRINFO, ['-ro', '-so', '-al', out], { env, encoding: 'utf8', timeout: 60_000 });
    expect(info.stderr).toBe('');
    expect(info.stdout).toContain(`Geometry: ${type}`);
    expect(Number(/Feature Count: (\d+)/.exec(info.stdout)?.[1])).toBeGreaterThan(0);
  });
});
