import fc from 'fast-check';
import { BAD_POLYGONS, hostileJsonValue, square } from './hostile-values.ts';

/** The part of an OpenAPI 3.0 schema object the generators read. */
export interface OpenApiSchema {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

export interface SchemaArbitraryOptions {
  /** Chance (0..1) that a node is replaced by a hostile value instead of a conforming one. */
  hostileRate: number;
  /** Values worth trying for a property, by name (valid codes, positions near the test area). */
  hints?: Record<string, unknown[]>;
}

const MAX_DEPTH = 6;

/**
 * Values for a schema: mostly conforming (so requests get past validation and reach the handlers),
 * with hostile replacements at any node at `hostileRate`, dropped required properties and extra
 * ones. Arrays stay short; strings within the schema's length limits where it states them.
 */
export function schemaArbitrary(
  schema: OpenApiSchema | undefined,
  options: SchemaArbitraryOptions,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const conforming = conformingArbitrary(schema ?? {}, options, name, depth);
  if (options.hostileRate <= 0) return conforming;
  const hostileWeight = Math.max(1, Math.round(options.hostileRate * 100));
  return fc.oneof({ arbitrary: conforming, weight: 100 - hostileWeight }, { arbitrary: hostileJsonValue, weight: hostileWeight });
}

function conformingArbitrary(schema: OpenApiSchema, options: SchemaArbitraryOptions, name: string, depth: number): fc.Arbitrary<unknown> {
  const hinted = options.hints?.[name];
  const own = ownArbitrary(schema, options, name, depth);
  const withNull = schema.nullable ? fc.oneof(own, fc.constant(null)) : own;
  return hinted?.length ? fc.oneof({ arbitrary: fc.constantFrom(...hinted), weight: 3 }, { arbitrary: withNull, weight: 1 }) : withNull;
}

function ownArbitrary(schema: OpenApiSchema, options: SchemaArbitraryOptions, name: string, depth: number): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => schemaArbitrary(s, options, name, depth + 1)));
  if (schema.allOf?.length) return schemaArbitrary(Object.assign({}, ...schema.allOf) as OpenApiSchema, options, name, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'object':
      return objectArbitrary(schema, options, depth);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, 4));
      return fc.array(schemaArbitrary(schema.items, options, `${name}[]`, depth + 1), { minLength, maxLength });
    }
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: Math.ceil(schema.minimum ?? -1000), max: Math.floor(Math.min(schema.maximum ?? 100_000, 2 ** 31 - 1)) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArbitrary(schema: OpenApiSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  if (schema.format === 'date-time')
    return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'date')
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({ unit: 'grapheme', minLength, maxLength });
}

/** Polygons: small valid squares near the hinted centre, or a known-bad one. */
function geometryArbitrary(options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const [lon, lat] = (options.hints?.centre?.[0] as [number, number] | undefined) ?? [124.85, 46.65];
  return fc.oneof(
    fc
      .tuple(
        fc.double({ min: -0.04, max: 0.04, noNaN: true }),
        fc.double({ min: -0.04, max: 0.04, noNaN: true }),
        fc.double({ min: 0.0005, max: 0.01, noNaN: true }),
      )
      .map(([dx, dy, half]) => square(lon + dx, lat + dy, half)),
    fc.constantFrom(...BAD_POLYGONS.map((p) => p.geometry)),
  );
}

function objectArbitrary(schema: OpenApiSchema, options: SchemaArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(properties)) {
    const isGeometry = (key === 'boundary' || key === 'geometry') && (sub.anyOf || sub.oneOf || sub.properties?.coordinates);
    const value = isGeometry ? geometryArbitrary(options) : schemaArbitrary(sub, options, key, depth + 1);
    // Required properties are sometimes left out; optional ones often.
    record[key] = required.has(key)
      ? fc.oneof({ arbitrary: value, weight: 19 }, { arbitrary: fc.constant(undefined), weight: 1 })
      : fc.option(value, { nil: undefined });
  }
  // Unknown keys (some that JSON parsers must refuse: __proto__, constructor) only in hostile values.
  const extra =
    options.hostileRate > 0
      ? fc.option(
          fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'id', 'areaId', 'role', 'extra'), hostileJsonValue, { maxKeys: 2 }),
          { nil: undefined, freq: 6 },
        )
      : fc.constant(undefined);
  return fc.tuple(fc.record(record), extra).map(([value, more]) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
    if (more)
      for (const [k, v] of Object.entries(more))
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}
