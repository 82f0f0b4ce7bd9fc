import type { ClutterFeature, ClutterUpdate } from '../../contract/clutter.ts';
import type { ClutterZoneRow } from '../../db/types.ts';
import type { LayerTableSpec, LayerUpdate } from '../shared/layer-repository.ts';

/** Where clutter zones are stored: a polygon layer whose natural key is the code. */
export const CLUTTER_TABLE: LayerTableSpec<'clutter_zones'> = { table: 'clutter_zones', kind: 'polygon', naturalKey: 'code' };

/** A stored clutter zone as its GeoJSON Feature (the polygon as stored, [lon, lat]). */
export function clutterFeature(r: ClutterZoneRow): ClutterFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: r.geometry,
    properties: { id: r.id, code: r.code, name: r.name ?? null, environment: r.environment },
  };
}

/** The columns the fields of a clutter body write, geometry aside; a field left out is undefined (not written). */
export function clutterColumns(input: ClutterUpdate): LayerUpdate<'clutter_zones'> {
  return { code: input.code, name: input.name, environment: input.environment };
}
