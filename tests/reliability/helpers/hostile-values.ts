import fc from 'fast-check';

/**
 * Hostile inputs for the API: strings that look like numbers but are not finite, numbers at the edge
 * of what JSON and PostgreSQL columns hold, injection strings, awkward unicode, invalid polygons.
 */

/** Strings a careless parser turns into NaN, Infinity, huge or surprising numbers. */
export const NUMBERISH_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '+Infinity',
  '1e309',
  '-1e309',
  '9007199254740993',
  '99999999999999999999999999',
  '-0',
  '0x10',
  '1_000',
  '1e-400',
  '1,5',
  '١٢٣',
  ' 12 ',
  '12abc',
  '',
];

/** Injection and markup strings (SQL, script, CSV formula, path traversal, JSON pointers). */
export const INJECTION_STRINGS = [
  "'; DROP TABLE sites; --",
  "1' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(10)--',
  '$1',
  '%s%s%n',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  "=cmd|' /C calc'!A0",
  '+SUM(1+1)',
  '-2+3',
  '@A1',
  '\t=1',
  '../../etc/passwd',
  '..%2F..%2Fetc',
  '%00',
  '__proto__',
  'constructor',
  '{"$gt":""}',
  '/api/v1/areas',
  '*',
];

/** Unicode that breaks naive byte/char handling: NUL, lone surrogates, RTL override, astral, combining. */
export const UNICODE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  '\u202Eevil',
  '𝕏🚀中文站点',
  'e\u0301\u0301\u0301',
  '\uFEFF',
  '\u2028\u2029',
  'ﬀ',
  'Ω≈ç√',
];

/** Numbers at the edges: beyond int4, beyond safe integers, subnormal, huge doubles, negative zero. */
export const EDGE_NUMBERS = [
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  5e-324,
  -0,
  1e21,
  123456789012,
  -1,
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NUMBERISH_STRINGS, ...INJECTION_STRINGS, ...UNICODE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const ring = (coords: number[][]) => coords;

/** Polygons that must be refused (or, for the last ones, are valid but extreme). */
export const BAD_POLYGONS: Array<{ label: string; geometry: unknown }> = [
  {
    label: 'bow-tie',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [124.8, 46.6],
          [124.9, 46.7],
          [124.9, 46.6],
          [124.8, 46.7],
          [124.8, 46.6],
        ]),
      ],
    },
  },
  {
    label: 'antimeridian',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [179.9, 46.6],
          [-179.9, 46.6],
          [-179.9, 46.7],
          [179.9, 46.7],
          [179.9, 46.6],
        ]),
      ],
    },
  },
  {
    label: 'unclosed',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [124.8, 46.6],
          [124.9, 46.6],
          [124.9, 46.7],
          [124.8, 46.7],
        ]),
      ],
    },
  },
  {
    label: 'three positions',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [124.8, 46.6],
          [124.9, 46.6],
          [124.8, 46.6],
        ]),
      ],
    },
  },
  {
    label: 'out of range',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [124.8, 46.6],
          [200, 46.6],
          [124.9, 95],
          [124.8, 46.6],
        ]),
      ],
    },
  },
  {
    label: 'string coordinates',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          ['NaN', 'NaN'],
          ['Infinity', 1],
          [1, '1e309'],
          ['NaN', 'NaN'],
        ],
      ],
    },
  },
  {
    label: 'null coordinates',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [null, null],
          [null, null],
          [null, null],
          [null, null],
        ],
      ],
    },
  },
  { label: 'empty', geometry: { type: 'Polygon', coordinates: [] } },
  { label: 'empty ring', geometry: { type: 'Polygon', coordinates: [[]] } },
  {
    label: 'degenerate (one point)',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [124.8, 46.6],
          [124.8, 46.6],
          [124.8, 46.6],
          [124.8, 46.6],
        ]),
      ],
    },
  },
  { label: 'point instead of polygon', geometry: { type: 'Point', coordinates: [124.85, 46.65] } },
  { label: 'unknown type', geometry: { type: 'Circle', coordinates: [124.85, 46.65], radius: 1 } },
  {
    label: 'multipolygon with a bow-tie',
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [
          ring([
            [124.8, 46.6],
            [124.9, 46.7],
            [124.9, 46.6],
            [124.8, 46.7],
            [124.8, 46.6],
          ]),
        ],
      ],
    },
  },
  {
    label: 'edge numbers',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [1e308, 1e308],
          [-1e308, 1e308],
          [-1e308, -1e308],
          [1e308, 1e308],
        ]),
      ],
    },
  },
  {
    label: 'five-element positions',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [124.8, 46.6, 0, 0, 0],
          [124.9, 46.6, 0, 0, 0],
          [124.9, 46.7, 0, 0, 0],
          [124.8, 46.6, 0, 0, 0],
        ]),
      ],
    },
  },
  {
    label: 'whole world (valid but huge)',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [-179, -89],
          [179, -89],
          [179, 89],
          [-179, 89],
          [-179, -89],
        ]),
      ],
    },
  },
];

/** A small valid square around (lon, lat), [lon, lat] order, half-size in degrees. */
export function square(lon: number, lat: number, half = 0.01): GeoJSON.Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
      ],
    ],
  };
}

/** `depth` nested JSON arrays as text: `[[[...]]]`. */
export function deepArraysJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** `depth` nested JSON objects as text: `{"a":{"a":...}}`. */
export function deepObjectsJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Any hostile JSON value: one of the above, a wrong type, a bad polygon, or a nested structure. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}, [[]], { type: 'Feature' }), weight: 2 },
  { arbitrary: fc.constantFrom(...BAD_POLYGONS.map((p) => p.geometry)), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
);
