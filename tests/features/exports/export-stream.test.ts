import { describe, expect, it } from 'vitest';
import type { Area } from '../../../server/features/areas/repository.ts';
import type { LayerFeature, LayerSource, PageWindow } from '../../../server/features/exports/layer-source.ts';
import { exportChunks } from '../../../server/features/exports/service.ts';
import { prop } from '../../../server/features/exports/csv-columns.ts';

/** An in-memory layer of `n` points that records the windows it was asked for. */
function fakeSource(n: number): { source: LayerSource; windows: PageWindow[] } {
  const features: LayerFeature[] = Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    id: 10 + i * 3,
    geometry: { type: 'Point', coordinates: [124.8, 46.6 + i / 1000] },
    properties: { name: `P${i}` },
  }));
  const windows: PageWindow[] = [];
  const source: LayerSource = {
    name: 'fake',
    geometryType: 'Point',
    title: 'Fake',
    description: 'test layer',
    temporal: false,
    csvColumns: [prop('name')],
    kml: {},
    count: async () => n,
    page: async (_ctx, _q, w) => {
      windows.push(w);
      return features.filter((f) => w.afterId === undefined || f.id > w.afterId).slice(0, w.limit);
    },
    get: async () => undefined,
    extent: async () => ({ bbox: null, interval: null }),
  };
  return { source, windows };
}

const ctx = { db: null as never, area: { code: 'test', name: 'Test' } as Area };
const collect = async (chunks: AsyncIterable<string>) => {
  const parts: string[] = [];
  for await (const c of chunks) parts.push(c);
  return parts;
};

describe('exportChunks', () => {
  it('reads pages by id (keyset) until a short page, one chunk per page', async () => {
    const { source, windows } = fakeSource(23);
    const parts = await collect(exportChunks(ctx, source, {}, 'geojson', { sectorRadiusM: 500, pageSize: 10 }));
    expect(windows).toEqual([
      { limit: 10, afterId: undefined },
      { limit: 10, afterId: 37 },
      { limit: 10, afterId: 67 },
    ]);
    expect(parts).toHaveLength(1 + 3 + 1);
    const doc = JSON.parse(parts.join(''));
    expect(doc.features.map((f: { id: number }) => f.id)).toEqual(Array.from({ length: 23 }, (_, i) => 10 + i * 3));
  });

  it('stops after an empty page when the layer is a whole number of pages', async () => {
    const { source, windows } = fakeSource(20);
    const csv = (await collect(exportChunks(ctx, source, {}, 'csv', { sectorRadiusM: 500, pageSize: 10 }))).join('');
    expect(windows).toHaveLength(3);
    expect(csv.split('\r\n')).toHaveLength(1 + 20 + 1);
  });

  it('writes a valid empty document for an empty layer', async () => {
    const { source } = fakeSource(0);
    expect(JSON.parse((await collect(exportChunks(ctx, source, {}, 'geojson', { sectorRadiusM: 500 }))).join(''))).toEqual({
      type: 'FeatureCollection',
      name: 'test-fake',
      features: [],
    });
    expect((await collect(exportChunks(ctx, source, {}, 'kml', { sectorRadiusM: 500 }))).join('')).toMatch(
      /<Document>\n<name>Test - Fake<\/name>[\s\S]*<\/kml>\n$/,
    );
  });
});
