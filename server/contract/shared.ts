import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';
import { ENVIRONMENT_CLASSES, TECHNOLOGIES } from '../core/model.ts';

/** Schemas shared by every feature: errors, ids, paging, GeoJSON. */

export const ErrorResponse = Type.Object(
  {
    error: Type.String({ description: 'stable error code, e.g. validation_error, not_found' }),
    message: Type.String(),
    details: Type.Array(Type.Object({ field: Type.String(), message: Type.String(), value: Type.Optional(Type.Unknown()) })),
  },
  { title: 'ErrorResponse' },
);

export type ErrorResponse = Static<typeof ErrorResponse>;

export const errorResponses = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
} as const;

export const AreaParams = Type.Object({
  areaId: Type.String({ minLength: 1, maxLength: 64, description: 'area id or code' }),
});

export const ItemParams = Type.Object({
  areaId: Type.String({ minLength: 1, maxLength: 64, description: 'area id or code' }),
  id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});

export const Technology = Type.Enum([...TECHNOLOGIES]);
export const EnvironmentClass = Type.Enum([...ENVIRONMENT_CLASSES]);

export const Longitude = Type.Number({ minimum: -180, maximum: 180, description: 'WGS84 longitude, degrees' });
export const Latitude = Type.Number({ minimum: -90, maximum: 90, description: 'WGS84 latitude, degrees' });
export const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\s/][^/]*$', description: 'natural key' });
export const Name = Type.String({ minLength: 1, maxLength: 200 });
export const OptionalText = Type.Optional(Nullable(Type.String({ maxLength: 2000 })));

export const ListQuery = Type.Object({
  bbox: Type.Optional(Type.String({ pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$', description: 'minLon,minLat,maxLon,maxLat' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000000 })),
  cursor: Type.Optional(Type.Integer({ minimum: 0, description: 'continue after this id (keyset paging)' })),
});

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3, description: '[lon, lat]' });
export const PointGeometry = Type.Object({ type: Type.Literal('Point'), coordinates: Position });
export const PolygonGeometry = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Position, { maxItems: 200000 }), { minItems: 1, maxItems: 10000 }),
});
export const MultiPolygonGeometry = Type.Object({
  type: Type.Literal('MultiPolygon'),
  coordinates: Type.Array(Type.Array(Type.Array(Position, { maxItems: 200000 }), { minItems: 1 }), {
    minItems: 1,
    maxItems: 10000,
  }),
});
export const AreaGeometry = Type.Union([PolygonGeometry, MultiPolygonGeometry]);
export const AnyGeometry = Type.Union([PointGeometry, PolygonGeometry, MultiPolygonGeometry]);

/** A region's outline ([lon, lat]) that the server computed, sent as computed (the schema does not re-serialise it). */
export const ComputedAreaGeometry = Type.Unsafe<Static<typeof AreaGeometry>>(Type.Unknown());
/** A computed region's centroid, [lon, lat] WGS84 degrees. */
export const CentroidLonLat = Type.Unsafe<[lon: number, lat: number]>(Type.Array(Type.Number()));

/** A GeoJSON FeatureCollection response with paging metadata (OGC API Features style). */
export function FeatureCollection<P extends TSchema, G extends TSchema>(properties: P, geometry: G) {
  return Type.Object({
    type: Type.Literal('FeatureCollection'),
    numberMatched: Type.Integer(),
    numberReturned: Type.Integer(),
    next: Nullable(Type.Integer()),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.Integer(),
        geometry,
        properties,
      }),
    ),
  });
}

export function Feature<P extends TSchema, G extends TSchema>(properties: P, geometry: G) {
  return Type.Object({ type: Type.Literal('Feature'), id: Type.Integer(), geometry, properties });
}

/**
 * `T | null` as one JSON-schema type list rather than anyOf: with type coercion on, anyOf would turn
 * a null into 0 or "" in its first branch.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  // TSchema declares no keywords: `in` narrows to the ones this schema has.
  if ('enum' in schema && Array.isArray(schema.enum))
    return Type.Unsafe<Static<T> | null>({ ...schema, type: ['string', 'null'], enum: [...schema.enum, null] });
  return Type.Unsafe<Static<T> | null>({ ...schema, type: ['type' in schema ? schema.type : undefined, 'null'] });
}
