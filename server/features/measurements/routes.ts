import type { FastifyPluginAsync } from 'fastify';
import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import type { Area } from '../areas/repository.ts';
import { pickColumns, registerLayerRoutes, type GeoFeature } from '../shared/layer-routes.ts';
import { POINT_MARGIN_DEG, checkNearArea } from '../shared/location.ts';
import { Latitude, Longitude, Nullable, PointGeometry, Technology } from '../shared/schemas.ts';

/** Drive/walk-test measurements: measured level at a point, with the serving cell when known. */
const NullableString = Nullable(Type.String());
const Properties = Type.Object({
  id: Type.Integer(), externalId: Type.String(), survey: NullableString, technology: Type.String(),
  levelDbm: Type.Number(), servingCell: NullableString, measuredAt: Type.String({ format: 'date-time' }),
});
const Create = Type.Object({
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  survey: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
  lon: Longitude, lat: Latitude, technology: Technology,
  levelDbm: Type.Number({ minimum: -150, maximum: 0 }),
  servingCell: Type.Optional(Nullable(Type.String({ maxLength: 130 }))),
  measuredAt: Type.String({ format: 'date-time' }),
});
const Update = Type.Partial(Create);
const FIELDS = { externalId: 'external_id', survey: 'survey', lon: 'lon', lat: 'lat', technology: 'technology', levelDbm: 'level_dbm', servingCell: 'serving_cell', measuredAt: 'measured_at' };

export function measurementFeature(r: Record<string, unknown>): GeoFeature {
  return {
    type: 'Feature', id: r.id as number, geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: { id: r.id, externalId: r.external_id, survey: r.survey ?? null, technology: r.technology, levelDbm: r.level_dbm, servingCell: r.serving_cell ?? null, measuredAt: (r.measured_at as Date).toISOString() },
  };
}

function createColumns(input: Record<string, unknown>, area: Area): Record<string, unknown> {
  checkNearArea(area, input.lon as number, input.lat as number, POINT_MARGIN_DEG);
  const columns = pickColumns(input, FIELDS);
  columns.external_id ??= 'M-' + createHash('sha256').update(JSON.stringify([input.technology, input.lon, input.lat, input.measuredAt])).digest('hex').slice(0, 16);
  return columns;
}

export const measurementsRoutes: FastifyPluginAsync = async (app) => {
  registerLayerRoutes(app, {
    path: 'measurements', label: 'measurement', tag: 'measurements', writeRole: 'planner',
    spec: { table: 'survey_measurements', kind: 'point', naturalKey: 'external_id' },
    geometry: PointGeometry, properties: Properties, create: Create, update: Update,
    filters: { technology: { schema: Technology, column: 'technology' }, survey: { schema: Type.String({ maxLength: 128 }), column: 'survey' } },
    toFeature: measurementFeature, createColumns,
    updateColumns: (input, current, area) => {
      checkNearArea(area, (input.lon as number) ?? (current.lon as number), (input.lat as number) ?? (current.lat as number), POINT_MARGIN_DEG);
      return pickColumns(input, FIELDS);
    },
  });
};
