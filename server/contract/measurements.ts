import { Type, type Static } from 'typebox';
import { Feature, FeatureCollection, Latitude, Longitude, Nullable, PointGeometry, Technology } from './shared.ts';

/** Drive- and walk-test measurements: `/api/v1/areas/:areaId/measurements`. */

const NullableString = Nullable(Type.String());

/** A measured received level (dBm) with its survey and serving cell (SITE/CELL) when known; `measuredAt` in ISO 8601 (UTC). */
export const MeasurementProperties = Type.Object({
  id: Type.Integer(),
  externalId: Type.String(),
  survey: NullableString,
  technology: Technology,
  levelDbm: Type.Number(),
  servingCell: NullableString,
  measuredAt: Type.String({ format: 'date-time' }),
});
export type MeasurementProperties = Static<typeof MeasurementProperties>;

/** One measurement as a GeoJSON Feature: a point at [lon, lat] (WGS84 degrees). */
export const MeasurementFeature = Feature(MeasurementProperties, PointGeometry);
export type MeasurementFeature = Static<typeof MeasurementFeature>;

/** A page of measurements: `next` is the keyset cursor of the following page, or null. */
export const MeasurementPage = FeatureCollection(MeasurementProperties, PointGeometry);
export type MeasurementPage = Static<typeof MeasurementPage>;

/** `POST .../measurements` body: position in WGS84 degrees, level in dBm (-150 to 0), time in ISO 8601. */
export const MeasurementCreate = Type.Object({
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  survey: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
  lon: Longitude,
  lat: Latitude,
  technology: Technology,
  levelDbm: Type.Number({ minimum: -150, maximum: 0 }),
  servingCell: Type.Optional(Nullable(Type.String({ maxLength: 130 }))),
  measuredAt: Type.String({ format: 'date-time' }),
});
export type MeasurementCreate = Static<typeof MeasurementCreate>;

/** `PATCH .../measurements/:id` body: the fields to change. */
export const MeasurementUpdate = Type.Partial(MeasurementCreate);
export type MeasurementUpdate = Static<typeof MeasurementUpdate>;
