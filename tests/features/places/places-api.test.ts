/**
 * The gazetteer through the API: places imported from a CSV with Chinese headers and from GeoJSON
 * (points and polygons), listed as a GeoJSON layer, and a complaint sheet whose rows carry only an
 * address placed at the most specific place (located 'address'), an unmatched address being a row error.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacePage } from '../../../server/contract/places.ts';
import { ReportPage } from '../../../server/contract/reports.ts';
import { Value } from 'typebox/value';
import { fixture, testAreaBoundary } from '../../fixtures/imports/generate.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';

type Part = { name: string; value: string } | { name: string; fileName: string; content: Buffer };

function multipartBody(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----places-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part)
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
      );
      chunks.push(part.content, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(TEST_DATABASES)('places and address-placed reports on $name', (target) => {
  let t: TestApp;
  let areaSeq = 0;

  beforeAll(async () => {
    t = await buildTestApp(target);
  });
  afterAll(async () => t?.close());

  const newArea = async () => {
    const code = `gaz-${++areaSeq}`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/areas', payload: { code, name: code, boundary: testAreaBoundary() } });
    expect(res.statusCode).toBe(201);
    return code;
  };
  const importFile = async (area: string, kind: string, file: string, extra: Part[] = []) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/areas/${area}/imports`,
      ...multipartBody([{ name: 'kind', value: kind }, ...extra, { name: 'file', fileName: file, content: readFileSync(fixture(file)) }]),
    });
    const report = res.json();
    // 200 when written, 422 with the same report when a bad row kept the file out.
    expect(res.statusCode).toBe(report.committed ? 200 : 422);
    return report;
  };
  const withPlaces = async () => {
    const area = await newArea();
    expect(await importFile(area, 'places', 'places-zh.csv')).toMatchObject({ rowsInserted: 5, rowsRejected: 0, committed: true });
    expect(await importFile(area, 'places', 'places.geojson')).toMatchObject({ rowsInserted: 3, rowsRejected: 0, committed: true });
    return area;
  };

  it('imports places from CSV (Chinese headers) and GeoJSON and lists them as a layer', async () => {
    const area = await withPlaces();
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/areas/${area}/places?limit=100` });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(Value.Check(PlacePage, page)).toBe(true);
    const byCode = new Map(page.features.map((f: { properties: { code: string } }) => [f.properties.code, f]));
    expect(page.features).toHaveLength(8);
    // Without a code column the name is the code; 村 → village, aliases split on ; and 、.
    expect(byCode.get('富强村')).toMatchObject({
      geometry: { type: 'Point', coordinates: [124.6553, 46.9548] },
      properties: { name: '富强村', aliases: ['喇嘛甸镇富强村', '富强屯'], kind: 'village', nameEn: null },
    });
    expect(byCode.get('远望高层')).toMatchObject({ properties: { aliases: ['远望小区', '远望高层住宅'], kind: 'estate' } });
    expect(byCode.get('物资大厦')).toMatchObject({ properties: { aliases: [], kind: 'building' } });
    expect(byCode.get('estate-yinyi')).toMatchObject({
      geometry: { type: 'Polygon' },
      properties: { name: '银亿阳光城', nameEn: 'Yinyi Sunshine City', aliases: ['银亿小区'], kind: 'estate' },
    });
    // 学校 is a landmark; a single alias as plain text.
    expect(byCode.get('school-tieren')).toMatchObject({ properties: { aliases: ['大庆铁人中学'], kind: 'landmark' } });
    // Exported: every place as a point with its radius (CSV, KML), the polygon places' outlines as their own layer.
    const csv = await t.app.inject({ method: 'GET', url: `/api/v1/areas/${area}/exports/places.csv` });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('id,code,name,nameEn,aliases,kind,lon,lat,radiusM,shape');
    expect(lines).toHaveLength(9);
    expect(lines.find((l) => l.includes(',富强村,'))).toMatch(
      /,富强村,富强村,,喇嘛甸镇富强村;富强屯,village,124\.6553,46\.9548,500,point$/,
    );
    const areasGeojson = await t.app.inject({ method: 'GET', url: `/api/v1/areas/${area}/exports/place-areas.geojson` });
    expect(areasGeojson.statusCode).toBe(200);
    const polygons = areasGeojson.json().features as { geometry: { type: string }; properties: { code: string } }[];
    expect(polygons.length).toBeGreaterThan(0);
    for (const f of polygons) expect(f.geometry.type).toMatch(/Polygon$/);
    expect(polygons.map((f) => f.properties.code)).toContain('estate-yinyi');
    const kml = await t.app.inject({ method: 'GET', url: `/api/v1/areas/${area}/exports/places.kml` });
    expect(kml.statusCode).toBe(200);
    expect(kml.body).toContain('银亿阳光城');
    const villages = await t.app.inject({ method: 'GET', url: `/api/v1/areas/${area}/places?kind=village` });
    expect(villages.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['富强村']);
  });

  it('rejects a place with an unknown kind or outside the area, naming line and column', async () => {
    const area = await newArea();
    const csv = '名称,类型,经度,纬度\n好地方,宫殿,124.86,46.66\n远处,村,100.0,30.0\n';
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/areas/${area}/imports`,
      ...multipartBody([
        { name: 'kind', value: 'places' },
        { name: 'file', fileName: 'bad-places.csv', content: Buffer.from(csv) },
      ]),
    });
    expect(res.statusCode).toBe(422);
    const report = res.json();
    expect(report).toMatchObject({ committed: false, rowsRejected: 2 });
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 2, column: '类型', value: '宫殿', reason: expect.stringContaining('unknown value') }),
      expect.objectContaining({ line: 3, column: '经度/纬度', reason: expect.stringContaining('outside the area boundary') }),
    ]);
  });

  it('places address-only complaint rows at the most specific place; an unmatched address is a row error', async () => {
    const area = await withPlaces();
    const all = await importFile(area, 'reports', 'complaints-address-only.csv');
    expect(all).toMatchObject({ committed: false, rowsTotal: 5, rowsRejected: 1, rowsInserted: 0 });
    expect(all.errors).toEqual([
      {
        line: 5,
        column: '地址',
        value: '大庆市让胡路区北湖路138号',
        code: 'address-not-found',
        reason: expect.stringMatching(/^no place in the gazetteer matches the address/),
      },
    ]);

    const partial = await importFile(area, 'reports', 'complaints-address-only.csv', [{ name: 'partial', value: 'true' }]);
    expect(partial).toMatchObject({ committed: true, rowsInserted: 4, rowsRejected: 1 });

    const res = await t.app.inject({ method: 'GET', url: `/api/v1/areas/${area}/reports?limit=100` });
    const page = res.json();
    expect(Value.Check(ReportPage, page)).toBe(true);
    const byId = new Map(page.features.map((f: { properties: { externalId: string } }) => [f.properties.externalId, f]));
    expect([...byId.keys()].sort()).toEqual(['TS-01', 'TS-02', 'TS-03', 'TS-05']);
    expect(byId.get('TS-01')).toMatchObject({
      geometry: { coordinates: [124.862, 46.662] },
      properties: { located: 'coordinates', placeName: null, locationRadiusM: null },
    });
    // 喇嘛甸镇富强村 (the village's alias) is longer than 喇嘛甸镇: the village, at its point, 500 m.
    expect(byId.get('TS-02')).toMatchObject({
      geometry: { coordinates: [124.6553, 46.9548] },
      properties: { located: 'address', placeName: '富强村', locationRadiusM: 500, address: '大庆市让胡路区喇嘛甸镇富强村3组' },
    });
    // 龙南联通营业厅 beats the town 龙南 whose polygon contains the hall.
    expect(byId.get('TS-03')).toMatchObject({
      geometry: { coordinates: [124.8842, 46.5884] },
      properties: { located: 'address', placeName: '龙南营业厅', locationRadiusM: 50 },
    });
    // A polygon place: its representative point (inside), the radius of the circle of its area (0.008° × 0.006° at 46.6° N, about 612 m × 667 m: 360 m).
    const yinyi = byId.get('TS-05') as {
      geometry: { coordinates: [number, number] };
      properties: { located: string; locationRadiusM: number };
    };
    expect(yinyi.properties).toMatchObject({ located: 'address', placeName: '银亿阳光城' });
    expect(yinyi.geometry.coordinates[0]).toBeCloseTo(124.8035, 4);
    expect(yinyi.geometry.coordinates[1]).toBeCloseTo(46.6005, 4);
    expect(yinyi.properties.locationRadiusM).toBeGreaterThan(355);
    expect(yinyi.properties.locationRadiusM).toBeLessThan(365);

    // Moving a report by hand makes its position its own again.
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/areas/${area}/reports/${(byId.get('TS-02') as { id: number }).id}`,
      payload: { lon: 124.66, lat: 46.95 },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().properties).toMatchObject({ located: 'coordinates', placeName: null, locationRadiusM: null });
  });

  it('POST /reports places a report without coordinates by its address, and names the field it refuses', async () => {
    const post = (area: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/v1/areas/${area}/reports`, payload });
    const base = { kind: 'indoor', source: 'complaint', reportedAt: '2006-06-12T02:00:00Z' };
    const bare = await newArea();
    const noGazetteer = await post(bare, { ...base, address: '喇嘛甸镇富强村3组' });
    expect(noGazetteer.statusCode).toBe(422);
    expect(noGazetteer.json()).toMatchObject({ message: expect.stringMatching(/^\/body\/address: .*has no gazetteer/) });

    const area = await withPlaces();
    const created = await post(area, { ...base, address: '大庆市让胡路区喇嘛甸镇富强村3组' });
    expect(created.statusCode, created.body).toBe(201);
    // The import's rule: the village's alias 喇嘛甸镇富强村 is longer than the town 喇嘛甸镇.
    expect(created.json()).toMatchObject({
      geometry: { type: 'Point', coordinates: [124.6553, 46.9548] },
      properties: { located: 'address', placeName: '富强村', locationRadiusM: 500, address: '大庆市让胡路区喇嘛甸镇富强村3组' },
    });
    // Sent again: the same content, the same id, a duplicate.
    expect((await post(area, { ...base, address: '大庆市让胡路区喇嘛甸镇富强村3组' })).statusCode).toBe(409);

    const unmatched = await post(area, { ...base, address: '大庆市让胡路区北湖路138号' });
    expect(unmatched.statusCode).toBe(422);
    expect(unmatched.json()).toMatchObject({
      message: expect.stringContaining('/body/address: no place in the gazetteer'),
      details: [{ field: '/body/address', message: 'no place in the gazetteer matches the address', value: '大庆市让胡路区北湖路138号' }],
    });
    const nothing = await post(area, base);
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json().details).toEqual([{ field: '/body/address', message: 'required when lon and lat are not given' }]);
    const half = await post(area, { ...base, lon: 124.86 });
    expect(half.statusCode).toBe(422);
    expect(half.json().details).toEqual([{ field: '/body/lat', message: 'required when the other coordinate is given' }]);
    // Coordinates, when given, win over the address.
    const own = await post(area, { ...base, lon: 124.862, lat: 46.662, address: '喇嘛甸镇富强村3组' });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({
      geometry: { coordinates: [124.862, 46.662] },
      properties: { located: 'coordinates', placeName: null },
    });
  });

  it('places survey answers that have only an address by the same gazetteer', async () => {
    const area = await withPlaces();
    const csv = '答卷日期,网络,详细地址,覆盖满意度\n2006-06-12,C网,喇嘛甸镇富强村3组,不满意\n2006-06-13,G网,北湖路138号,满意\n';
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/areas/${area}/imports`,
      ...multipartBody([
        { name: 'kind', value: 'survey-responses' },
        { name: 'partial', value: 'true' },
        { name: 'file', fileName: 'answers.csv', content: Buffer.from(csv) },
      ]),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ committed: true, rowsInserted: 1, rowsRejected: 1 });
    expect(res.json().errors).toEqual([expect.objectContaining({ line: 3, column: '详细地址', value: '北湖路138号' })]);
    const answers = (await t.app.inject({ method: 'GET', url: `/api/v1/areas/${area}/survey-responses` })).json();
    expect(answers.features).toHaveLength(1);
    expect(answers.features[0]).toMatchObject({
      geometry: { coordinates: [124.6553, 46.9548] },
      properties: { located: 'address', placeCode: '富强村' },
    });
  });

  it('says the area has no gazetteer when an address-only row comes before any place', async () => {
    const area = await newArea();
    const report = await importFile(area, 'reports', 'complaints-address-only.csv');
    expect(report.errors).toContainEqual(
      expect.objectContaining({ line: 3, column: '地址', reason: expect.stringContaining('has no gazetteer') }),
    );
  });
});
