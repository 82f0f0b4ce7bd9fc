import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_SERIALIZE_MIN_POSITIONS, positionCount } from '../../../server/features/shared/layer-routes.ts';
import { buildTestApp, TEST_BOUNDARY, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { starPolygon } from '../../helpers/polygons.ts';

const CENTRE: [number, number] = [124.85, 46.65];

describe('positionCount', () => {
  it('counts positions at any nesting', () => {
    expect(positionCount([124.8, 46.6])).toBe(1);
    expect(
      positionCount([
        [
          [0, 0],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ]),
    ).toBe(4);
    expect(
      positionCount([
        [
          [[0, 0]],
          [
            [1, 1],
            [2, 2],
          ],
        ],
        [[[3, 3]]],
      ]),
    ).toBe(4);
    expect(positionCount([])).toBe(0);
    expect(positionCount(undefined)).toBe(0);
  });
});

/** A large item is answered by the native serializer: the answer must have exactly the small item's shape. */
describe.each(TEST_DATABASES)('large layer items answer the contract shape ($name)', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target);
    const area = await t.app.inject({
      method: 'POST',
      url: '/api/v1/areas',
      payload: { code: 'big', name: 'Big', boundary: TEST_BOUNDARY, settings: { resolutionM: 200 } },
    });
    expect(area.statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  it('create, get and update answer the same keys and values for a large and a small polygon', async () => {
    const post = (code: string, vertices: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/areas/big/clutter',
        payload: { code, environment: 'urban', geometry: starPolygon(CENTRE, 0.03, vertices) },
      });
    const small = await post('S', 100);
    const large = await post('L', NATIVE_SERIALIZE_MIN_POSITIONS + 10);
    expect([small.statusCode, large.statusCode]).toEqual([201, 201]);
    const [s, l] = [small.json(), large.json()];
    expect(Object.keys(l).sort()).toEqual(Object.keys(s).sort());
    expect(Object.keys(l.properties).sort()).toEqual(Object.keys(s.properties).sort());
    expect(l.properties).toEqual({ ...s.properties, id: l.id, code: 'L' });
    expect(positionCount(l.geometry.coordinates)).toBe(NATIVE_SERIALIZE_MIN_POSITIONS + 11);
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/areas/big/clutter/${l.id}` });
    expect(got.json()).toEqual(l);
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/areas/big/clutter/${l.id}`, payload: { environment: 'rural' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toEqual({ ...l, properties: { ...l.properties, environment: 'rural' } });
  });
});
