import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../helpers/app.ts';
import { TEST_BOUNDARY } from '../../helpers/app.ts';
import { deepArraysJson, deepObjectsJson, hostileString } from './hostile-values.ts';
import { schemaArbitrary, type OpenApiSchema } from './schema-arbitrary.ts';

/** One (method, route) of the app with the schemas its OpenAPI document states. */
export interface FuzzEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  expensive: boolean;
  params: Record<string, OpenApiSchema>;
  query: Record<string, { schema: OpenApiSchema; required: boolean }>;
  body?: OpenApiSchema;
  /** Multipart upload (imports): fuzzed with raw bodies only. */
  multipart: boolean;
}

/** Records the fuzz run creates once, so generated requests can name existing things. */
export interface Fixtures {
  areaId: number;
  areaCode: string;
  siteId: number;
  siteCode: string;
  cellId: number;
  cellKey: string;
  reportId: number;
  candidateId: number;
  candidateCode: string;
  clutterId: number;
  settlementId: number;
  measurementId: number;
  scenarioId: number;
  importId: number;
  userId: number;
  tokenId: number;
  layers: string[];
  collectionId: string;
}

export interface FuzzRequest {
  inject: InjectOptions;
  /** What was sent, for the failure message. */
  summary: string;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The route table (as enforced by access control) joined with the schemas of the OpenAPI document. */
export function fuzzEndpoints(t: TestApp): FuzzEndpoint[] {
  const spec = t.app.swagger() as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Array<{ in: string; name: string; required?: boolean; schema: OpenApiSchema }>;
          requestBody?: { content: Record<string, { schema: OpenApiSchema }> };
        }
      >
    >;
  };
  const out: FuzzEndpoint[] = [];
  const seen = new Set<string>();
  for (const route of t.app.accessRoutes) {
    if (!route.url.startsWith('/api/') && !route.url.startsWith('/ogc')) continue;
    for (const m of route.methods) {
      if (m === 'HEAD' || m === 'OPTIONS') continue;
      const key = `${m} ${route.url}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const openApiPath = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const op = (spec.paths[openApiPath] ?? spec.paths[`${openApiPath}/`])?.[m.toLowerCase()];
      const params: Record<string, OpenApiSchema> = {};
      const query: FuzzEndpoint['query'] = {};
      for (const p of op?.parameters ?? []) {
        if (p.in === 'path') params[p.name] = p.schema;
        if (p.in === 'query') query[p.name] = { schema: p.schema, required: Boolean(p.required) };
      }
      for (const name of route.url.match(/:([A-Za-z0-9_]+)/g) ?? []) params[name.slice(1)] ??= { type: 'string' };
      const content = op?.requestBody?.content ?? {};
      out.push({
        method: m as FuzzEndpoint['method'],
        url: route.url,
        expensive: route.expensive,
        params,
        query,
        body: content['application/json']?.schema,
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return out;
}

/** Known-good values per path parameter of a route, so requests reach the handler. */
function validParams(endpoint: FuzzEndpoint, f: Fixtures): Record<string, string[]> {
  const url = endpoint.url;
  const idFor = (): number | undefined => {
    if (url.includes('/sites/')) return f.siteId;
    if (url.includes('/cells/')) return f.cellId;
    if (url.includes('/reports/')) return f.reportId;
    if (url.includes('/candidates/')) return f.candidateId;
    if (url.includes('/clutter/')) return f.clutterId;
    if (url.includes('/settlements/')) return f.settlementId;
    if (url.includes('/measurements/')) return f.measurementId;
    if (url.includes('/users/')) return f.userId;
    if (url.includes('/auth/tokens/')) return f.tokenId;
    return undefined;
  };
  const id = idFor();
  return {
    areaId: [f.areaCode, String(f.areaId)],
    id: id === undefined ? ['1'] : [String(id)],
    scenarioId: [String(f.scenarioId)],
    importId: [String(f.importId)],
    // Import jobs live in the process: a well-formed id that names no job.
    jobId: ['00000000-0000-4000-8000-000000000000'],
    layer: f.layers,
    format: ['geojson', 'csv', 'kml'],
    collectionId: [f.collectionId],
    featureId: [String(f.siteId), String(f.reportId)],
    z: ['10', '12'],
    x: ['857'],
    y: ['360'],
  };
}

/** Names whose values the generators should sometimes take from the fixtures. */
function hints(f: Fixtures): Record<string, unknown[]> {
  return {
    centre: [[124.85, 46.65]],
    lon: [124.85, 124.81, 124.89],
    lat: [46.65, 46.61, 46.69],
    technology: ['GSM', 'CDMA'],
    scenario: [String(f.scenarioId)],
    target: [String(f.scenarioId), 'With K1'],
    base: ['existing', String(f.scenarioId)],
    candidates: [f.candidateCode],
    'candidateCodes[]': [f.candidateCode],
    'addCandidates[]': [f.candidateCode],
    cell: [f.cellKey],
    'removeCells[]': [f.cellKey],
    bbox: ['124.8,46.6,124.9,46.7', '124.9,46.7,124.8,46.6', '0,0,0,0', '-180,-90,180,90', '181,91,-181,-91', '1.2.3,4,5,6'],
    resolutionM: [50, 100],
    datetime: ['2020-01-01T00:00:00Z/..', '../..', '2020-13-45', 'yesterday'],
  };
}

/** Raw bodies no schema would produce: empty, not JSON, deeply nested, wrong media types. */
const RAW_BODIES: Array<{ label: string; payload: string; contentType: string }> = [
  { label: 'empty json', payload: '', contentType: 'application/json' },
  { label: 'json null', payload: 'null', contentType: 'application/json' },
  { label: 'json string', payload: '"x"', contentType: 'application/json' },
  { label: 'json array', payload: '[]', contentType: 'application/json' },
  { label: 'truncated json', payload: '{"code": "a", "lon": 1', contentType: 'application/json' },
  { label: 'NaN literal', payload: '{"lon": NaN, "lat": Infinity}', contentType: 'application/json' },
  { label: 'huge exponent', payload: '{"lon": 1e99999, "lat": -1e99999, "population": 1e400}', contentType: 'application/json' },
  { label: '10,000 nested arrays', payload: deepArraysJson(10_000), contentType: 'application/json' },
  { label: '10,000 nested objects', payload: deepObjectsJson(10_000), contentType: 'application/json' },
  {
    label: 'nested arrays in a field',
    payload: `{"boundary": ${deepArraysJson(10_000)}, "geometry": ${deepArraysJson(10_000)}, "changes": ${deepArraysJson(5_000)}}`,
    contentType: 'application/json',
  },
  {
    label: 'proto pollution',
    payload: '{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"x": 1}}}',
    contentType: 'application/json',
  },
  { label: 'BOM json', payload: '\uFEFF{}', contentType: 'application/json' },
  { label: 'text/plain', payload: 'hello', contentType: 'text/plain' },
  {
    label: 'xml',
    payload: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    contentType: 'application/xml',
  },
  { label: 'form', payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
  { label: 'multipart without boundary', payload: 'x', contentType: 'multipart/form-data' },
  { label: 'json with charset latin1', payload: '{"name":"\u00e9"}', contentType: 'application/json; charset=latin1' },
];

/**
 * Random requests for one endpoint: path, query and body mostly shaped by its schemas, some hostile;
 * with `wellFormedOnly`, only requests with known ids and a conforming query and body.
 */
export function requestArbitrary(
  endpoint: FuzzEndpoint,
  f: Fixtures,
  options: { wellFormedOnly?: boolean } = {},
): fc.Arbitrary<FuzzRequest> {
  const valid = validParams(endpoint, f);
  const h = hints(f);
  // Two kinds of request: well-formed ones (known ids, conforming query and body) that reach the
  // handlers, and hostile ones where any part may be wrong.
  const paramArbs: Record<string, fc.Arbitrary<string>> = {};
  const wellFormedParams: Record<string, fc.Arbitrary<string>> = {};
  const names = Object.keys(endpoint.params);
  names.forEach((name, i) => {
    const last = i === names.length - 1;
    // A DELETE never gets the fixture's own id, so fixtures survive the run (bad ids are the point here);
    // made-up ids are far above any real one, so the run never revokes its own token or user.
    const good = endpoint.method === 'DELETE' && last ? [] : (valid[name] ?? []);
    const bad = fc.oneof(
      hostileString.map((s) => s.slice(0, 5000)),
      fc.integer({ min: 1_000_000, max: 2 ** 40 }).map(String),
      fc.constantFrom('0', '-1', '1.5', '2147483648', '99999999999999999999', '1e30', '0x0', '-0x1'),
    );
    paramArbs[name] = good.length ? fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 3 }, { arbitrary: bad, weight: 2 }) : bad;
    // Well-formed only: an id that passes validation but names nothing (a DELETE never names a fixture).
    const unknownId = fc.integer({ min: 1_000_000, max: 2 ** 31 - 1 }).map(String);
    wellFormedParams[name] = good.length ? fc.constantFrom(...good) : options.wellFormedOnly ? unknownId : bad;
  });
  const queryArbs: Record<string, fc.Arbitrary<string | string[] | undefined>> = {};
  const wellFormedQuery: Record<string, fc.Arbitrary<string | string[] | undefined>> = {};
  for (const [name, { schema, required }] of Object.entries(endpoint.query)) {
    const conforming = schemaArbitrary(schema, { hostileRate: 0, hints: h }, name).map((v) =>
      typeof v === 'string' ? v : JSON.stringify(v),
    );
    queryArbs[name] = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 },
      { arbitrary: conforming, weight: 4 },
      { arbitrary: hostileString.map((s) => s.slice(0, 5000)), weight: 2 },
      { arbitrary: fc.tuple(conforming, conforming), weight: 1 },
    );
    wellFormedQuery[name] = required ? conforming : fc.option(conforming, { nil: undefined, freq: 2 });
  }
  const toJson = (value: unknown) => ({ label: 'json', payload: JSON.stringify(value) ?? '', contentType: 'application/json' });
  const jsonBody = endpoint.body ? schemaArbitrary(endpoint.body, { hostileRate: 0.08, hints: h }).map(toJson) : fc.constant(null);
  const body = WRITES.has(endpoint.method)
    ? fc.oneof(
        { arbitrary: jsonBody, weight: endpoint.body && !endpoint.multipart ? 6 : 1 },
        { arbitrary: fc.constantFrom(...RAW_BODIES), weight: 2 },
      )
    : fc.constant(null);
  const wellFormedBody =
    WRITES.has(endpoint.method) && endpoint.body
      ? schemaArbitrary(endpoint.body, { hostileRate: 0, hints: h }).map(toJson)
      : options.wellFormedOnly
        ? fc.constant(null)
        : body;

  const hostile = fc.record({ params: fc.record(paramArbs), query: fc.record(queryArbs), body });
  const wellFormed = fc.record({ params: fc.record(wellFormedParams), query: fc.record(wellFormedQuery), body: wellFormedBody });
  return (options.wellFormedOnly ? wellFormed : fc.oneof(wellFormed, hostile, hostile)).map(({ params, query, body: b }) => {
    const path = endpoint.url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeSegment(params[name] ?? '1'));
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const v of [value].flat()) search.append(name, v);
    }
    const qs = search.toString();
    const inject: InjectOptions = { method: endpoint.method, url: qs ? `${path}?${qs}` : path };
    if (b) {
      inject.payload = b.payload;
      inject.headers = { 'content-type': b.contentType };
    }
    const shownBody = b
      ? ` body(${b.label}, ${b.contentType}): ${b.payload.length > 300 ? `${b.payload.slice(0, 300)}… (${b.payload.length} chars)` : b.payload}`
      : '';
    const url = inject.url as string;
    const shownUrl = url.length > 300 ? `${url.slice(0, 300)}… (${url.length} chars)` : url;
    return { inject, summary: `${endpoint.method} ${shownUrl}${shownBody}` };
  });
}

/**
 * What is wrong with a response to a hostile request, or null: never a 5xx; errors as
 * `{ error, message, details }` (OGC routes answer OGC exceptions instead); a 400 or 422 names a field.
 */
export function responseProblem(endpoint: FuzzEndpoint, res: LightMyRequestResponse): string | null {
  if (res.statusCode >= 500) return `status ${res.statusCode}: ${res.body.slice(0, 300)}`;
  const type = String(res.headers['content-type'] ?? '');
  if (res.statusCode < 400) {
    if (type.includes('json')) {
      try {
        JSON.parse(res.body);
      } catch {
        return `status ${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 200)}`;
      }
    }
    return null;
  }
  let body: { error?: unknown; message?: unknown; details?: unknown; code?: unknown; description?: unknown };
  try {
    body = JSON.parse(res.body);
  } catch {
    return `status ${res.statusCode} with a non-JSON error body: ${res.body.slice(0, 200)}`;
  }
  if (endpoint.url.startsWith('/ogc') && typeof body.code === 'string' && typeof body.description === 'string') return null;
  if (typeof body.error !== 'string' || typeof body.message !== 'string' || !Array.isArray(body.details)) {
    return `status ${res.statusCode} without { error, message, details }: ${res.body.slice(0, 200)}`;
  }
  if (res.statusCode === 400 || res.statusCode === 422) {
    const first = body.details[0] as { field?: unknown } | undefined;
    if (!first || typeof first.field !== 'string' || first.field === '')
      return `status ${res.statusCode} names no field: ${res.body.slice(0, 300)}`;
  }
  return null;
}

/** Percent-encode a path segment; lone surrogates become their (invalid) 3-byte UTF-8 form on purpose. */
function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text]
      .map((ch) => {
        const code = ch.charCodeAt(0);
        if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff)
          return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
        return encodeURIComponent(ch);
      })
      .join('');
  }
}

/** A stable 32-bit seed per route name, so each route's samples are reproducible on their own. */
export function routeSeed(base: number, name: string): number {
  let h = base >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return h | 0;
}

/** Create the fixture records through the API (one area near Daqing with one of everything). */
export async function createFixtures(t: TestApp, code: string): Promise<Fixtures> {
  const ok = async (method: 'POST' | 'GET', url: string, payload?: unknown) => {
    const res = await t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const area = await ok('POST', '/api/v1/areas', { code, name: 'Fuzz area', boundary: TEST_BOUNDARY, settings: { resolutionM: 100 } });
  const a = `/api/v1/areas/${area.id}`;
  const cell = {
    technology: 'GSM',
    frequencyMhz: 950,
    heightM: 35,
    azimuthDeg: 0,
    beamwidthDeg: 65,
    tiltDeg: 4,
    powerDbm: 43,
    gainDbi: 16,
    lossDb: 3,
  };
  const site = await ok('POST', `${a}/sites`, {
    code: 'S1',
    name: 'Site one',
    lon: 124.85,
    lat: 46.65,
    cells: [
      { code: 'G1', ...cell },
      { code: 'C1', ...cell, technology: 'CDMA', frequencyMhz: 870, azimuthDeg: null },
    ],
  });
  const report = await ok('POST', `${a}/reports`, {
    lon: 124.86,
    lat: 46.66,
    kind: 'weak-signal',
    source: 'callback',
    reportedAt: '2006-05-01T08:00:00Z',
    technology: 'GSM',
  });
  const candidate = await ok('POST', `${a}/candidates`, { code: 'K1', name: 'Candidate one', lon: 124.82, lat: 46.62, technology: 'GSM' });
  const clutter = await ok('POST', `${a}/clutter`, {
    code: 'Z1',
    environment: 'urban',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [124.84, 46.64],
          [124.86, 46.64],
          [124.86, 46.66],
          [124.84, 46.66],
          [124.84, 46.64],
        ],
      ],
    },
  });
  const settlement = await ok('POST', `${a}/settlements`, {
    code: 'V1',
    name: 'Village',
    population: 1200,
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [124.83, 46.63],
          [124.84, 46.63],
          [124.84, 46.64],
          [124.83, 46.64],
          [124.83, 46.63],
        ],
      ],
    },
  });
  const measurement = await ok('POST', `${a}/measurements`, {
    lon: 124.851,
    lat: 46.651,
    technology: 'GSM',
    levelDbm: -70,
    measuredAt: '2006-05-02T08:00:00Z',
  });
  const scenario = await ok('POST', `${a}/scenarios`, {
    name: 'With K1',
    changes: { addCandidates: ['K1'], cellChanges: [{ cell: 'S1/G1', tiltDeg: 6 }], removeCells: [] },
  });
  const user = await ok('POST', '/api/v1/users', { username: `fuzz-${code}`, password: 'fuzz-password-123', role: 'viewer' });
  const token = await ok('POST', '/api/v1/auth/tokens', { name: `fuzz-${code}` });
  const ids = (x: { id?: number; features?: Array<{ id: number }> }) => x.id ?? x.features?.[0]?.id;
  const cells = await ok('GET', `${a}/cells`);
  const g1 = cells.features.find((c: { properties: { code: string } }) => c.properties.code === 'G1');
  // An import audit entry to read back (a dry run writes nothing else).
  const boundaryFile = `lon,lat,kind,source,reported_at\n124.85,46.65,weak-signal,callback,2006-05-01T08:00:00Z\n`;
  const upload = await t.app.inject({
    method: 'POST',
    url: `${a}/imports`,
    ...multipartBody([
      { name: 'kind', value: 'reports' },
      { name: 'dryRun', value: 'true' },
      { name: 'file', fileName: 'r.csv', content: Buffer.from(boundaryFile) },
    ]),
  });
  if (upload.statusCode !== 200) throw new Error(`fixture import: ${upload.statusCode} ${upload.body}`);
  const layersMessage = (await t.app.inject({ method: 'GET', url: `${a}/exports/no-such-layer.csv` })).json().message as string;
  const layers = layersMessage
    .replace(/^.*available: /, '')
    .split(', ')
    .filter(Boolean);
  const collections = await ok('GET', '/ogc/collections?f=json');
  const collection = (collections.collections as Array<{ id: string }>).find((c) => c.id.startsWith(code));
  return {
    areaId: area.id,
    areaCode: code,
    siteId: site.id,
    siteCode: 'S1',
    cellId: g1.id,
    cellKey: 'S1/G1',
    reportId: ids(report)!,
    candidateId: ids(candidate)!,
    candidateCode: 'K1',
    clutterId: ids(clutter)!,
    settlementId: ids(settlement)!,
    measurementId: ids(measurement)!,
    scenarioId: scenario.id,
    importId: upload.json().importId,
    userId: user.id,
    tokenId: token.id,
    layers,
    collectionId: collection?.id ?? `${code}-sites`,
  };
}

export type Part = { name: string; value: string } | { name: string; fileName: string; content: Buffer; type?: string };

/** A multipart/form-data body, parts in the given order. */
export function multipartBody(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----coverage-planner-reliability-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
      );
      chunks.push(part.content, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
