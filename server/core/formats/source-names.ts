/**
 * The names an import takes for how its file is written: the file formats and the coordinate systems.
 * Plain data with no imports, so the API contract (and through it the browser) can list them.
 */

/** File formats an import reads. */
export const SOURCE_FORMATS = ['csv', 'xlsx', 'geojson', 'kml', 'kmz', 'opencellid'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/**
 * Coordinate systems met in Chinese field data: WGS84 (GPS, KML by spec), GCJ-02 (AMap, Tencent and
 * most Chinese web maps) and BD-09 (Baidu).
 */
export const SOURCE_CRS = ['wgs84', 'gcj02', 'bd09'] as const;
export type SourceCrs = (typeof SOURCE_CRS)[number];
