import type { FastifyPluginAsync } from 'fastify';
import { AnyGeometry } from '../../contract/shared.ts';
import { SettlementCreate, SettlementProperties, SettlementUpdate } from '../../contract/settlements.ts';
import { registerLayerRoutes } from '../shared/layer-routes.ts';
import { polygonChecker } from '../../workers/polygon-check.ts';
import { geometryColumns } from '../shared/polygon-layer.ts';
import { SETTLEMENTS_TABLE, settlementColumns, settlementFeature } from './repository.ts';

/** Settlements: population (polygon = spread over its pixels, point = one pixel) for coverage by population. */
export const settlementsRoutes: FastifyPluginAsync = async (app) => {
  const checkPolygon = polygonChecker(app.cpu);
  registerLayerRoutes(app, {
    path: 'settlements',
    label: 'settlement',
    tag: 'settlements',
    writeRole: 'planner',
    spec: SETTLEMENTS_TABLE,
    geometry: AnyGeometry,
    properties: SettlementProperties,
    create: SettlementCreate,
    update: SettlementUpdate,
    toFeature: settlementFeature,
    createColumns: async (input, area) => ({
      ...settlementColumns(input),
      area_id: area.id,
      code: input.code,
      name: input.name,
      population: input.population,
      ...(await geometryColumns(input.geometry, area, checkPolygon)),
    }),
    updateColumns: async (input, _current, area) => ({
      ...settlementColumns(input),
      ...(input.geometry ? await geometryColumns(input.geometry, area, checkPolygon) : {}),
    }),
  });
};
