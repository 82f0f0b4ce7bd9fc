import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { areaDataChanged } from '../../../server/features/areas/area-cache.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { SMALL_AREA_BOUNDARY as boundary, sector } from '../../helpers/small-area.ts';

const LON0 = 124.85;
const LAT0 = 46.65;
const FIGURE_KEYS = [
  'technology',
  'areaKm2',
  'coveredKm2',
  'coveragePct',
  'population',
  'coveredPopulation',
  'populationPct',
  'reportsTotal',
  'reportsUncovered',
  'gapCount',
  'cellCount',
  'thresholdDbm',
  'resolutionM',
];
const pick = (o: Record<string, unknown>) => Object.fromEntries(FIGURE_KEYS.map((k) => [k, o[k]]));

/**
 * A cell stored outside the validity rule (here by SQL, as an older version or a script could) no
 * longer takes the area down: every coverage read answers 200 without it, and says so.
 */
describe.each(TEST_DATABASES)('a bad stored cell on $name', (target) => {
  let test: TestApp;
  let app: FastifyInstance;
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    return {
      status: r.statusCode,
      body: r.headers['content-type']?.toString().includes('json') ? r.json() : null,
      type: r.headers['content-type'],
    };
  };
  /** Figures of the area before the bad cell's site existed, per network. */
  const without: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    test = await buildTestApp(target);
    app = test.app;
    const post = async (url: string, payload: object) =>
      expect((await app.inject({ method: 'POST', url, payload })).statusCode, url).toBe(201);
    await post('/api/v1/areas', { code: 'bad', name: 'Bad cell town', boundary, settings: { resolutionM: 100 } });
    await post('/api/v1/areas/bad/sites', {
      code: 'A',
      name: 'A',
      lon: LON0,
      lat: LAT0,
      cells: [sector('G1', 0), sector('G2', 120), sector('C1', null, 'CDMA')],
    });
    await post('/api/v1/areas/bad/candidates', { code: 'K1', name: 'East', lon: 124.9, lat: 46.65, technology: 'GSM' });
    await post('/api/v1/areas/bad/candidates', { code: 'K2', name: 'West', lon: 124.8, lat: 46.65, technology: 'GSM' });
    for (let i = 0; i < 4; i++) {
      await post('/api/v1/areas/bad/reports', {
        externalId: `r${i}`,
        lon: 124.91 + i * 0.0005,
        lat: 46.69,
        technology: 'GSM',
        kind: 'no-signal',
        source: 'complaint',
        reportedAt: '2006-03-01T00:00:00Z',
      });
    }
    for (const technology of ['GSM', 'CDMA', 'any']) {
      const res = await get(`/api/v1/areas/bad/coverage?technology=${technology}`);
      expect(res.status).toBe(200);
      expect(res.body.warnings).toEqual([]);
      without[technology] = pick(res.body);
    }
    // Site B arrives through the API with a valid cell, then its height is set to 0 m behind the API's back.
    await post('/api/v1/areas/bad/sites', { code: 'B', name: 'B', lon: 124.82, lat: 46.62, cells: [sector('G9', 90)] });
    await sql`UPDATE cells SET height_m = 0 WHERE code = 'G9'`.execute(app.db);
    areaDataChanged();
  });
  afterAll(async () => test?.close());

  it('computes GSM and "any" coverage without the cell, with the same figures, and warns about it', async () => {
    for (const technology of ['GSM', 'any']) {
      const res = await get(`/api/v1/areas/bad/coverage?technology=${technology}`);
      expect(res.status, technology).toBe(200);
      expect(pick(res.body), technology).toEqual(without[technology]);
      expect(res.body.warnings).toEqual([
        {
          code: 'cell_skipped',
          cell: 'B/G9',
          technology: 'GSM',
          field: 'heightM',
          value: 0,
          problem: 'below the minimum 1 m',
          reason: expect.stringContaining('log10(hb)'),
          message: 'cell B/G9 skipped: heightM 0 m: below the minimum 1 m',
        },
      ]);
    }
    // The CDMA network has no bad cell: no warning there.
    const cdma = await get('/api/v1/areas/bad/coverage?technology=CDMA');
    expect(cdma.status).toBe(200);
    expect(pick(cdma.body)).toEqual(without.CDMA);
    expect(cdma.body.warnings).toEqual([]);
  });

  it('answers the dashboard figures with the warning on the figures it touches', async () => {
    const res = await get('/api/v1/areas/bad/dashboard/figures');
    expect(res.status).toBe(200);
    for (const item of res.body.items as { technology: string; figures: Record<string, unknown> & { warnings: { cell: string }[] } }[]) {
      expect(pick(item.figures), item.technology).toEqual(without[item.technology]);
      expect(item.figures.warnings.map((w) => w.cell)).toEqual(item.technology === 'CDMA' ? [] : ['B/G9']);
    }
  });

  it('marks the cell in the cells layer, the single cell and the cells export', async () => {
    const layer = await get('/api/v1/areas/bad/cells');
    expect(layer.status).toBe(200);
    const features = layer.body.features as { id: number; properties: { code: string; invalid?: string } }[];
    const bad = features.find((f) => f.properties.code === 'G9')!;
    expect(bad.properties.invalid).toBe('heightM 0 m: below the minimum 1 m');
    expect(features.filter((f) => f.properties.invalid !== undefined)).toHaveLength(1);
    expect((await get(`/api/v1/areas/bad/cells/${bad.id}`)).body.properties.invalid).toBe('heightM 0 m: below the minimum 1 m');
    const exported = await get('/api/v1/areas/bad/exports/cells.geojson');
    expect(exported.status).toBe(200);
  });

  it('answers tiles, the grid, gaps, point queries, ranking, hotspots, remedies, gap exports and OGC gaps with 200', async () => {
    const urls = [
      '/api/v1/areas/bad/coverage/tiles/12/3468/1446.png?technology=GSM',
      '/api/v1/areas/bad/coverage/tiles/12/3468/1446.png?technology=any&mode=best-server',
      '/api/v1/areas/bad/coverage/grid.tif?technology=GSM',
      '/api/v1/areas/bad/coverage/gaps?technology=any',
      `/api/v1/areas/bad/coverage/point?lon=124.821&lat=46.62&technology=GSM`,
      '/api/v1/areas/bad/candidates/ranking?technology=GSM',
      '/api/v1/areas/bad/hotspots?technology=GSM',
      '/api/v1/areas/bad/remedies?technology=GSM',
      '/api/v1/areas/bad/exports/gaps-gsm.geojson',
      '/api/v1/areas/bad/exports/gaps-gsm.csv',
      '/api/v1/areas/bad/exports/hotspots.geojson',
      '/ogc/collections/bad-gaps-gsm/items',
      '/ogc/collections/bad-hotspots/items',
    ];
    for (const url of urls) expect((await get(url)).status, url).toBe(200);
    const point = await get('/api/v1/areas/bad/coverage/point?lon=124.821&lat=46.62&technology=GSM');
    expect(point.body.servers.map((s: { cell: string }) => s.cell)).not.toContain('B/G9');
    const ranking = await get('/api/v1/areas/bad/candidates/ranking?technology=GSM');
    expect(ranking.body.items.map((r: { code: string }) => r.code).sort()).toEqual(['K1', 'K2']);
  });

  it('skips a candidate cell stored outside the rule, in a scenario and in the ranking', async () => {
    await sql`UPDATE candidates SET cells = jsonb_set(cells, '{0,tiltDeg}', '90') WHERE code = 'K2'`.execute(app.db);
    areaDataChanged();
    const res = await get('/api/v1/areas/bad/coverage?technology=GSM&candidates=K2');
    expect(res.status).toBe(200);
    expect(res.body.warnings.map((w: { cell: string; field: string; value: number }) => [w.cell, w.field, w.value])).toEqual([
      ['B/G9', 'heightM', 0],
      ['candidate:K2/G1', 'tiltDeg', 90],
    ]);
    expect((await get('/api/v1/areas/bad/candidates/ranking?technology=GSM')).status).toBe(200);
  });

  it('skips a cell whose stored number is not finite, and the layers and exports still answer', async () => {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/areas/bad/sites',
          payload: { code: 'C', name: 'C', lon: 124.88, lat: 46.68, cells: [sector('G8', 200)] },
        })
      ).statusCode,
    ).toBe(201);
    await sql`UPDATE cells SET power_dbm = 'NaN' WHERE code = 'G8'`.execute(app.db);
    areaDataChanged();
    const res = await get('/api/v1/areas/bad/coverage?technology=GSM');
    expect(res.status).toBe(200);
    expect(res.body.warnings.find((w: { cell: string }) => w.cell === 'C/G8')).toMatchObject({
      field: 'powerDbm',
      value: null,
      problem: 'not a finite number',
      message: 'cell C/G8 skipped: powerDbm NaN: not a finite number',
    });
    const layer = await get('/api/v1/areas/bad/cells');
    const cell = (layer.body.features as { id: number; properties: { code: string; invalid?: string } }[]).find(
      (f) => f.properties.code === 'G8',
    )!;
    expect(cell.properties.invalid).toBe('powerDbm NaN: not a finite number');
    for (const url of [
      '/api/v1/areas/bad/exports/cells.csv',
      '/api/v1/areas/bad/exports/cells.geojson',
      '/ogc/collections/bad-cells/items',
    ]) {
      expect((await get(url)).status, url).toBe(200);
    }
  });
});
