import type { SettlementFeature, SettlementUpdate } from '../../contract/settlements.ts';
import type { SettlementRow } from '../../db/types.ts';
import type { LayerTableSpec, LayerUpdate } from '../shared/layer-repository.ts';

/** Where settlements are stored: a layer of polygons and points (with their bbox) whose natural key is the code. */
export const SETTLEMENTS_TABLE: LayerTableSpec<'settlements'> = { table: 'settlements', kind: 'polygon', naturalKey: 'code' };

/** A stored settlement as its GeoJSON Feature (the geometry as stored, [lon, lat]). */
export function settlementFeature(r: SettlementRow): SettlementFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: r.geometry,
    properties: { id: r.id, code: r.code, name: r.name, population: r.population, approximate: Boolean(r.approximate) },
  };
}

/** The columns the fields of a settlement body write, geometry aside; a field left out is undefined (not written). */
export function settlementColumns(input: SettlementUpdate): LayerUpdate<'settlements'> {
  return { code: input.code, name: input.name, population: input.population, approximate: input.approximate };
}
