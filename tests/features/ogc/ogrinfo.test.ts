import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp } from '../../helpers/app.ts';
import { createTestArea } from '../exports/fixtures.ts';

/** GDAL's OAPIF driver is a real OGC API - Features client: the service must work for it. */
const OGRINFO = '/usr/bin/ogrinfo';
const HAVE_OGRINFO = existsSync(OGRINFO);
const ON_CI = process.env.CI === 'true';
if (!HAVE_OGRINFO && !ON_CI) console.warn(`${OGRINFO} (GDAL) not found: skipping the OGC API test with a real client`);

const run = promisify(execFile);

it.runIf(!HAVE_OGRINFO && ON_CI)('has ogrinfo on CI', () => {
  expect.fail(`${OGRINFO} is missing; CI must install gdal-bin for the OGC API client test`);
});

describe.skipIf(!HAVE_OGRINFO).each(TEST_DATABASES)('OGC API read by GDAL ogrinfo on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let source: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const built = await buildTestApp(target);
    ({ app, close } = built);
    await createTestArea(app);
    // 25 reports: more than GDAL's page of 10, so it has to follow the next links.
    for (let i = 0; i < 21; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/areas/ranghulu/reports',
        payload: {
          externalId: `X${i}`,
          lon: 124.8 + i / 1000,
          lat: 46.61,
          kind: 'no-signal',
          source: 'complaint',
          reportedAt: '2006-07-01T00:00:00Z',
        },
      });
      expect(res.statusCode).toBe(201);
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    source = `OAPIF:http://127.0.0.1:${(app.server.address() as { port: number }).port}/ogc`;
    // With authentication installed, GDAL signs in with HTTP Basic, an API token as the password.
    const token = (built as { adminToken?: string }).adminToken;
    env = {
      ...process.env,
      CPL_DEBUG: 'HTTP',
      GDAL_HTTP_TIMEOUT: '30',
      NO_PROXY: '127.0.0.1',
      no_proxy: '127.0.0.1',
      ...(token ? { GDAL_HTTP_AUTH: 'BASIC', GDAL_HTTP_USERPWD: `ogrinfo:${token}` } : {}),
    };
  });
  afterAll(async () => close());

  const ogrinfo = async (...args: string[]) => {
    const { stdout, stderr } = await run(OGRINFO, ['-ro', ...args], { env, encoding: 'utf8', timeout: 60_000 });
    return { stdout, fetched: [...stderr.matchAll(/HTTP: Fetch\((\S+)\)/g)].map((m) => m[1]) };
  };
  const featureIds = (stdout: string, layer: string) =>
    [...stdout.matchAll(new RegExp(`^OGRFeature\\(${layer}\\):(\\d+)$`, 'gm'))].map((m) => Number(m[1]));

  it('lists every layer of the area with its title and geometry type', async () => {
    const { stdout } = await ogrinfo('-so', source);
    expect(stdout).toContain(`using driver \`OAPIF' successful`);
    expect(stdout).toContain('1: ranghulu-cells (title: 让胡路 - Cells (小区)) (Point)');
    expect(stdout).toContain('3: ranghulu-reports (title: 让胡路 - Problem reports (问题报告)) (Point)');
    expect(stdout).toContain('7: ranghulu-clutter (title: 让胡路 - Clutter zones (地物分类)) (Multi Polygon)');
    expect(stdout).toContain('11: ranghulu-gaps-gsm (title: 让胡路 - Coverage gaps, GSM (G网盲区)) (Multi Polygon)');
    // Empty here (the test area has no gazetteer), so GDAL prints no geometry type for them.
    expect(stdout).toContain('9: ranghulu-places (title: 让胡路 - Places (地名))');
    expect(stdout).toContain('10: ranghulu-place-areas (title: 让胡路 - Place areas (地名范围))');
    expect(stdout.match(/^\d+: ranghulu-[\w-]+ /gm)).toHaveLength(13);
  });

  it('reads the layer summary: feature count from numberMatched, extent, typed fields', async () => {
    const { stdout } = await ogrinfo('-al', '-so', source, 'ranghulu-reports');
    expect(stdout).toContain('Feature Count: 25');
    expect(stdout).toContain('Geometry: Point');
    expect(stdout).toContain('Extent: (124.800000, 46.600000) - (124.900000, 46.700000)');
    expect(stdout).toMatch(/^externalId: String/m);
    expect(stdout).toMatch(/^reportedAt: DateTime/m);
  });

  it('reads every feature, following the next links page by page', async () => {
    const { stdout, fetched } = await ogrinfo('-q', source, 'ranghulu-reports');
    const ids = featureIds(stdout, 'ranghulu-reports');
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(stdout).toContain('externalId (String) = R2');
    expect(stdout).toContain('address (String) = 让胡路区 远望高层');
    expect(stdout).toContain('POINT (124.81 46.66)');
    expect(fetched.some((u) => /\/items\?.*offset=20/.test(u))).toBe(true);
  });

  it('filters with -where and -spat', async () => {
    const where = await ogrinfo('-q', source, 'ranghulu-cells', '-where', "siteCode = 'S2'");
    expect(featureIds(where.stdout, 'ranghulu-cells')).toHaveLength(1);
    expect(where.stdout).toContain('siteName (String) = 龙南营业厅, "东"');
    expect(where.stdout).toContain('POINT (124.82 46.62)');
    const spat = await ogrinfo('-q', '-spat', '124.80', '46.60', '124.805', '46.62', source, 'ranghulu-reports');
    expect(featureIds(spat.stdout, 'ranghulu-reports')).toHaveLength(6);
  });
});
