import type { FastifyPluginAsync } from 'fastify';
import type { Technology } from '../../core/model.ts';
import type { Area } from '../areas/repository.ts';
import { pickColumns, registerLayerRoutes, type GeoFeature } from '../shared/layer-routes.ts';
import { POINT_MARGIN_DEG, checkNearArea } from '../shared/location.ts';
import { PointGeometry } from '../shared/schemas.ts';
import { normaliseCandidateCells, toCandidate } from './mapping.ts';
import { CandidateCreate, CandidateFilters, CandidateProperties, CandidateUpdate } from './schemas.ts';

const FIELDS = { code: 'code', name: 'name', lon: 'lon', lat: 'lat', technology: 'technology', cost: 'cost', status: 'status', origin: 'origin', approximate: 'approximate', note: 'note' };

export function candidateFeature(r: Record<string, unknown>): GeoFeature {
  const { lon, lat, ...c } = toCandidate(r);
  return { type: 'Feature', id: c.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: c };
}

function createColumns(input: Record<string, unknown>, area: Area): Record<string, unknown> {
  checkNearArea(area, input.lon as number, input.lat as number, POINT_MARGIN_DEG);
  const cells = normaliseCandidateCells(input.technology as Technology, input.cells as Array<Record<string, unknown>> | undefined);
  return { status: 'proposed', origin: 'manual', ...pickColumns(input, FIELDS), cells: JSON.stringify(cells) };
}

function updateColumns(input: Record<string, unknown>, current: Record<string, unknown>, area: Area): Record<string, unknown> {
  checkNearArea(area, (input.lon as number) ?? (current.lon as number), (input.lat as number) ?? (current.lat as number), POINT_MARGIN_DEG);
  const columns = pickColumns(input, FIELDS);
  const technology = (input.technology ?? current.technology) as Technology;
  if (input.cells || input.technology) {
    const cells = (input.cells as Array<Record<string, unknown>> | undefined) ?? (current.cells as Array<Record<string, unknown>>).map((c) => ({ ...c, technology }));
    columns.cells = JSON.stringify(normaliseCandidateCells(technology, cells));
  }
  return columns;
}

export const candidatesRoutes: FastifyPluginAsync = async (app) => {
  registerLayerRoutes(app, {
    path: 'candidates', label: 'candidate', tag: 'candidates', writeRole: 'planner',
    spec: { table: 'candidates', kind: 'point', naturalKey: 'code' },
    geometry: PointGeometry, properties: CandidateProperties, create: CandidateCreate, update: CandidateUpdate,
    filters: CandidateFilters, toFeature: candidateFeature, createColumns, updateColumns,
  });
};
