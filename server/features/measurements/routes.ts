import type { FastifyPluginAsync } from 'fastify';
import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import { MeasurementCreate, MeasurementProperties, MeasurementUpdate } from '../../contract/measurements.ts';
import { PointGeometry, Technology } from '../../contract/shared.ts';
import type { Area } from '../areas/repository.ts';
import type { LayerInsert } from '../shared/layer-repository.ts';
import { registerLayerRoutes } from '../shared/layer-routes.ts';
import { POINT_MARGIN_DEG, checkNearArea } from '../shared/location.ts';
import { MEASUREMENTS_TABLE, measurementColumns, measurementFeature } from './repository.ts';

function createColumns(input: MeasurementCreate, area: Area): LayerInsert<'survey_measurements'> {
  checkNearArea(area, input.lon, input.lat, POINT_MARGIN_DEG);
  const externalId =
    input.externalId ??
    'M-' +
      createHash('sha256')
        .update(JSON.stringify([input.technology, input.lon, input.lat, input.measuredAt]))
        .digest('hex')
        .slice(0, 16);
  return {
    ...measurementColumns(input),
    area_id: area.id,
    external_id: externalId,
    lon: input.lon,
    lat: input.lat,
    technology: input.technology,
    level_dbm: input.levelDbm,
    measured_at: input.measuredAt,
  };
}

/** Drive/walk-test measurements: measured level at a point, with the serving cell when known. */
export const measurementsRoutes: FastifyPluginAsync = async (app) => {
  registerLayerRoutes(app, {
    path: 'measurements',
    label: 'measurement',
    tag: 'measurements',
    writeRole: 'planner',
    spec: MEASUREMENTS_TABLE,
    geometry: PointGeometry,
    properties: MeasurementProperties,
    create: MeasurementCreate,
    update: MeasurementUpdate,
    filters: {
      technology: { schema: Technology, column: 'technology' },
      survey: { schema: Type.String({ maxLength: 128 }), column: 'survey' },
    },
    toFeature: measurementFeature,
    createColumns,
    updateColumns: (input, current, area) => {
      checkNearArea(area, input.lon ?? current.lon, input.lat ?? current.lat, POINT_MARGIN_DEG);
      return measurementColumns(input);
    },
  });
};
