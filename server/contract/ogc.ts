import { Type, type Static } from 'typebox';

/**
 * OGC API - Features under `/ogc`: the response and parameter schemas of Part 1: Core (OGC 17-069r4,
 * ogcapi-features-1.yaml). Names that /api/v1 also uses (Feature, FeatureCollection, ItemParams) take
 * an `Ogc` prefix.
 */

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian';
export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
] as const;

export const Link = Type.Object({
  href: Type.String(),
  rel: Type.String(),
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
});
export type Link = Static<typeof Link>;

export const LandingPage = Type.Object({ title: Type.String(), description: Type.String(), links: Type.Array(Link) });
export type LandingPage = Static<typeof LandingPage>;
export const Conformance = Type.Object({ conformsTo: Type.Array(Type.String()) });
export type Conformance = Static<typeof Conformance>;

const NullableDateTime = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' });
export const Collection = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  links: Type.Array(Link),
  extent: Type.Object({
    spatial: Type.Object({
      bbox: Type.Array(Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }), { minItems: 1 }),
      crs: Type.String(),
    }),
    temporal: Type.Optional(
      Type.Object({
        interval: Type.Array(Type.Array(NullableDateTime, { minItems: 2, maxItems: 2 }), { minItems: 1 }),
        trs: Type.String(),
      }),
    ),
  }),
  itemType: Type.String(),
  geometryType: Type.Union([Type.Literal('Point'), Type.Literal('MultiPolygon')], {
    description: 'the one GeoJSON geometry type of every feature',
  }),
  geometryDimension: Type.Union([Type.Literal(0), Type.Literal(2)], { description: '0 points, 2 surfaces' }),
  crs: Type.Array(Type.String()),
});
export type Collection = Static<typeof Collection>;
export const Collections = Type.Object({ links: Type.Array(Link), collections: Type.Array(Collection) });
export type Collections = Static<typeof Collections>;

const FeatureFields = {
  type: Type.Literal('Feature'),
  id: Type.Integer(),
  geometry: Type.Unknown({ description: 'GeoJSON geometry, WGS84 [lon, lat]' }),
  properties: Type.Unknown(),
};
export const OgcFeature = Type.Object({ ...FeatureFields, links: Type.Array(Link) });
export type OgcFeature = Static<typeof OgcFeature>;
export const OgcFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Object(FeatureFields)),
  links: Type.Array(Link),
  timeStamp: Type.String({ format: 'date-time' }),
  numberMatched: Type.Integer(),
  numberReturned: Type.Integer(),
});
export type OgcFeatureCollection = Static<typeof OgcFeatureCollection>;

/** OGC exception (ogcapi-features-1.yaml `exception`). */
export const Exception = Type.Object({ code: Type.String(), description: Type.String() }, { title: 'OGC exception' });
export type Exception = Static<typeof Exception>;
export const exceptionResponses = {
  400: Exception,
  401: Exception,
  403: Exception,
  404: Exception,
  406: Exception,
  500: Exception,
} as const;

const F = Type.Optional(Type.String({ description: 'output format: json (the only one; HTML is not offered)' }));
export const FormatQuery = Type.Object({ f: F });
export type FormatQuery = Static<typeof FormatQuery>;

export const CollectionParams = Type.Object({
  collectionId: Type.String({ minLength: 1, maxLength: 200, description: 'local identifier of a collection, `<area code>-<layer>`' }),
});
export type CollectionParams = Static<typeof CollectionParams>;
export const OgcItemParams = Type.Object({
  ...CollectionParams.properties,
  featureId: Type.String({ minLength: 1, maxLength: 20, description: 'local identifier of a feature' }),
});
export type OgcItemParams = Static<typeof OgcItemParams>;

/** The largest page of items; a larger `limit` is treated as this. */
export const OGC_MAX_LIMIT = 10_000;
export const ItemsQuery = Type.Object({
  f: F,
  bbox: Type.Optional(
    Type.String({
      description:
        'minLon,minLat,maxLon,maxLat (CRS84), or six numbers with heights; a west edge east of the east edge crosses the antimeridian',
    }),
  ),
  datetime: Type.Optional(
    Type.String({ description: 'RFC 3339 date-time or interval start/end, `..` for open; collections without time match all' }),
  ),
  limit: Type.Integer({
    minimum: 1,
    default: 100,
    description: `page size, default 100; values above ${OGC_MAX_LIMIT} are treated as ${OGC_MAX_LIMIT}`,
  }),
  offset: Type.Integer({ minimum: 0, default: 0, description: 'features to skip (the next/prev links carry it)' }),
  technology: Type.Optional(
    Type.String({ description: 'collections with a technology (cells, reports, candidates, measurements): GSM, CDMA...' }),
  ),
});
export type ItemsQuery = Static<typeof ItemsQuery>;
