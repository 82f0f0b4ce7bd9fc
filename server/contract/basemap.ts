import { Type, type Static } from 'typebox';
import { AreaGeometry } from './shared.ts';

/** The offline base map: `/api/v1/basemap`. */

/** A district of Daqing: administrative code, Chinese and English names, and where its name is drawn ([lon, lat], WGS84 degrees). */
export const DistrictProperties = Type.Object({
  adcode: Type.String(),
  name_zh: Type.String(),
  name_en: Type.String(),
  label_point: Type.Array(Type.Number()),
});
export type DistrictProperties = Static<typeof DistrictProperties>;

/**
 * `GET /basemap/districts`: the district boundaries of Daqing (polygons in [lon, lat], coarse, and
 * possibly with the GCJ-02 offset of Chinese web-map data).
 */
export const DistrictCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      properties: DistrictProperties,
      geometry: AreaGeometry,
    }),
  ),
});
export type DistrictCollection = Static<typeof DistrictCollection>;
