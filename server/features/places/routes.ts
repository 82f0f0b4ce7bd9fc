import type { FastifyPluginAsync } from 'fastify';
import { PlaceCreate, PlaceKind, PlaceProperties, PlaceUpdate } from '../../contract/places.ts';
import { AnyGeometry } from '../../contract/shared.ts';
import { registerLayerRoutes } from '../shared/layer-routes.ts';
import { polygonChecker } from '../../workers/polygon-check.ts';
import { geometryColumns } from '../shared/polygon-layer.ts';
import { PLACES_TABLE, placeColumns, placeFeature } from './repository.ts';

/**
 * The gazetteer as a map layer (GeoJSON, filter `kind`): the places report rows without coordinates
 * are placed at by their address. Files of places import through the imports route (kind `places`).
 */
export const placesRoutes: FastifyPluginAsync = async (app) => {
  const checkPolygon = polygonChecker(app.cpu);
  registerLayerRoutes(app, {
    path: 'places',
    label: 'place',
    tag: 'places',
    writeRole: 'planner',
    spec: PLACES_TABLE,
    geometry: AnyGeometry,
    properties: PlaceProperties,
    create: PlaceCreate,
    update: PlaceUpdate,
    filters: { kind: { schema: PlaceKind, column: 'kind' } },
    toFeature: placeFeature,
    createColumns: async (input, area) => ({
      ...placeColumns(input),
      area_id: area.id,
      code: input.code,
      name: input.name,
      kind: input.kind,
      ...(await geometryColumns(input.geometry, area, checkPolygon)),
    }),
    updateColumns: async (input, _current, area) => ({
      ...placeColumns(input),
      ...(input.geometry ? await geometryColumns(input.geometry, area, checkPolygon) : {}),
    }),
  });
};
