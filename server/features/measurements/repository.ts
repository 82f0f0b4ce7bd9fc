import type { MeasurementFeature, MeasurementUpdate } from '../../contract/measurements.ts';
import type { MeasurementRow } from '../../db/types.ts';
import type { LayerTableSpec, LayerUpdate } from '../shared/layer-repository.ts';

/** Where measurements are stored: a point layer whose natural key is the external id. */
export const MEASUREMENTS_TABLE: LayerTableSpec<'survey_measurements'> = {
  table: 'survey_measurements',
  kind: 'point',
  naturalKey: 'external_id',
};

/** A stored measurement as its GeoJSON Feature: a [lon, lat] point; `measuredAt` in ISO 8601 (UTC). */
export function measurementFeature(r: MeasurementRow): MeasurementFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: {
      id: r.id,
      externalId: r.external_id,
      survey: r.survey ?? null,
      technology: r.technology,
      levelDbm: r.level_dbm,
      servingCell: r.serving_cell ?? null,
      measuredAt: r.measured_at.toISOString(),
    },
  };
}

/** The columns the fields of a measurement body write; a field left out is undefined (not written). */
export function measurementColumns(input: MeasurementUpdate): LayerUpdate<'survey_measurements'> {
  return {
    external_id: input.externalId,
    survey: input.survey,
    lon: input.lon,
    lat: input.lat,
    technology: input.technology,
    level_dbm: input.levelDbm,
    serving_cell: input.servingCell,
    measured_at: input.measuredAt,
  };
}
