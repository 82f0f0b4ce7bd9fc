import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DOMParser } from '@xmldom/xmldom';
import { parse } from 'csv-parse/sync';
import { distance, point } from '@turf/turf';
import { EXPORT_LAYERS } from '../../../server/contract/exports.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp } from '../../helpers/app.ts';
import { createTestArea } from './fixtures.ts';

const BASE = '/api/v1/areas/ranghulu/exports';

describe.each(TEST_DATABASES)('layer exports on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    await createTestArea(app);
  });
  afterAll(async () => close());

  const get = (url: string) => app.inject({ method: 'GET', url });
  const csvRecords = (body: string): Record<string, string>[] => parse(body.replace(/^\uFEFF/, ''), { columns: true });

  it('exports cells as CSV: BOM, attachment name, one row per cell, headers the import reads', async () => {
    const res = await get(`${BASE}/cells.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="ranghulu-cells-\d{8}T\d{4}Z\.csv"$/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFid,siteCode,siteName,siteStatus,cellCode,technology,lon,lat,frequencyMhz,heightM,azimuthDeg,beamwidthDeg,tiltDeg,powerDbm,gainDbi,lossDb',
    );
    const rows = csvRecords(res.body);
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.siteCode === 'S2')).toMatchObject({
      siteName: '龙南营业厅, "东"',
      cellCode: 'G1',
      lon: '124.82',
      azimuthDeg: '90',
    });
    expect(rows.find((r) => r.cellCode === 'C1')).toMatchObject({ technology: 'CDMA', azimuthDeg: '' });
  });

  it('neutralises formulas in report CSV cells and filters by technology and time', async () => {
    const all = csvRecords((await get(`${BASE}/reports.csv`)).body);
    expect(all.map((r) => r.externalId)).toEqual(['R1', 'R2', 'R3', 'R4']);
    expect(all[1].note).toBe(`'=HYPERLINK("http://x","点我")`);
    expect(all[0].reportedAt).toBe('2006-03-01T02:00:00.000Z');
    const cdma = csvRecords((await get(`${BASE}/reports.csv?technology=CDMA`)).body);
    expect(cdma.map((r) => r.externalId)).toEqual(['R2', 'R4']);
    const summer = csvRecords((await get(`${BASE}/reports.csv?datetime=2006-05-01T00:00:00Z/2006-10-01T00:00:00Z`)).body);
    expect(summer.map((r) => r.externalId)).toEqual(['R2', 'R3']);
    const late = csvRecords((await get(`${BASE}/reports.csv?datetime=2006-08-01T00:00:00%2B08:00/..`)).body);
    expect(late.map((r) => r.externalId)).toEqual(['R3', 'R4']);
  });

  it('exports GeoJSON as the layer API serves it, with bbox and technology filters', async () => {
    const res = await get(`${BASE}/cells.geojson`);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.headers['content-disposition']).toMatch(/filename="ranghulu-cells-\d{8}T\d{4}Z\.geojson"/);
    const body = res.json();
    expect(body).toMatchObject({ type: 'FeatureCollection', name: 'ranghulu-cells' });
    const layer = (await get('/api/v1/areas/ranghulu/cells')).json();
    expect(body.features.map((f: { id: number }) => f.id).sort()).toEqual(layer.features.map((f: { id: number }) => f.id).sort());
    expect(body.features.find((f: { properties: { code: string } }) => f.properties.code === 'C1')).toEqual(
      layer.features.find((f: { properties: { code: string } }) => f.properties.code === 'C1'),
    );
    expect((await get(`${BASE}/cells.geojson?technology=CDMA`)).json().features).toHaveLength(1);
    expect((await get(`${BASE}/cells.geojson?bbox=124.84,46.64,124.86,46.66`)).json().features).toHaveLength(4);
    const sites = (await get(`${BASE}/sites.geojson`)).json();
    expect(sites.features.map((f: { properties: { cells: unknown[] } }) => f.properties.cells.length)).toEqual([4, 1]);
  });

  it('exports cells as KML sector wedges (omni = circle) of the requested radius', async () => {
    const res = await get(`${BASE}/cells.kml?sectorRadiusM=800`);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.google-earth\.kml\+xml/);
    expect(res.headers['content-disposition']).toMatch(/filename="ranghulu-cells-\d{8}T\d{4}Z\.kml"/);
    const doc = new DOMParser().parseFromString(res.body, 'text/xml');
    const placemarks = Array.from(doc.getElementsByTagName('Placemark'));
    expect(placemarks).toHaveLength(5);
    const byName = new Map(placemarks.map((p) => [p.getElementsByTagName('name')[0].textContent, p]));
    const ring = (name: string) =>
      byName
        .get(name)!
        .getElementsByTagName('coordinates')[0]
        .textContent!.trim()
        .split(' ')
        .map((p) => p.split(',').map(Number));
    const wedge = ring('S1/G2');
    expect(wedge[0]).toEqual([124.85, 46.65]);
    expect(wedge).toHaveLength(16 + 1 + 2);
    for (const p of wedge.slice(1, -1)) expect(distance(point([124.85, 46.65]), point(p), { units: 'meters' })).toBeCloseTo(800, 1);
    const circle = ring('S1/C1');
    expect(circle).toHaveLength(17);
    expect(circle[16]).toEqual(circle[0]);
    expect(Array.from(doc.getElementsByTagName('styleUrl')).map((s) => s.textContent)).toEqual(
      expect.arrayContaining(['#style-0', '#style-1']),
    );
  });

  it('exports points and polygons of every stored layer', async () => {
    for (const [layer, count] of [
      ['sites', 2],
      ['reports', 4],
      ['candidates', 1],
      ['measurements', 1],
      ['clutter', 1],
      ['settlements', 1],
    ] as const) {
      for (const format of ['geojson', 'csv', 'kml']) {
        const res = await get(`${BASE}/${layer}.${format}`);
        expect(res.statusCode, `${layer}.${format}`).toBe(200);
        const n =
          format === 'geojson'
            ? res.json().features.length
            : format === 'csv'
              ? csvRecords(res.body).length
              : res.body.split('<Placemark').length - 1;
        expect(n, `${layer}.${format}`).toBe(count);
      }
    }
    const clutter = csvRecords((await get(`${BASE}/clutter.csv`)).body);
    expect(clutter[0]).toMatchObject({
      code: 'Z1',
      environment: 'urban',
      wkt: 'POLYGON ((124.81 46.61, 124.84 46.61, 124.84 46.64, 124.81 46.61))',
    });
    expect(csvRecords((await get(`${BASE}/clutter.csv?bbox=124.805,46.635,124.815,46.645`)).body)).toHaveLength(0);
    expect(csvRecords((await get(`${BASE}/clutter.csv?bbox=124.83,46.61,124.835,46.615`)).body)).toHaveLength(1);
    expect(csvRecords((await get(`${BASE}/candidates.csv`)).body)[0]).toMatchObject({
      code: 'K1',
      azimuthsDeg: '0;120;240',
      cellCount: '3',
      cost: '80',
    });
    expect(csvRecords((await get(`${BASE}/sites.csv`)).body)[0]).toMatchObject({ code: 'S1', cellCount: '4', technologies: 'CDMA;GSM' });
  });

  it('exports the computed coverage gaps of each network as the coverage API computes them', async () => {
    const api = (await get('/api/v1/areas/ranghulu/coverage/gaps?technology=GSM')).json();
    const geojson = (await get(`${BASE}/gaps-gsm.geojson`)).json();
    expect(geojson.features.map((f: { geometry: unknown }) => f.geometry)).toEqual(
      api.features.map((f: { geometry: unknown }) => f.geometry),
    );
    // Rounded for export: km2 to 0.0001, people to whole persons, no float noise.
    expect(geojson.features[0].properties).toMatchObject({
      id: 1,
      gapId: api.features[0].id,
      areaKm2: Math.round(api.features[0].properties.areaKm2 * 1e4) / 1e4,
    });
    for (const f of geojson.features) {
      expect(Number.isInteger(f.properties.population)).toBe(true);
      expect(String(f.properties.areaKm2)).toMatch(/^\d+(\.\d{1,4})?$/);
    }
    const csv = csvRecords((await get(`${BASE}/gaps-gsm.csv`)).body);
    expect(csv).toHaveLength(api.features.length);
    expect(csv[0].wkt).toMatch(/^(MULTI)?POLYGON \(\(/);
    const kml = (await get(`${BASE}/gaps-cdma.kml`)).body;
    expect(kml.split('<Placemark').length - 1).toBe(
      (await get('/api/v1/areas/ranghulu/coverage/gaps?technology=CDMA')).json().features.length,
    );
  });

  it('names the bad parameter in errors', async () => {
    const unknownLayer = await get(`${BASE}/towers.csv`);
    expect(unknownLayer.statusCode).toBe(404);
    expect(unknownLayer.json().details[0]).toMatchObject({ field: '/params/layer', value: 'towers' });
    expect(unknownLayer.json().message).toMatch(/available: cells, sites, reports/);
    const unknownFormat = await get(`${BASE}/cells.xlsx`);
    expect(unknownFormat.statusCode).toBe(400);
    expect(unknownFormat.json().details[0]).toMatchObject({ field: '/params/format', value: 'xlsx' });
    expect((await get('/api/v1/areas/nowhere/exports/cells.csv')).statusCode).toBe(404);
    const noTechnology = await get(`${BASE}/clutter.csv?technology=GSM`);
    expect(noTechnology.statusCode).toBe(400);
    expect(noTechnology.json().details[0].field).toBe('/querystring/technology');
    expect((await get(`${BASE}/cells.csv?technology=WIMAX`)).json().message).toMatch(/"WIMAX" is not one of GSM, CDMA/);
    const noTime = await get(`${BASE}/cells.csv?datetime=2006-01-01T00:00:00Z`);
    expect(noTime.statusCode).toBe(400);
    expect(noTime.json().details[0].field).toBe('/querystring/datetime');
    expect((await get(`${BASE}/reports.csv?datetime=yesterday`)).json().details[0].field).toBe('/querystring/datetime');
    expect((await get(`${BASE}/cells.csv?bbox=10,10,5,5`)).json().details[0].field).toBe('/querystring/bbox');
  });

  it("offers exactly the contract's layers, in its order (the web client's export links are typed by it)", async () => {
    const unknownLayer = await get(`${BASE}/towers.csv`);
    expect(unknownLayer.json().message).toBe(`layer "towers" not found; available: ${EXPORT_LAYERS.join(', ')}`);
  });

  it('streams a layer larger than one page completely, in id order, without duplicates', async () => {
    const area = (await get('/api/v1/areas/ranghulu')).json();
    const total = 4500;
    for (let start = 0; start < total; start += 500) {
      const rows = Array.from({ length: 500 }, (_, k) => ({
        area_id: area.id,
        external_id: `BULK-${start + k}`,
        lon: 124.8 + ((start + k) % 100) / 1000,
        lat: 46.6 + (start + k) / 100000,
        technology: 'GSM' as const,
        kind: 'no-signal' as const,
        source: 'drive-test' as const,
        customer_tier: 'regular' as const,
        reported_at: new Date(Date.UTC(2006, 0, 1) + (start + k) * 60_000),
        status: 'open' as const,
      }));
      await app.db.insertInto('problem_reports').values(rows).execute();
    }
    const rows = csvRecords((await get(`${BASE}/reports.csv`)).body);
    expect(rows).toHaveLength(total + 4);
    const ids = rows.map((r) => Number(r.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    const geojson = (await get(`${BASE}/reports.geojson?technology=GSM`)).json();
    expect(geojson.features).toHaveLength(total + 2);
  });
});
