import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Area } from '../areas/repository.ts';
import { pickColumns, registerLayerRoutes, type GeoFeature } from '../shared/layer-routes.ts';
import { polygonChecker } from '../shared/polygon-check.ts';
import { geometryColumns } from '../shared/polygon-layer.ts';
import { AnyGeometry, Code, Name } from '../shared/schemas.ts';

/** Settlements: population (polygon = spread over its pixels, point = one pixel) for coverage by population. */
const Properties = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), population: Type.Integer(), approximate: Type.Boolean() });
const Create = Type.Object({ code: Code, name: Name, population: Type.Integer({ minimum: 0, maximum: 50_000_000 }), approximate: Type.Optional(Type.Boolean()), geometry: AnyGeometry });
const Update = Type.Partial(Create);
const FIELDS = { code: 'code', name: 'name', population: 'population', approximate: 'approximate' };

export function settlementFeature(r: Record<string, unknown>): GeoFeature {
  return { type: 'Feature', id: r.id as number, geometry: r.geometry, properties: { id: r.id, code: r.code, name: r.name, population: r.population, approximate: Boolean(r.approximate) } };
}

export const settlementsRoutes: FastifyPluginAsync = async (app) => {
  const checkPolygon = polygonChecker(app.cpu);
  registerLayerRoutes(app, {
    path: 'settlements', label: 'settlement', tag: 'settlements', writeRole: 'planner',
    spec: { table: 'settlements', kind: 'polygon', naturalKey: 'code' },
    geometry: AnyGeometry, properties: Properties, create: Create, update: Update,
    toFeature: settlementFeature,
    createColumns: async (input, area: Area) => ({ ...pickColumns(input, FIELDS), ...(await geometryColumns(input.geometry as GeoJSON.Geometry, area, checkPolygon)) }),
    updateColumns: async (input, _current, area: Area) => ({ ...pickColumns(input, FIELDS), ...(input.geometry ? await geometryColumns(input.geometry as GeoJSON.Geometry, area, checkPolygon) : {}) }),
  });
};
