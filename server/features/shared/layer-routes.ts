import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteGenericInterface } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { AreaParams, Feature, FeatureCollection, ItemParams, ListQuery, errorResponses } from '../../contract/shared.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { Area } from '../areas/repository.ts';
import { requireArea } from '../areas/service.ts';
import * as repo from './layer-repository.ts';
import type { LayerInsert, LayerRow, LayerTable, LayerTableSpec, LayerUpdate } from './layer-repository.ts';
import { parseListQuery } from './paging.ts';
import { yieldToEventLoop } from '../../lib/cooperative.ts';

/** A layer item as any GeoJSON Feature (for code that handles every layer alike, such as the exports). */
export interface GeoFeature {
  type: 'Feature';
  id: number;
  geometry: unknown;
  properties: Record<string, unknown>;
}

/** A layer item as the layer's contract sends it: a GeoJSON Feature of its properties and geometry schemas. */
export type LayerFeature<P extends TSchema, G extends TSchema> = Static<ReturnType<typeof Feature<P, G>>>;

/** A request body as Fastify types it once validated against `S` (the TypeBox type provider: Static<S>). */
export type ValidatedBody<S extends TSchema> = FastifyRequest<
  RouteGenericInterface,
  FastifyInstance['server'],
  FastifyRequest['raw'],
  { body: S },
  TypeBoxTypeProvider
>['body'];

/**
 * Positions above which one item's answer is serialised by V8's JSON.stringify instead of the schema's
 * compiled serializer, which writes number arrays about ten times slower (a 200,000-vertex polygon
 * held the event loop about 250 ms). The feature comes from the layer's `toFeature`, typed by the
 * contract, so the schema would add or remove nothing.
 */
export const NATIVE_SERIALIZE_MIN_POSITIONS = 10_000;

/** Positions in a GeoJSON geometry's coordinates (any nesting), counted without visiting the numbers. */
export function positionCount(coordinates: unknown): number {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 0;
  if (!Array.isArray(coordinates[0])) return 1;
  if (!Array.isArray(coordinates[0][0])) return coordinates.length;
  let n = 0;
  for (const part of coordinates) n += positionCount(part);
  return n;
}

/** Send one layer item; large geometries through the native serializer (see NATIVE_SERIALIZE_MIN_POSITIONS). */
async function sendItem(reply: FastifyReply, feature: object, statusCode = 200): Promise<FastifyReply> {
  const geometry = 'geometry' in feature ? (feature.geometry as { coordinates?: unknown } | null) : null;
  if (geometry && positionCount(geometry.coordinates) >= NATIVE_SERIALIZE_MIN_POSITIONS) {
    reply.serializer(JSON.stringify);
    // Reading the stored geometry back was one step, serialising it (and auditing) is the next.
    await yieldToEventLoop();
  }
  return reply.code(statusCode).send(feature);
}

/** An extra list filter: the query parameter's schema and the column it filters on. */
export interface LayerFilter {
  schema: TSchema;
  column: string;
}

/**
 * A map layer of an area exposed as GeoJSON CRUD under `/areas/:areaId/<path>`.
 * Each feature folder supplies its contract's schemas and its row <-> feature mapping; paging, bbox
 * filtering, natural-key conflicts and 404s are handled here once.
 */
export interface LayerDefinition<T extends LayerTable, P extends TSchema, G extends TSchema, C extends TSchema, U extends TSchema> {
  path: string;
  label: string;
  tag: string;
  spec: LayerTableSpec<T>;
  writeRole: 'planner' | 'admin';
  geometry: G;
  properties: P;
  create: C;
  update: U;
  /** Extra list filters, by query parameter. */
  filters?: Record<string, LayerFilter>;
  toFeature(row: LayerRow<T>): LayerFeature<P, G>;
  /** Validated create body -> the new row's columns, `area_id` included (throws a named-field error on bad input). */
  createColumns(input: ValidatedBody<C>, area: Area): LayerInsert<T> | Promise<LayerInsert<T>>;
  /** Validated patch body + current row -> changed columns. */
  updateColumns(input: ValidatedBody<U>, current: LayerRow<T>, area: Area): LayerUpdate<T> | Promise<LayerUpdate<T>>;
}

