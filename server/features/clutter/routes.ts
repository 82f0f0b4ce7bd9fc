import type { FastifyPluginAsync } from 'fastify';
import { ClutterCreate, ClutterProperties, ClutterUpdate } from '../../contract/clutter.ts';
import { AreaGeometry, EnvironmentClass } from '../../contract/shared.ts';
import { registerLayerRoutes } from '../shared/layer-routes.ts';
import { polygonChecker } from '../../workers/polygon-check.ts';
import { geometryColumns } from '../shared/polygon-layer.ts';
import { CLUTTER_TABLE, clutterColumns, clutterFeature } from './repository.ts';

/** Clutter (land-use) zones: each polygon sets the environment class used by the propagation model. */
export const clutterRoutes: FastifyPluginAsync = async (app) => {
  const checkPolygon = polygonChecker(app.cpu);
  registerLayerRoutes(app, {
    path: 'clutter',
    label: 'clutter zone',
    tag: 'clutter',
    writeRole: 'planner',
    spec: CLUTTER_TABLE,
    geometry: AreaGeometry,
    properties: ClutterProperties,
    create: ClutterCreate,
    update: ClutterUpdate,
    filters: { environment: { schema: EnvironmentClass, column: 'environment' } },
    toFeature: clutterFeature,
    createColumns: async (input, area) => ({
      ...clutterColumns(input),
      area_id: area.id,
      code: input.code,
      environment: input.environment,
      ...(await geometryColumns(input.geometry, area, checkPolygon)),
    }),
    updateColumns: async (input, _current, area) => ({
      ...clutterColumns(input),
      ...(input.geometry ? await geometryColumns(input.geometry, area, checkPolygon) : {}),
    }),
  });
};
