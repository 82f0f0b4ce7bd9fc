import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polygonIssues } from '../../server/core/validation/geometry.ts';
import { POLYGON_WORKER_MIN_VERTICES, polygonChecker } from '../../server/workers/polygon-check.ts';
import { inlineCpuTasks, type CpuTasks } from '../../server/workers/cpu-pool.ts';
import { buildTestApp, TEST_BOUNDARY, type TestApp } from '../helpers/app.ts';
import { TEST_DATABASES } from '../helpers/databases.ts';
import { crossedStarPolygon, starPolygon } from '../helpers/polygons.ts';

const CENTRE: [number, number] = [124.85, 46.65];
const LARGE = POLYGON_WORKER_MIN_VERTICES + 500;

/** Tasks that record what they were asked to run, then run it in the calling thread as a pool of `threads` would. */
function recordingTasks(threads: number): CpuTasks & { names: string[] } {
  const names: string[] = [];
  return {
    ...inlineCpuTasks,
    threads,
    names,
    run: (name, job, options) => {
      names.push(name);
      return inlineCpuTasks.run(name, job, options);
    },
  };
}

describe('polygonChecker', () => {
  it('hands large polygons to the pool, packed, with the same verdict', async () => {
    const tasks = recordingTasks(2);
    const check = polygonChecker(tasks);
    const crossed = crossedStarPolygon(CENTRE, 0.03, LARGE);
    expect(await check(crossed, '/body/geometry')).toEqual(polygonIssues(crossed, '/body/geometry'));
    expect(await check(starPolygon(CENTRE, 0.03, LARGE), '/body/geometry')).toEqual([]);
    expect(tasks.names).toEqual(['polygonIssues', 'polygonIssues']);
  });

  it('checks small and malformed polygons in place (they fail or pass in a few ms)', async () => {
    const tasks = recordingTasks(2);
    const check = polygonChecker(tasks);
    expect(await check(starPolygon(CENTRE, 0.03, 500), 'g')).toEqual([]);
    const malformed = starPolygon(CENTRE, 0.03, LARGE) as unknown as { coordinates: unknown[][][] };
    malformed.coordinates[0][7] = ['x', 46.6];
    expect((await check(malformed, 'g'))[0]).toMatchObject({ path: 'g/coordinates/0/7/0' });
    expect(tasks.names).toEqual([]);
  });
});

/** Large polygons through the API (areas, clutter, settlements, imports) are checked on the app's worker pool. */
describe.each(TEST_DATABASES)('large polygons off the event loop ($name)', (target) => {
  let t: TestApp;
  let names: string[] = [];
  beforeAll(async () => {
    t = await buildTestApp(target, { config: { workerThreads: 1 } });
    const run = t.app.cpu.run;
    t.app.cpu.run = ((name, job, options) => {
      names.push(name);
      return run(name, job, options);
    }) as typeof run;
    const area = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      payload: { code: 'big', name: 'Big', boundary: TEST_BOUNDARY, settings: { resolutionM: 200 } },
    });
    expect(area.statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  const send = (method: 'POST' | 'PATCH', url: string, payload: object) => t.app.inject({ method, url, payload });

  it('area boundaries: a large valid one is stored, a large crossing one refused naming the field', async () => {
    names = [];
    const created = await send('POST', '/api/v1/areas', {
      code: 'star',
      name: 'Star',
      boundary: starPolygon(CENTRE, 0.05, LARGE),
      settings: { resolutionM: 200 },
    });
    expect(created.statusCode).toBe(201);
    const crossed = await send('PATCH', '/api/v1/areas/star', { boundary: crossedStarPolygon(CENTRE, 0.05, LARGE) });
    expect(crossed.statusCode).toBe(422);
    expect(crossed.json().details[0]).toMatchObject({ field: '/body/boundary', message: expect.stringMatching(/self-intersecting/) });
    expect(names).toEqual(['polygonIssues', 'polygonIssues']);
  });

  it('clutter and settlement polygons', async () => {
    names = [];
    const clutter = await send('POST', '/api/v1/areas/big/clutter', {
      code: 'C1',
      environment: 'urban',
      geometry: starPolygon(CENTRE, 0.03, LARGE),
    });
    expect(clutter.statusCode).toBe(201);
    expect(clutter.json().geometry.coordinates[0]).toHaveLength(LARGE + 1);
    const settlement = await send('POST', '/api/v1/areas/big/settlements', {
      code: 'S1',
      name: 'S1',
      population: 100,
      geometry: crossedStarPolygon(CENTRE, 0.03, LARGE),
    });
    expect(settlement.statusCode).toBe(422);
    expect(settlement.json().details[0].field).toBe('/body/geometry');
    const moved = await send('PATCH', `/api/v1/areas/big/clutter/${clutter.json().id}`, {
      geometry: crossedStarPolygon(CENTRE, 0.03, LARGE),
    });
    expect(moved.statusCode).toBe(422);
    expect(names).toEqual(['polygonIssues', 'polygonIssues', 'polygonIssues']);
  });

  it('imports: each large row polygon is checked on the pool, errors still name the line', async () => {
    names = [];
    const outOfRange = starPolygon(CENTRE, 0.03, LARGE);
    outOfRange.coordinates[0][9] = [190, 46.65];
    const features = [
      { type: 'Feature', properties: { code: 'Z1', environment: 'suburban' }, geometry: starPolygon(CENTRE, 0.02, LARGE, 7) },
      {
        type: 'Feature',
        properties: { code: 'Z2', environment: 'urban' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [124.84, 46.64],
              [124.86, 46.64],
              [124.86, 46.66],
              [124.84, 46.64],
            ],
          ],
        },
      },
      { type: 'Feature', properties: { code: 'Z3', environment: 'urban' }, geometry: outOfRange },
    ];
    const boundary = '----polygon-check-test';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nclutter\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="partial"\r\n\r\ntrue\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="zones.geojson"\r\n\r\n`),
      Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas/big/imports',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ rowsInserted: 2, rowsRejected: 1 });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({
      column: 'geometry',
      reason: expect.stringMatching(/longitude must be a number in \[-180, 180\], got 190/),
    });
    expect(names).toEqual(['rowPolygon', 'rowPolygon']);
    const stored = await t.app.inject({ method: 'GET', url: '/api/v1/areas/big/clutter?limit=10' });
    const z1 = stored.json().features.find((f: { properties: { code: string } }) => f.properties.code === 'Z1');
    expect(z1.geometry).toEqual(starPolygon(CENTRE, 0.02, LARGE, 7));
  });
});