export function registerLayerRoutes<T extends LayerTable, P extends TSchema, G extends TSchema, C extends TSchema, U extends TSchema>(
  fastify: FastifyInstance,
  def: LayerDefinition<T, P, G, C, U>,
): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = [def.tag];
  const filters = Object.entries(def.filters ?? {});
  const listQuery = Type.Object({ ...ListQuery.properties, ...Object.fromEntries(filters.map(([k, v]) => [k, Type.Optional(v.schema)])) });
  // Typed as any schema: toFeature's own type already ties what is sent to the layer's contract.
  const itemSchema: TSchema = Feature(def.properties, def.geometry);
  const pageSchema: TSchema = FeatureCollection(def.properties, def.geometry);
  const base = `/areas/:areaId/${def.path}`;
  const db = () => app.db;

  async function requireItem(area: Area, id: number): Promise<LayerRow<T>> {
    const row = await repo.getLayerItem(db(), def.spec, area.id, id);
    if (!row) throw new NotFoundError(def.label, id);
    return row;
  }
  async function checkKeyFree(area: Area, columns: LayerInsert<T> | LayerUpdate<T>, selfId?: number): Promise<void> {
    const key = repo.naturalKeyOf(def.spec, columns);
    if (key === undefined) return;
    const other = await repo.findLayerItemByKey(db(), def.spec, area.id, key);
    if (other && other.id !== selfId) {
      const field = def.spec.naturalKey === 'code' ? 'code' : 'externalId';
      throw new ConflictError(`${def.label} ${field} "${key}" already exists in area "${area.code}"`, [
        { field: `/body/${field}`, message: 'already exists', value: key },
      ]);
    }
  }

  app.get(
    base,
    {
      schema: {
        tags,
        summary: `List ${def.path} as a GeoJSON FeatureCollection (bbox, paging)`,
        params: AreaParams,
        querystring: listQuery,
        response: { 200: pageSchema, ...errorResponses },
      },
    },
    async (req) => {
      const query: Record<string, unknown> = req.query;
      const area = await requireArea(db(), req.params.areaId);
      const columnFilters = Object.fromEntries(filters.map(([k, v]) => [v.column, query[k]]));
      const page = await repo.listLayer(db(), def.spec, area.id, { ...parseListQuery(req.query), filters: columnFilters });
      const features = page.items.map((row) => def.toFeature(row));
      return { type: 'FeatureCollection', numberMatched: page.total, numberReturned: features.length, next: page.next, features };
    },
  );
  app.get(
    base + '/:id',
    { schema: { tags, summary: `Get one ${def.label}`, params: ItemParams, response: { 200: itemSchema, ...errorResponses } } },
    async (req, reply) => {
      return sendItem(reply, def.toFeature(await requireItem(await requireArea(db(), req.params.areaId), req.params.id)));
    },
  );
  app.post(
    base,
    {
      config: { role: def.writeRole },
      schema: {
        tags,
        summary: `Create a ${def.label}`,
        params: AreaParams,
        body: def.create,
        response: { 201: itemSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await requireArea(db(), req.params.areaId);
      const columns = await def.createColumns(req.body, area);
      await checkKeyFree(area, columns);
      const row = await repo.insertLayerItem(db(), def.spec, columns);
      return sendItem(reply, def.toFeature(row), 201);
    },
  );
  app.patch(
    base + '/:id',
    {
      config: { role: def.writeRole },
      schema: {
        tags,
        summary: `Update a ${def.label}`,
        params: ItemParams,
        body: def.update,
        response: { 200: itemSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await requireArea(db(), req.params.areaId);
      const current = await requireItem(area, req.params.id);
      const columns = await def.updateColumns(req.body, current, area);
      await checkKeyFree(area, columns, req.params.id);
      return sendItem(reply, def.toFeature(await repo.updateLayerItem(db(), def.spec, req.params.id, columns)));
    },
  );
  app.delete(
    base + '/:id',
    {
      config: { role: def.writeRole },
      schema: { tags, summary: `Delete a ${def.label}`, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (req, reply) => {
      const area = await requireArea(db(), req.params.areaId);
      if (!(await repo.deleteLayerItem(db(), def.spec, area.id, req.params.id))) throw new NotFoundError(def.label, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
