import { positionText } from './number-text.ts';

type Position = readonly number[];

const points = (ps: readonly Position[]) => `(${ps.map((p) => positionText(p, ' ')).join(', ')})`;
const rings = (rs: readonly (readonly Position[])[]) => `(${rs.map(points).join(', ')})`;

/**
 * OGC Well-Known Text (Simple Features 1.2.1, section 7) of a GeoJSON geometry, coordinates in the
 * GeoJSON order `[lon, lat]` (x y). A null geometry gives the empty string. Used for the geometry
 * column of CSV exports, which GDAL and QGIS read directly.
 */
export function toWkt(geometry: GeoJSON.Geometry | null): string {
  if (!geometry) return '';
  switch (geometry.type) {
    case 'Point':
      return `POINT (${positionText(geometry.coordinates, ' ')})`;
    case 'MultiPoint':
      return geometry.coordinates.length ? `MULTIPOINT (${geometry.coordinates.map((p) => points([p])).join(', ')})` : 'MULTIPOINT EMPTY';
    case 'LineString':
      return `LINESTRING ${points(geometry.coordinates)}`;
    case 'MultiLineString':
      return geometry.coordinates.length ? `MULTILINESTRING ${rings(geometry.coordinates)}` : 'MULTILINESTRING EMPTY';
    case 'Polygon':
      return geometry.coordinates.length ? `POLYGON ${rings(geometry.coordinates)}` : 'POLYGON EMPTY';
    case 'MultiPolygon':
      return geometry.coordinates.length ? `MULTIPOLYGON (${geometry.coordinates.map(rings).join(', ')})` : 'MULTIPOLYGON EMPTY';
    case 'GeometryCollection':
      return geometry.geometries.length ? `GEOMETRYCOLLECTION (${geometry.geometries.map(toWkt).join(', ')})` : 'GEOMETRYCOLLECTION EMPTY';
  }
}
