import { Type, type Static } from 'typebox';

/** Downloads of an area's layers: `/api/v1/areas/:areaId/exports/:layer.:format`. */

/** The file formats of an export. */
export const EXPORT_FORMATS = ['geojson', 'csv', 'kml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The layers an area exports, in the order the API lists them: the stored layers, then the computed
 * ones (coverage gaps per network, report hotspots). The server's layer registry is this list (tested).
 */
export const EXPORT_LAYERS = [
  'cells',
  'sites',
  'reports',
  'candidates',
  'measurements',
  'survey-responses',
  'clutter',
  'settlements',
  'places',
  'place-areas',
  'gaps-gsm',
  'gaps-cdma',
  'hotspots',
] as const;
export type ExportLayer = (typeof EXPORT_LAYERS)[number];

/** Path parameters; the layer names are the registry's, listed in the API documentation. */
export function exportParams(layerNames: readonly string[]) {
  return Type.Object({
    areaId: Type.String({ minLength: 1, maxLength: 64, description: 'area id or code' }),
    layer: Type.String({ minLength: 1, maxLength: 64, description: `one of: ${layerNames.join(', ')}` }),
    format: Type.String({ minLength: 1, maxLength: 16, description: `one of: ${EXPORT_FORMATS.join(', ')}` }),
  });
}
export type ExportParams = Static<ReturnType<typeof exportParams>>;

export const ExportQuery = Type.Object({
  bbox: Type.Optional(
    Type.String({ pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$', description: 'minLon,minLat,maxLon,maxLat (WGS84)' }),
  ),
  technology: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 16,
      description: 'layers with a technology: cells, reports, candidates, measurements, hotspots',
    }),
  ),
  datetime: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'RFC 3339 date-time or interval start/end (`..` = open); reports and measurements',
    }),
  ),
  sectorRadiusM: Type.Number({ minimum: 10, maximum: 50_000, default: 500, description: 'KML of cells: wedge radius, metres' }),
});
export type ExportQuery = Static<typeof ExportQuery>;

/** The answer: the layer's file, as an attachment. */
export const ExportFile = Type.String({
  description: 'the layer as application/geo+json, text/csv (UTF-8 with BOM) or application/vnd.google-earth.kml+xml, as an attachment',
});
