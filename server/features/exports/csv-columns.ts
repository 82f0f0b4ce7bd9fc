import { toWkt, type AnyFeature, type CsvColumn } from '../../core/export/index.ts';

/** CSV columns read from a layer feature; headers match the import aliases so an export re-imports. */
export type FeatureColumn = CsvColumn<AnyFeature>;

export const idColumn: FeatureColumn = { header: 'id', value: (f) => f.id };

/** A property column, optionally under another header (the cells import reads `code` as the site code). */
export function prop(key: string, header = key): FeatureColumn {
  return { header, value: (f) => f.properties?.[key] };
}

const point = (f: AnyFeature) => (f.geometry?.type === 'Point' ? f.geometry.coordinates : null);
export const lonColumn: FeatureColumn = { header: 'lon', value: (f) => point(f)?.[0] };
export const latColumn: FeatureColumn = { header: 'lat', value: (f) => point(f)?.[1] };

/** The geometry as OGC WKT (polygon layers); GDAL and QGIS read a `wkt` column directly. */
export const wktColumn: FeatureColumn = { header: 'wkt', value: (f) => toWkt(f.geometry) };
