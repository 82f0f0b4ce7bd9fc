import { Type, type Static } from 'typebox';
import { AnyGeometry, Code, Feature, FeatureCollection, Name } from './shared.ts';

/**
 * Settlements and their population, for coverage by population (a polygon spreads it over its pixels,
 * a point puts it on one): `/api/v1/areas/:areaId/settlements`.
 */

/** A settlement as sent; `name` is often both languages in one string, e.g. "富强村 Fuqiang Village". */
export const SettlementProperties = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  population: Type.Integer(),
  approximate: Type.Boolean(),
});
export type SettlementProperties = Static<typeof SettlementProperties>;

/** One settlement as a GeoJSON Feature: a point, polygon or multipolygon in [lon, lat] (WGS84 degrees). */
export const SettlementFeature = Feature(SettlementProperties, AnyGeometry);
export type SettlementFeature = Static<typeof SettlementFeature>;

/** A page of settlements: `next` is the keyset cursor of the following page, or null. */
export const SettlementPage = FeatureCollection(SettlementProperties, AnyGeometry);
export type SettlementPage = Static<typeof SettlementPage>;

/** `POST .../settlements` body: geometry in [lon, lat] (WGS84 degrees), population 0 to 50 million. */
export const SettlementCreate = Type.Object({
  code: Code,
  name: Name,
  population: Type.Integer({ minimum: 0, maximum: 50_000_000 }),
  approximate: Type.Optional(Type.Boolean()),
  geometry: AnyGeometry,
});
export type SettlementCreate = Static<typeof SettlementCreate>;

/** `PATCH .../settlements/:id` body: the fields to change. */
export const SettlementUpdate = Type.Partial(SettlementCreate);
export type SettlementUpdate = Static<typeof SettlementUpdate>;
