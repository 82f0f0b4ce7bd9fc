import type { Kysely } from 'kysely';
import type { PlaceFeature, PlaceUpdate } from '../../contract/places.ts';
import type { GazetteerPlace } from '../../core/geo/gazetteer.ts';
import type { Database, PlaceRow } from '../../db/types.ts';
import type { LayerTableSpec, LayerUpdate } from '../shared/layer-repository.ts';

/** Where the gazetteer is stored: a layer of points and polygons (with their bbox) whose natural key is the code. */
export const PLACES_TABLE: LayerTableSpec<'places'> = { table: 'places', kind: 'polygon', naturalKey: 'code' };

/** Aliases as stored (jsonb array; PGlite and pg both parse it). */
function aliasesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** A stored place as its GeoJSON Feature (the geometry as stored, [lon, lat]). */
export function placeFeature(r: PlaceRow): PlaceFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: r.geometry,
    properties: {
      id: r.id,
      code: r.code,
      name: r.name,
      nameEn: r.name_en ?? null,
      aliases: aliasesOf(r.aliases),
      kind: r.kind,
      approximate: Boolean(r.approximate),
    },
  };
}

/** The columns the fields of a place body write, geometry aside; a field left out is undefined (not written). */
export function placeColumns(input: PlaceUpdate): LayerUpdate<'places'> {
  return {
    code: input.code,
    name: input.name,
    name_en: input.nameEn,
    aliases: input.aliases === undefined ? undefined : JSON.stringify(input.aliases),
    kind: input.kind,
    approximate: input.approximate,
  };
}

/** The area's places as the locator reads them (ordered by id, so ties go to the place stored first). */
export async function listGazetteerPlaces(db: Kysely<Database>, areaId: number): Promise<GazetteerPlace[]> {
  const rows = await db
    .selectFrom('places')
    .select(['id', 'code', 'name', 'aliases', 'kind', 'geometry'])
    .where('area_id', '=', areaId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, aliases: aliasesOf(r.aliases), kind: r.kind, geometry: r.geometry }));
}
