import { Type } from 'typebox';
import { EXPORT_FORMATS } from './service.ts';

/** Path parameters; the layer names are the registry's, listed in the API documentation. */
export function exportParams(layerNames: readonly string[]) {
  return Type.Object({
    areaId: Type.String({ minLength: 1, maxLength: 64, description: 'area id or code' }),
    layer: Type.String({ minLength: 1, maxLength: 64, description: `one of: ${layerNames.join(', ')}` }),
    format: Type.String({ minLength: 1, maxLength: 16, description: `one of: ${EXPORT_FORMATS.join(', ')}` }),
  });
}

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
