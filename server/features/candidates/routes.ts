import type { FastifyPluginAsync } from 'fastify';
import type { Technology } from '../../core/model.ts';
import type { Area } from '../areas/repository.ts';
import type { LayerInsert, LayerRow, LayerUpdate } from '../shared/layer-repository.ts';
import { registerLayerRoutes, type LayerFeature, type ValidatedBody } from '../shared/layer-routes.ts';
import { POINT_MARGIN_DEG, checkNearArea } from '../shared/location.ts';
import { PointGeometry } from '../shared/schemas.ts';
import { normaliseCandidateCells, toCandidate } from './mapping.ts';
import { CandidateCreate, CandidateFilters, CandidateProperties, CandidateUpdate } from './schemas.ts';

export function candidateFeature(r: Record<string, unknown>): LayerFeature<typeof CandidateProperties, typeof PointGeometry> {
  const { lon, lat, ...c } = toCandidate(r);
  return { type: 'Feature', id: c.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: c };
}

/** The columns the fields of a candidate body write, cells aside; a field left out is undefined (not written). */
function candidateColumns(input: ValidatedBody<typeof CandidateUpdate>): LayerUpdate<'candidates'> {
  return { code: input.code, name: input.name, lon: input.lon, lat: input.lat, technology: input.technology, cost: input.cost, status: input.status, origin: input.origin, approximate: input.approximate, note: input.note };
}

function createColumns(input: ValidatedBody<typeof CandidateCreate>, area: Area): LayerInsert<'candidates'> {
  checkNearArea(area, input.lon, input.lat, POINT_MARGIN_DEG);
  const cells = normaliseCandidateCells(input.technology, input.cells);
  return {
    ...candidateColumns(input), area_id: area.id, code: input.code, name: input.name, lon: input.lon, lat: input.lat, technology: input.technology,
    status: input.status ?? 'proposed', origin: input.origin ?? 'manual', cells: JSON.stringify(cells),
  };
}

function updateColumns(input: ValidatedBody<typeof CandidateUpdate>, current: LayerRow<'candidates'>, area: Area): LayerUpdate<'candidates'> {
  checkNearArea(area, input.lon ?? current.lon, input.lat ?? current.lat, POINT_MARGIN_DEG);
  const columns = candidateColumns(input);
  const technology = (input.technology ?? current.technology) as Technology;
  if (input.cells || input.technology) {
    const cells = input.cells ?? (current.cells as Array<Record<string, unknown>>).map((c) => ({ ...c, technology }));
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
