import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError, BadRequestError } from '../../errors.ts';
import { checkTechnology, parseDatetime } from '../exports/layer-query.ts';
import type { LayerQuery } from '../exports/layer-source.ts';
import { layerRegistry } from '../exports/sources.ts';
import { parseOgcBBox } from './bbox.ts';
import { CollectionMetadata } from './collection-cache.ts';
import { GEOJSON_TYPE, JSON_TYPE, collectionDocument } from './collections.ts';
import { installOgcErrorHandling } from './exception.ts';
import { collectionFeatureMapper } from './geometry-type.ts';
import { checkFormat } from './negotiation.ts';
import {
  CONFORMANCE_CLASSES,
  CollectionParams,
  Collections,
  Collection,
  Conformance,
  FormatQuery,
  ItemsQuery,
  LandingPage,
  OGC_MAX_LIMIT,
  OgcFeature,
  OgcFeatureCollection,
  OgcItemParams,
  exceptionResponses,
  type Link,
} from '../../contract/ogc.ts';

const MAX_FEATURE_ID = 2_147_483_647;

/**
 * OGC API - Features - Part 1: Core with the GeoJSON and OpenAPI 3.0 classes (OGC 17-069r4), under
 * the prefix this plugin is registered with (`/ogc`): one collection per area and layer. JSON only;
 * HTML is not offered. Every route is a read for viewers.
 */
