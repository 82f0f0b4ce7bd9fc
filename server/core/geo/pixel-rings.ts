import type { AreaGrid } from './area-grid.ts';
import type { PixelRing } from './polygon-fill.ts';
import { utmProjection } from './utm-projection.ts';

/**
 * Project every ring of a [lon, lat] Polygon/MultiPolygon into the grid's pixel units
 * (x = column, y = row, fractional; see fillPolygonSpans). Holes come out as ordinary rings,
 * which the even-odd fill subtracts.
 */
export function geometryToPixelRings(grid: AreaGrid, geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): PixelRing[] {
  const projection = utmProjection(grid.epsg);
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rings: PixelRing[] = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const out = new Float64Array(ring.length * 2);
      for (let i = 0; i < ring.length; i++) {
        const [x, y] = projection.forward([ring[i][0], ring[i][1]]);
        out[2 * i] = (x - grid.originX) / grid.resolutionM;
        out[2 * i + 1] = (grid.originY - y) / grid.resolutionM;
      }
      rings.push(out);
    }
  }
  return rings;
}
