import { Type, type Static } from 'typebox';
import { AreaGeometry, Code, EnvironmentClass, Feature, FeatureCollection, Nullable } from './shared.ts';

/** Clutter (land-use) zones: each polygon sets the environment class of the propagation model. `/api/v1/areas/:areaId/clutter`. */

/** A clutter zone as sent. */
export const ClutterProperties = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Nullable(Type.String()),
  environment: EnvironmentClass,
});
export type ClutterProperties = Static<typeof ClutterProperties>;

/** One zone as a GeoJSON Feature: a polygon or multipolygon in [lon, lat] (WGS84 degrees). */
export const ClutterFeature = Feature(ClutterProperties, AreaGeometry);
export type ClutterFeature = Static<typeof ClutterFeature>;

/** A page of zones: `next` is the keyset cursor of the following page, or null. */
export const ClutterPage = FeatureCollection(ClutterProperties, AreaGeometry);
export type ClutterPage = Static<typeof ClutterPage>;

/** `POST .../clutter` body: the polygon in [lon, lat] (WGS84 degrees), checked strictly. */
export const ClutterCreate = Type.Object({
  code: Code,
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  environment: EnvironmentClass,
  geometry: AreaGeometry,
});
export type ClutterCreate = Static<typeof ClutterCreate>;

/** `PATCH .../clutter/:id` body: the fields to change. */
export const ClutterUpdate = Type.Partial(ClutterCreate);
export type ClutterUpdate = Static<typeof ClutterUpdate>;
