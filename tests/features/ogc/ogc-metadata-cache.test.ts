import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as candidatesRepository from '../../../server/features/candidates/repository.ts';
import * as exportsRepository from '../../../server/features/exports/repository.ts';
import { buildTestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';
import { createTestArea } from '../exports/fixtures.ts';

// Count the extent queries (one aggregate per area and stored layer) without changing them.
vi.mock('../../../server/features/exports/repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../server/features/exports/repository.ts')>();
  return {
    ...original,
    tableLayerExtent: vi.fn(original.tableLayerExtent),
    cellsExtent: vi.fn(original.cellsExtent),
    sitesExtent: vi.fn(original.sitesExtent),
  };
});

vi.mock('../../../server/features/candidates/repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../server/features/candidates/repository.ts')>();
  return { ...original, candidatesExtent: vi.fn(original.candidatesExtent) };
});

const extentQueries = () =>
  [
    exportsRepository.tableLayerExtent,
    exportsRepository.cellsExtent,
    exportsRepository.sitesExtent,
    candidatesRepository.candidatesExtent,
  ].reduce((n, f) => n + vi.mocked(f).mock.calls.length, 0);

/** Stored layers per area: cells, sites, reports, candidates, measurements, clutter, settlements. */
const STORED_LAYERS = 10;

describe.each(TEST_DATABASES)('OGC collection metadata cache on $name', (target) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await buildTestApp(target));
    await createTestArea(app);
    // The caches also expire after 5 s (writes by other processes): stop the clock they read, so that a
    // slow machine cannot make an entry expire between two listings of a test.
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await close();
  });

  const collections = async () => {
    const res = await app.inject({ method: 'GET', url: '/ogc/collections' });
    expect(res.statusCode).toBe(200);
    return res.json().collections as Array<{ id: string; extent: { spatial: { bbox: number[][] }; temporal?: { interval: string[][] } } }>;
  };
  const reportsInterval = async () => (await collections()).find((c) => c.id === 'ranghulu-reports')!.extent.temporal!.interval[0];

  it('computes the extents once: later listings and collection documents read them from the cache', async () => {
    const before = extentQueries();
    const first = await collections();
    expect(extentQueries() - before).toBe(STORED_LAYERS);
    for (let k = 0; k < 5; k++) expect(await collections()).toEqual(first);
    const one = await app.inject({ method: 'GET', url: '/ogc/collections/ranghulu-reports' });
    expect(one.statusCode).toBe(200);
    expect(extentQueries() - before).toBe(STORED_LAYERS);
  });

  it('keeps them through a plan, a POST that writes nothing they hold', async () => {
    await collections();
    const before = extentQueries();
    const plan = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/ranghulu/plans',
      payload: { technology: 'CDMA', maxSites: 1, method: 'greedy' },
    });
    expect(plan.statusCode).toBe(200);
    await collections();
    expect(extentQueries() - before).toBe(0);
  });

  it('drops them on a write: a new report shows in the next listing', async () => {
    expect((await reportsInterval())[1]).toBe('2006-12-01T02:00:00.000Z');
    const before = extentQueries();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/areas/ranghulu/reports',
      payload: {
        externalId: 'LATE',
        lon: 124.85,
        lat: 46.66,
        technology: 'GSM',
        kind: 'no-signal',
        source: 'complaint',
        reportedAt: '2007-02-01T00:00:00Z',
      },
    });
    expect(res.statusCode).toBe(201);
    expect((await reportsInterval())[1]).toBe('2007-02-01T00:00:00.000Z');
    expect(extentQueries() - before).toBe(STORED_LAYERS);
    // A new area is listed at once too.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/areas',
          payload: {
            code: 'east',
            name: 'East',
            boundary: {
              type: 'Polygon',
              coordinates: [
                [
                  [125.0, 46.5],
                  [125.1, 46.5],
                  [125.1, 46.6],
                  [125.0, 46.5],
                ],
              ],
            },
          },
        })
      ).statusCode,
    ).toBe(201);
    expect((await collections()).filter((c) => c.id.startsWith('east-'))).toHaveLength(13);
  });
});
