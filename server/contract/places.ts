import { Type, type Static } from 'typebox';
import { PLACE_KINDS } from '../core/model.ts';
import { AnyGeometry, Code, Feature, FeatureCollection, Name, Nullable } from './shared.ts';

/**
 * The area's gazetteer: named places that addresses mention (estates, villages, towns, buildings,
 * landmarks, business halls), used to place report rows that have an address but no coordinates:
 * `/api/v1/areas/:areaId/places`.
 */

/** What a place is. */
export const PlaceKind = Type.Enum([...PLACE_KINDS]);
export type PlaceKind = Static<typeof PlaceKind>;

const Alias = Type.String({ minLength: 1, maxLength: 100 });

/** A place as sent: its name (Chinese as written in addresses), an English name, and the other names addresses use. */
export const PlaceProperties = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  aliases: Type.Array(Type.String()),
  kind: PlaceKind,
  approximate: Type.Boolean(),
});
export type PlaceProperties = Static<typeof PlaceProperties>;

/** One place as a GeoJSON Feature: a point, polygon or multipolygon in [lon, lat] (WGS84 degrees). */
export const PlaceFeature = Feature(PlaceProperties, AnyGeometry);
export type PlaceFeature = Static<typeof PlaceFeature>;

/** A page of places: `next` is the keyset cursor of the following page, or null. */
export const PlacePage = FeatureCollection(PlaceProperties, AnyGeometry);
export type PlacePage = Static<typeof PlacePage>;

/** `POST .../places` body: geometry in [lon, lat] (WGS84 degrees); at most 50 aliases. */
export const PlaceCreate = Type.Object({
  code: Code,
  name: Type.String({ ...Name, maxLength: 100 }),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  aliases: Type.Optional(Type.Array(Alias, { maxItems: 50 })),
  kind: PlaceKind,
  approximate: Type.Optional(Type.Boolean()),
  geometry: AnyGeometry,
});
export type PlaceCreate = Static<typeof PlaceCreate>;

/** `PATCH .../places/:id` body: the fields to change. */
export const PlaceUpdate = Type.Partial(PlaceCreate);
export type PlaceUpdate = Static<typeof PlaceUpdate>;
