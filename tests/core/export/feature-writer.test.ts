import { describe, expect, it } from 'vitest';
import { csvWriter, geojsonWriter, toGeojson, toWkt } from '../../../server/core/export/index.ts';

const features: GeoJSON.Feature[] = Array.from({ length: 5 }, (_, i) => ({
  type: 'Feature',
  id: i + 1,
  geometry: { type: 'Point', coordinates: [124.8 + i / 100, 46.6] },
  properties: { name: `站${i}`, levelDbm: -80 - i },
}));

describe('feature writers', () => {
  it('GeoJSON passes features through unchanged, also when written page by page', () => {
    const w = geojsonWriter({ name: 'ranghulu-reports' });
    const text = w.head() + w.features(features.slice(0, 2), 0) + w.features(features.slice(2), 2) + w.tail();
    expect(JSON.parse(text)).toEqual({ type: 'FeatureCollection', name: 'ranghulu-reports', features });
    expect(JSON.parse(toGeojson({ type: 'FeatureCollection', features: [] }))).toEqual({ type: 'FeatureCollection', features: [] });
    expect(w.mediaType).toBe('application/geo+json');
  });

  it('CSV writes the BOM and header once, then one row per feature', () => {
    const w = csvWriter([
      { header: 'name', value: (f) => f.properties!.name },
      { header: 'wkt', value: (f) => toWkt(f.geometry) },
    ]);
    const text = w.head() + w.features(features.slice(0, 1), 0) + w.features(features.slice(1, 2), 1) + w.tail();
    expect(text).toBe('\uFEFFname,wkt\r\n站0,POINT (124.8 46.6)\r\n站1,POINT (124.81 46.6)\r\n');
    expect(w.mediaType).toBe('text/csv; charset=utf-8');
  });
});
