import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { buildTestApp } from '../../helpers/app.ts';
import { createTestArea } from '../exports/fixtures.ts';
import { ellipsoidalAreaM2 } from '../../../server/core/geo/ellipsoidal-area.ts';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const LAYERS = [
  'cells',
  'sites',
  'reports',
  'candidates',
  'measurements',
  'survey-responses',
  'clutter',
  'settlements',
  'places',
  'place-areas',
  'gaps-gsm',
  'gaps-cdma',
  'hotspots',
];
interface Link {
  href: string;
  rel: string;
  type?: string;
}
const rels = (links: Link[]) => Object.fromEntries(links.map((l) => [l.rel, l]));
const path = (href: string) => href.replace(/^http:\/\/[^/]+/, '');

describe.each(TEST_DATABASES)('OGC API - Features on $name', (target) => {
  let app: FastifyInstance;
  let anonymousInject: FastifyInstance['inject'] | undefined;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const built = await buildTestApp(target);
    ({ app, close } = built);
    anonymousInject = (built as { anonymousInject?: FastifyInstance['inject'] }).anonymousInject;
    await createTestArea(app);
    for (let i = 0; i < 21; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/areas/ranghulu/reports',
        payload: {
          externalId: `X${i}`,
          lon: 124.8 + i / 1000,
          lat: 46.61,
          technology: 'GSM',
          kind: 'no-signal',
          source: 'complaint',
          reportedAt: '2006-07-01T00:00:00Z',
        },
      });
      expect(res.statusCode).toBe(201);
    }
    // A second area whose code has dashes, with a site outside its bbox (sites may stand 0.5 deg out).
    const east = {
      type: 'Polygon',
      coordinates: [
        [
          [125.0, 46.5],
          [125.1, 46.5],
          [125.1, 46.6],
          [125.0, 46.6],
          [125.0, 46.5],
        ],
      ],
    };
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code: 'daqing-east', name: '大庆东', boundary: east } }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/areas/daqing-east/sites',
          payload: { code: 'E1', name: '东站', lon: 125.3, lat: 46.55, cells: [] },
        })
      ).statusCode,
    ).toBe(201);
  });
  afterAll(async () => close());

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'GET', url, headers });
    return { status: res.statusCode, type: res.headers['content-type'], body: res.json() };
  };

  it('serves the landing page with self, service-desc, conformance and data links', async () => {
    const { status, type, body } = await get('/ogc');
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    const links = rels(body.links);
    expect(links.self).toMatchObject({ href: 'http://localhost/ogc', type: 'application/json' });
    expect(links['service-desc']).toMatchObject({
      href: 'http://localhost/docs/json',
      type: 'application/vnd.oai.openapi+json;version=3.0',
    });
    expect(links.conformance).toMatchObject({ href: 'http://localhost/ogc/conformance', type: 'application/json' });
    expect(links.data).toMatchObject({ href: 'http://localhost/ogc/collections', type: 'application/json' });
    for (const l of body.links) expect(l.title).toEqual(expect.any(String));
    const openapi = (await get(path(links['service-desc'].href))).body;
    expect(openapi.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/ogc/collections/{collectionId}/items', '/ogc/collections/{collectionId}/items/{featureId}']),
    );
    expect(openapi.paths['/ogc/collections/{collectionId}/items'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['bbox', 'limit', 'datetime', 'collectionId']),
    );
  });

  it('declares the core, GeoJSON and OpenAPI 3.0 conformance classes', async () => {
    expect((await get('/ogc/conformance')).body).toEqual({
      conformsTo: [
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      ],
    });
  });

  it('lists one collection per area and layer with extent, item type and CRS', async () => {
    const { body } = await get('/ogc/collections');
    expect(rels(body.links).self).toMatchObject({ href: 'http://localhost/ogc/collections', type: 'application/json' });
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual([
      ...LAYERS.map((l) => `ranghulu-${l}`),
      ...LAYERS.map((l) => `daqing-east-${l}`),
    ]);
    const cells = body.collections[0];
    expect(cells).toMatchObject({
      id: 'ranghulu-cells',
      title: '让胡路 - Cells (小区)',
      itemType: 'feature',
      crs: [CRS84],
      extent: { spatial: { bbox: [[124.8, 46.6, 124.9, 46.7]], crs: CRS84 } },
    });
    expect(rels(cells.links).items).toMatchObject({
      href: 'http://localhost/ogc/collections/ranghulu-cells/items',
      type: 'application/geo+json',
    });
    expect(rels(cells.links).self).toMatchObject({ href: 'http://localhost/ogc/collections/ranghulu-cells', type: 'application/json' });
    const reports = body.collections.find((c: { id: string }) => c.id === 'ranghulu-reports');
    expect(reports.extent.temporal).toEqual({
      interval: [['2006-03-01T02:00:00.000Z', '2006-12-01T02:00:00.000Z']],
      trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
    });
    // The extent takes in the site standing east of the area.
    const eastSites = body.collections.find((c: { id: string }) => c.id === 'daqing-east-sites');
    expect(eastSites.extent.spatial.bbox).toEqual([[125.0, 46.5, 125.3, 46.6]]);
    expect((await get('/ogc/collections/daqing-east-sites')).body).toEqual(eastSites);
  });

  it('pages items with limit and offset, following next and prev links to every feature once', async () => {
    const first = await get('/ogc/collections/ranghulu-reports/items?limit=10');
    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^application\/geo\+json/);
    expect(first.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 25, numberReturned: 10 });
    expect(new Date(first.body.timeStamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const links = rels(first.body.links);
    expect(links.self).toMatchObject({
      href: 'http://localhost/ogc/collections/ranghulu-reports/items?limit=10',
      type: 'application/geo+json',
    });
    expect(links.next.href).toBe('http://localhost/ogc/collections/ranghulu-reports/items?limit=10&offset=10');
    expect(links.prev).toBeUndefined();
    const ids: number[] = first.body.features.map((f: { id: number }) => f.id);
    let page = first;
    while (rels(page.body.links).next) {
      page = await get(path(rels(page.body.links).next.href));
      ids.push(...page.body.features.map((f: { id: number }) => f.id));
    }
    expect(page.body.numberReturned).toBe(5);
    expect(rels(page.body.links).prev.href).toBe('http://localhost/ogc/collections/ranghulu-reports/items?limit=10&offset=10');
    expect(new Set(ids).size).toBe(25);
    expect((await get('/ogc/collections/ranghulu-reports/items')).body.numberReturned).toBe(25);
  });

  it('filters items by bbox (4 or 6 numbers, also across the antimeridian), datetime and technology', async () => {
    const items = async (query: string) => (await get(`/ogc/collections/ranghulu-reports/items?${query}`)).body;
    expect((await items('bbox=124.80,46.60,124.805,46.62')).numberMatched).toBe(6);
    expect((await items('bbox=124.80,46.60,-100,124.805,46.62,100')).numberMatched).toBe(6);
    expect((await items('bbox=170,46,124.805,47')).numberMatched).toBe(6);
    expect(
      (await items('bbox=124.85,46.65,124.9,46.7')).features.map((f: { properties: { externalId: string } }) => f.properties.externalId),
    ).toEqual(['R3', 'R4']);
    expect((await items('datetime=2006-06-15T00:00:00Z/2006-07-15T00:00:00Z')).numberMatched).toBe(21);
    expect((await items('datetime=../2006-06-15T00:00:00Z')).numberMatched).toBe(2);
    expect((await items('technology=CDMA')).numberMatched).toBe(2);
    // Collections without time match any datetime (/req/core/fc-time-response C).
    expect((await get('/ogc/collections/ranghulu-cells/items?datetime=1990-01-01T00:00:00Z')).body.numberMatched).toBe(5);
    const polygons = (await get('/ogc/collections/ranghulu-clutter/items?bbox=124.835,46.635,124.9,46.7')).body;
    expect(polygons.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['Z1']);
    // The box meets the triangle's bbox but not the triangle (its empty upper-left corner).
    const corner = (await get('/ogc/collections/ranghulu-clutter/items?bbox=124.805,46.635,124.815,46.645')).body;
    expect(corner).toMatchObject({ numberMatched: 0, numberReturned: 0, features: [] });
  });

  it('treats a limit above 10,000 as 10,000 and rejects bad parameters with an OGC exception', async () => {
    const big = await get('/ogc/collections/ranghulu-reports/items?limit=50000&offset=20');
    expect(big.status).toBe(200);
    expect(big.body.numberReturned).toBe(5);
    expect(rels(big.body.links).prev.href).toBe('http://localhost/ogc/collections/ranghulu-reports/items?limit=10000&offset=0');
    for (const [query, word] of [
      ['limit=0', 'limit'],
      ['bbox=1,2,3', 'bbox'],
      ['bbox=0,50,1,40', 'bbox'],
      ['datetime=soon', 'datetime'],
      ['technology=WIMAX', 'technology'],
      ['foo=1', 'foo'],
      ['bbox-crs=x', 'bbox-crs'],
    ]) {
      const res = await get(`/ogc/collections/ranghulu-reports/items?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body).toEqual({ code: 'InvalidParameterValue', description: expect.stringContaining(word) });
    }
    expect((await get('/ogc/collections/ranghulu-clutter/items?technology=GSM')).status).toBe(400);
  });

  it('gives every collection one geometry type, declared in its metadata and held by every feature', async () => {
    const { collections } = (await get('/ogc/collections')).body as {
      collections: { id: string; geometryType: string; geometryDimension: number }[];
    };
    const types = Object.fromEntries(
      collections
        .filter((c) => c.id.startsWith('ranghulu-'))
        .map((c) => [c.id.slice('ranghulu-'.length), [c.geometryType, c.geometryDimension]]),
    );
    expect(types).toEqual({
      cells: ['Point', 0],
      sites: ['Point', 0],
      reports: ['Point', 0],
      candidates: ['Point', 0],
      measurements: ['Point', 0],
      'survey-responses': ['Point', 0],
      clutter: ['MultiPolygon', 2],
      settlements: ['MultiPolygon', 2],
      places: ['Point', 0],
      'place-areas': ['MultiPolygon', 2],
      'gaps-gsm': ['MultiPolygon', 2],
      'gaps-cdma': ['MultiPolygon', 2],
      hotspots: ['MultiPolygon', 2],
    });
    for (const [layer, [type]] of Object.entries(types)) {
      const items = (await get(`/ogc/collections/ranghulu-${layer}/items?limit=1000`)).body as GeoJSON.FeatureCollection;
      for (const f of items.features) expect(f.geometry.type, layer).toBe(type);
    }
    // A polygon settlement next to the point one: both MultiPolygon, the point as the 25 m pixel it is counted in.
    const square = [
      [124.83, 46.65],
      [124.84, 46.65],
      [124.84, 46.66],
      [124.83, 46.66],
      [124.83, 46.65],
    ];
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/areas/ranghulu/settlements',
          payload: { code: 'P2', name: '六厂', population: 800, geometry: { type: 'Polygon', coordinates: [square] } },
        })
      ).statusCode,
    ).toBe(201);
    const settlements = (await get('/ogc/collections/ranghulu-settlements/items')).body as GeoJSON.FeatureCollection<GeoJSON.MultiPolygon>;
    const point = settlements.features.find((f) => f.properties!.code === 'P1')!;
    const polygon = settlements.features.find((f) => f.properties!.code === 'P2')!;
    expect(polygon.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[square]] });
    expect(polygon.properties).toMatchObject({ pointLon: null, pointLat: null });
    expect(point.properties).toMatchObject({ population: 5000, pointLon: 124.87, pointLat: 46.68 });
    const ring = point.geometry.coordinates[0][0];
    expect(ring).toHaveLength(5);
    const lons = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    expect(Math.min(...lons)).toBeLessThan(124.87);
    expect(Math.max(...lons)).toBeGreaterThan(124.87);
    expect(Math.min(...lats)).toBeLessThan(46.68);
    expect(Math.max(...lats)).toBeGreaterThan(46.68);
    expect(ellipsoidalAreaM2(point.geometry)).toBeCloseTo(625, -1);
    expect((await get(`/ogc/collections/ranghulu-settlements/items/${point.id}`)).body.geometry).toEqual(point.geometry);

    // The gazetteer holds points and polygons: every place as a point (where an address naming it is
    // placed, with that position's radius) in `places`, the polygon places' outlines in `place-areas`.
    for (const place of [
      {
        code: 'V1',
        name: '富强村',
        kind: 'village',
        aliases: ['喇嘛甸镇富强村', '富强屯'],
        geometry: { type: 'Point', coordinates: [124.82, 46.63] },
      },
      { code: 'E1', name: '银亿阳光城', kind: 'estate', geometry: { type: 'Polygon', coordinates: [square] } },
    ]) {
      expect((await app.inject({ method: 'POST', url: '/api/v1/areas/ranghulu/places', payload: place })).statusCode).toBe(201);
    }
    const places = (await get('/ogc/collections/ranghulu-places/items')).body as GeoJSON.FeatureCollection<GeoJSON.Point> & {
      numberMatched: number;
    };
    expect(places.numberMatched).toBe(2);
    const village = places.features.find((f) => f.properties!.code === 'V1')!;
    expect(village.geometry).toEqual({ type: 'Point', coordinates: [124.82, 46.63] });
    expect(village.properties).toMatchObject({ aliases: '喇嘛甸镇富强村;富强屯', kind: 'village', radiusM: 500, shape: 'point' });
    const estate = places.features.find((f) => f.properties!.code === 'E1')!;
    expect(estate.geometry.type).toBe('Point');
    expect(estate.geometry.coordinates[0]).toBeCloseTo(124.835, 3);
    expect(estate.geometry.coordinates[1]).toBeCloseTo(46.655, 3);
    expect(estate.properties).toMatchObject({ shape: 'polygon', aliases: '' });
    const areas = (await get('/ogc/collections/ranghulu-place-areas/items')).body as GeoJSON.FeatureCollection<GeoJSON.MultiPolygon> & {
      numberMatched: number;
    };
    expect(areas.features.map((f) => [f.properties!.code, f.geometry])).toEqual([
      ['E1', { type: 'MultiPolygon', coordinates: [[square]] }],
    ]);
    expect(areas.numberMatched).toBe(1);
    // The bbox of the polygon alone: the estate, not the village.
    const inBox = (await get('/ogc/collections/ranghulu-places/items?bbox=124.83,46.65,124.84,46.66')).body as GeoJSON.FeatureCollection;
    expect(inBox.features.map((f) => f.properties!.code)).toEqual(['E1']);
  });

  it('serves computed layers: coverage gaps per network (largest first) and report hotspots', async () => {
    const api = (await get('/api/v1/areas/ranghulu/coverage/gaps?technology=GSM')).body;
    expect(api.features.length).toBeGreaterThan(0);
    const gaps = (await get('/ogc/collections/ranghulu-gaps-gsm/items?limit=1')).body;
    expect(gaps.numberMatched).toBe(api.features.length);
    const multi = (g: GeoJSON.Polygon | GeoJSON.MultiPolygon) =>
      g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;
    const gapKm2 = Math.round(api.features[0].properties.areaKm2 * 1e4) / 1e4;
    expect(gaps.features[0]).toMatchObject({
      id: 1,
      geometry: multi(api.features[0].geometry),
      properties: { gapId: api.features[0].id, technology: 'GSM', areaKm2: gapKm2 },
    });
    expect((await get('/ogc/collections/ranghulu-gaps-gsm/items/1')).body.geometry).toEqual(multi(api.features[0].geometry));
    const collection = (await get('/ogc/collections/ranghulu-gaps-cdma')).body;
    expect(collection).toMatchObject({
      title: '让胡路 - Coverage gaps, CDMA (C网盲区)',
      extent: { spatial: { bbox: [[124.8, 46.6, 124.9, 46.7]] } },
    });
    // The 21 reports 76 m apart along 46.61 N form one hotspot; none of them is CDMA.
    const hotspots = (await get('/ogc/collections/ranghulu-hotspots/items')).body;
    expect(hotspots.numberMatched).toBe(1);
    expect(hotspots.features[0].properties).toMatchObject({
      hotspotId: 'hotspot-1',
      reportCount: 21,
      centroidLat: expect.closeTo(46.61, 6),
    });
    expect((await get('/ogc/collections/ranghulu-hotspots/items?technology=CDMA')).body.numberMatched).toBe(0);
    expect((await get('/ogc/collections/ranghulu-hotspots/items?bbox=124.85,46.65,124.9,46.7')).body.numberMatched).toBe(0);
  });

  it('serves one feature with self and collection links', async () => {
    const list = (await get('/ogc/collections/ranghulu-cells/items')).body;
    const c1 = list.features.find((f: { properties: { code: string } }) => f.properties.code === 'C1');
    const { status, type, body } = await get(`/ogc/collections/ranghulu-cells/items/${c1.id}`);
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/geo\+json/);
    expect({ ...body, links: undefined }).toEqual({ ...c1, links: undefined });
    expect(rels(body.links).self.href).toBe(`http://localhost/ogc/collections/ranghulu-cells/items/${c1.id}`);
    expect(rels(body.links).collection).toMatchObject({
      href: 'http://localhost/ogc/collections/ranghulu-cells',
      type: 'application/json',
    });
  });

  it('answers 404 in the OGC exception shape for unknown collections, features and paths', async () => {
    const cellId = (await get('/ogc/collections/ranghulu-cells/items?limit=1')).body.features[0].id;
    for (const url of [
      '/ogc/collections/ranghulu-towers',
      '/ogc/collections/nowhere-cells/items',
      '/ogc/collections/ranghulu-cells/items/999999',
      '/ogc/collections/ranghulu-cells/items/abc',
      '/ogc/collections/ranghulu-cells/items/99999999999999',
      `/ogc/collections/daqing-east-cells/items/${cellId}`,
      '/ogc/nothing/here',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(res.body, url).toEqual({ code: 'NotFound', description: expect.any(String) });
    }
    expect((await get('/ogc/collections/ranghulu-towers')).body.description).toBe('collection "ranghulu-towers" not found');
  });

  it('negotiates JSON by f and Accept; HTML is not offered', async () => {
    expect((await get('/ogc/collections?f=json')).status).toBe(200);
    expect((await get('/ogc/collections', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' })).status).toBe(200);
    expect((await get('/ogc/collections/ranghulu-cells/items', { accept: 'application/geo+json' })).status).toBe(200);
    const html = await get('/ogc/collections', { accept: 'text/html' });
    expect(html.status).toBe(406);
    expect(html.body.code).toBe('NotAcceptable');
    expect((await get('/ogc/collections', { accept: 'application/json;q=0, text/html' })).status).toBe(406);
    expect((await get('/ogc?f=html')).body).toEqual({
      code: 'InvalidParameterValue',
      description: expect.stringMatching(/HTML is not offered/),
    });
  });

  it('needs credentials: anonymous calls get an OGC 401 with a Basic challenge', async (ctx) => {
    if (!anonymousInject) return ctx.skip('this build has no authentication');
    const res = await anonymousInject({ method: 'GET', url: '/ogc/collections' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'NotAuthenticated', description: expect.any(String) });
    expect(res.headers['www-authenticate']).toMatch(/Basic/);
  });
});