export const ogcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  installOgcErrorHandling(app);
  const registry = layerRegistry({ coverage: app.coverage, planning: app.planning });
  const metadata = new CollectionMetadata(app.db, registry);
  const tags = ['ogc'];
  // Links start from the configured public URL (or a trusted proxy's host), never from the Host header.
  const origin = (req: FastifyRequest) => app.publicBase(req);
  const base = (req: FastifyRequest) => origin(req) + app.prefix;

  // /req/core/query-param-unknown: 400 for a query parameter the API definition does not list.
  app.addHook('preValidation', async (req) => {
    const schema = req.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
    const allowed = Object.keys(schema?.properties ?? {});
    const unknown = Object.keys(req.query as object).filter((k) => !allowed.includes(k));
    if (unknown.length > 0) {
      throw new BadRequestError(`unknown query parameter "${unknown[0]}"; this resource takes ${allowed.join(', ') || 'none'}`, [
        { field: `/querystring/${unknown[0]}`, message: 'unknown parameter' },
      ]);
    }
    const { f } = req.query as { f?: string };
    checkFormat(f, req.headers.accept);
  });

  app.get(
    '/',
    {
      config: { role: 'viewer' },
      schema: { tags, summary: 'OGC API landing page', querystring: FormatQuery, response: { 200: LandingPage, ...exceptionResponses } },
    },
    async (req) => {
      const b = base(req);
      return {
        title: 'Coverage Planner - OGC API Features',
        description: `Layers of each planning area (${registry.sources.map((l) => l.name).join(', ')}) as OGC API - Features collections, GeoJSON in CRS84 [lon, lat]. JSON only.`,
        links: [
          { href: b, rel: 'self', type: JSON_TYPE, title: 'this document' },
          {
            href: `${origin(req)}/docs/json`,
            rel: 'service-desc',
            type: 'application/vnd.oai.openapi+json;version=3.0',
            title: 'the API definition (OpenAPI 3.0)',
          },
          { href: `${origin(req)}/docs`, rel: 'service-doc', type: 'text/html', title: 'the API documentation' },
          { href: `${b}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
          { href: `${b}/collections`, rel: 'data', type: JSON_TYPE, title: 'the feature collections' },
        ] satisfies Link[],
      };
    },
  );

  app.get(
    '/conformance',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'OGC API conformance classes',
        querystring: FormatQuery,
        response: { 200: Conformance, ...exceptionResponses },
      },
    },
    async () => ({ conformsTo: [...CONFORMANCE_CLASSES] }),
  );

  app.get(
    '/collections',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'Feature collections: one per area and layer',
        querystring: FormatQuery,
        response: { 200: Collections, ...exceptionResponses },
      },
    },
    async (req) => {
      const b = base(req);
      const collections = [];
      for (const c of await metadata.collections()) collections.push(collectionDocument(b, c, await metadata.extent(c)));
      return { links: [{ href: `${b}/collections`, rel: 'self', type: JSON_TYPE, title: 'this document' }], collections };
    },
  );

  app.get(
    '/collections/:collectionId',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'One feature collection',
        params: CollectionParams,
        querystring: FormatQuery,
        response: { 200: Collection, ...exceptionResponses },
      },
    },
    async (req) => {
      const c = await metadata.require(req.params.collectionId);
      return collectionDocument(base(req), c, await metadata.extent(c));
    },
  );

  app.get(
    '/collections/:collectionId/items',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'Features of a collection (bbox, datetime, paging)',
        params: CollectionParams,
        querystring: ItemsQuery,
        response: { 200: OgcFeatureCollection, ...exceptionResponses },
      },
    },
    async (req, reply) => {
      const c = await metadata.require(req.params.collectionId);
      const { bbox, datetime, technology, offset } = req.query;
      const limit = Math.min(req.query.limit, OGC_MAX_LIMIT);
      const time = datetime === undefined ? undefined : parseDatetime(datetime, '/querystring/datetime');
      // /req/core/fc-time-response C: datetime matches every feature of a collection without time.
      const query: LayerQuery = {
        bbox: bbox === undefined ? undefined : parseOgcBBox(bbox),
        technology: checkTechnology(c.source, technology, '/querystring/technology'),
        time: c.source.temporal ? time : undefined,
      };
      const ctx = { db: app.db, area: c.area };
      const numberMatched = await c.source.count(ctx, query);
      const features = (await c.source.page(ctx, query, { limit, offset })).map(collectionFeatureMapper(c.source, c.area));
      const [path, search = ''] = req.url.split('?');
      const pageHref = (pageOffset: number) => {
        const params = new URLSearchParams(search);
        params.set('offset', String(pageOffset));
        params.set('limit', String(limit));
        return `${origin(req)}${path}?${params}`;
      };
      const links: Link[] = [
        { href: origin(req) + req.url, rel: 'self', type: GEOJSON_TYPE, title: 'this document' },
        { href: `${base(req)}/collections/${encodeURIComponent(c.id)}`, rel: 'collection', type: JSON_TYPE, title: 'the collection' },
      ];
      if (offset + features.length < numberMatched)
        links.push({ href: pageHref(offset + limit), rel: 'next', type: GEOJSON_TYPE, title: 'next page' });
      if (offset > 0) links.push({ href: pageHref(Math.max(0, offset - limit)), rel: 'prev', type: GEOJSON_TYPE, title: 'previous page' });
      reply.type(GEOJSON_TYPE);
      return {
        type: 'FeatureCollection' as const,
        features,
        links,
        timeStamp: new Date().toISOString(),
        numberMatched,
        numberReturned: features.length,
      };
    },
  );

  app.get(
    '/collections/:collectionId/items/:featureId',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'One feature',
        params: OgcItemParams,
        querystring: FormatQuery,
        response: { 200: OgcFeature, ...exceptionResponses },
      },
    },
    async (req, reply) => {
      const c = await metadata.require(req.params.collectionId);
      const { featureId } = req.params;
      const id = /^[1-9]\d*$/.test(featureId) ? Number(featureId) : Number.NaN;
      const found = id <= MAX_FEATURE_ID ? await c.source.get({ db: app.db, area: c.area }, id) : undefined;
      if (!found) throw new AppError('not_found', 404, `feature "${featureId}" not found in collection "${c.id}"`);
      const feature = collectionFeatureMapper(c.source, c.area)(found);
      const b = `${base(req)}/collections/${encodeURIComponent(c.id)}`;
      reply.type(GEOJSON_TYPE);
      return {
        ...feature,
        links: [
          { href: `${b}/items/${feature.id}`, rel: 'self', type: GEOJSON_TYPE, title: 'this feature' },
          { href: b, rel: 'collection', type: JSON_TYPE, title: 'the collection' },
        ],
      };
    },
  );
};
