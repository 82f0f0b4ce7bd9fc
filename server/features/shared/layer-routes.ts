import type { FastifyInstance } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { Area } from '../areas/repository.ts';
import { requireArea } from '../areas/service.ts';
import * as repo from './layer-repository.ts';
import { parseListQuery } from './paging.ts';
import { AreaParams, Feature, FeatureCollection, ItemParams, ListQuery, errorResponses } from './schemas.ts';

type Row = Record<string, unknown> & { id: number };

export interface GeoFeature {
  type: 'Feature';
  id: number;
  geometry: unknown;
  properties: Record<string, unknown>;
}

/**
 * A map layer of an area exposed as GeoJSON CRUD under `/areas/:areaId/<path>`.
 * Each feature folder supplies its schemas and its row <-> domain mapping; paging, bbox filtering,
 * natural-key conflicts and 404s are handled here once.
 */
export interface LayerDefinition {
  path: string;
  label: string;
  tag: string;
  spec: repo.LayerTableSpec;
  writeRole: 'planner' | 'admin';
  geometry: TSchema;
  properties: TSchema;
  create: TSchema;
  update: TSchema;
  /** Extra list filters: query parameter schema and the column each one filters. */
  filters?: Record<string, { schema: TSchema; column: string }>;
  toFeature(row: Row): GeoFeature;
  /** Validated create body -> row columns (throws a named-field error on bad input). */
  createColumns(input: Record<string, unknown>, area: Area): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Validated patch body + current row -> changed columns. */
  updateColumns(input: Record<string, unknown>, current: Row, area: Area): Record<string, unknown> | Promise<Record<string, unknown>>;
}

export function registerLayerRoutes(app: FastifyInstance, def: LayerDefinition): void {
  const tags = [def.tag];
  const filterProps = Object.fromEntries(Object.entries(def.filters ?? {}).map(([k, v]) => [k, Type.Optional(v.schema)]));
  const listQuery = Type.Object({ ...ListQuery.properties, ...filterProps });
  const itemSchema = Feature(def.properties, def.geometry);
  const base = `/areas/:areaId/${def.path}`;
  const db = () => app.db;

  async function requireItem(area: Area, id: number): Promise<Row> {
    const row = await repo.getLayerItem(db(), def.spec, area.id, id);
    if (!row) throw new NotFoundError(def.label, id);
    return row;
  }
  async function checkKeyFree(area: Area, columns: Record<string, unknown>, selfId?: number): Promise<void> {
    const key = columns[def.spec.naturalKey];
    if (typeof key !== 'string') return;
    const other = await repo.findLayerItemByKey(db(), def.spec, area.id, key);
    if (other && other.id !== selfId) {
      const field = def.spec.naturalKey === 'code' ? 'code' : 'externalId';
      throw new ConflictError(`${def.label} ${field} "${key}" already exists in area "${area.code}"`, [{ field: `/body/${field}`, message: 'already exists', value: key }]);
    }
  }

  app.get(
    base,
    { schema: { tags, summary: `List ${def.path} as a GeoJSON FeatureCollection (bbox, paging)`, params: AreaParams, querystring: listQuery, response: { 200: FeatureCollection(def.properties, def.geometry), ...errorResponses } } },
    async (req) => {
      const { areaId } = req.params as { areaId: string };
      const query = req.query as Record<string, unknown>;
      const area = await requireArea(db(), areaId);
      const filters = Object.fromEntries(Object.entries(def.filters ?? {}).map(([k, v]) => [v.column, query[k] as string | undefined]));
      const page = await repo.listLayer(db(), def.spec, area.id, { ...parseListQuery(query), filters });
      const features = page.items.map(def.toFeature);
      return { type: 'FeatureCollection', numberMatched: page.total, numberReturned: features.length, next: page.next, features };
    },
  );
  app.get(base + '/:id', { schema: { tags, summary: `Get one ${def.label}`, params: ItemParams, response: { 200: itemSchema, ...errorResponses } } }, async (req) => {
    const { areaId, id } = req.params as { areaId: string; id: number };
    return def.toFeature(await requireItem(await requireArea(db(), areaId), id));
  });
  app.post(
    base,
    { config: { role: def.writeRole }, schema: { tags, summary: `Create a ${def.label}`, params: AreaParams, body: def.create, response: { 201: itemSchema, ...errorResponses } } },
    async (req, reply) => {
      const area = await requireArea(db(), (req.params as { areaId: string }).areaId);
      const columns = await def.createColumns(req.body as Record<string, unknown>, area);
      await checkKeyFree(area, columns);
      const row = await repo.insertLayerItem(db(), def.spec, area.id, columns);
      return reply.code(201).send(def.toFeature(row));
    },
  );
  app.patch(
    base + '/:id',
    { config: { role: def.writeRole }, schema: { tags, summary: `Update a ${def.label}`, params: ItemParams, body: def.update, response: { 200: itemSchema, ...errorResponses } } },
    async (req) => {
      const { areaId, id } = req.params as { areaId: string; id: number };
      const area = await requireArea(db(), areaId);
      const current = await requireItem(area, id);
      const columns = await def.updateColumns(req.body as Record<string, unknown>, current, area);
      await checkKeyFree(area, columns, id);
      return def.toFeature(await repo.updateLayerItem(db(), def.spec, id, columns));
    },
  );
  app.delete(
    base + '/:id',
    { config: { role: def.writeRole }, schema: { tags, summary: `Delete a ${def.label}`, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      const { areaId, id } = req.params as { areaId: string; id: number };
      const area = await requireArea(db(), areaId);
      if (!(await repo.deleteLayerItem(db(), def.spec, area.id, id))) throw new NotFoundError(def.label, id);
      return reply.code(204).send(null);
    },
  );
}

/** Copy the defined keys of `input` through `map` (body field -> column), for PATCH bodies. */
export function pickColumns(input: Record<string, unknown>, map: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(map)) if (input[field] !== undefined) out[column] = input[field];
  return out;
}
