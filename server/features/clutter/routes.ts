import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Area } from '../areas/repository.ts';
import { pickColumns, registerLayerRoutes, type GeoFeature } from '../shared/layer-routes.ts';
import { polygonChecker } from '../shared/polygon-check.ts';
import { geometryColumns } from '../shared/polygon-layer.ts';
import { AreaGeometry, Code, EnvironmentClass, Nullable } from '../shared/schemas.ts';

/** Clutter (land-use) zones: each polygon sets the environment class used by the propagation model. */
const Properties = Type.Object({ id: Type.Integer(), code: Type.String(), name: Nullable(Type.String()), environment: Type.String() });
const Create = Type.Object({ code: Code, name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))), environment: EnvironmentClass, geometry: AreaGeometry });
const Update = Type.Partial(Create);
const FIELDS = { code: 'code', name: 'name', environment: 'environment' };

export function clutterFeature(r: Record<string, unknown>): GeoFeature {
  return { type: 'Feature', id: r.id as number, geometry: r.geometry, properties: { id: r.id, code: r.code, name: r.name ?? null, environment: r.environment } };
}

export const clutterRoutes: FastifyPluginAsync = async (app) => {
  const checkPolygon = polygonChecker(app.cpu);
  registerLayerRoutes(app, {
    path: 'clutter', label: 'clutter zone', tag: 'clutter', writeRole: 'planner',
    spec: { table: 'clutter_zones', kind: 'polygon', naturalKey: 'code' },
    geometry: AreaGeometry, properties: Properties, create: Create, update: Update,
    filters: { environment: { schema: EnvironmentClass, column: 'environment' } },
    toFeature: clutterFeature,
    createColumns: async (input, area: Area) => ({ ...pickColumns(input, FIELDS), ...(await geometryColumns(input.geometry as GeoJSON.Geometry, area, checkPolygon)) }),
    updateColumns: async (input, _current, area: Area) => ({ ...pickColumns(input, FIELDS), ...(input.geometry ? await geometryColumns(input.geometry as GeoJSON.Geometry, area, checkPolygon) : {}) }),
  });
};
