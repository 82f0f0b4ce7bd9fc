import { FormatError } from './errors.ts';
import type { SourceRecord } from './source-types.ts';
import { formatNumber } from './xlsx.ts';

export interface FeatureSource {
  headers: string[];
  records: AsyncIterable<SourceRecord>;
  warnings: string[];
}

/**
 * Read a GeoJSON text (FeatureCollection, Feature or bare Geometry). Each feature becomes a record
 * numbered from 1 in file order, its properties the fields (union of keys = headers).
 */
export function readGeoJson(text: string): FeatureSource {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FormatError('malformed-file', `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const warnings: string[] = [];
  const features = toFeatures(json);
  if ((json as { crs?: unknown }).crs) {
    warnings.push('the file declares a "crs" member (pre-RFC 7946 GeoJSON); it is ignored: pass crs if coordinates are not WGS84');
  }
  return featuresToSource(features, warnings);
}

/** Records from GeoJSON features: properties → text fields, geometry kept. */
export function featuresToSource(features: GeoJSON.Feature[], warnings: string[] = []): FeatureSource {
  const headerSet = new Set<string>();
  const rows = features.map((feature, i) => {
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(feature.properties ?? {})) {
      fields[key] = propertyText(value).trim();
      headerSet.add(key);
    }
    if (feature.id !== undefined && !('id' in fields)) {
      fields.id = String(feature.id);
      headerSet.add('id');
    }
    return { line: i + 1, fields, geometry: feature.geometry ?? null } satisfies SourceRecord;
  });
  const headers = [...headerSet];
  for (const row of rows) for (const h of headers) row.fields[h] ??= '';
  return {
    headers,
    warnings,
    records: (async function* () {
      yield* rows;
    })(),
  };
}

function toFeatures(json: unknown): GeoJSON.Feature[] {
  if (!json || typeof json !== 'object') throw new FormatError('malformed-file', 'GeoJSON must be an object');
  const obj = json as { type?: unknown; features?: unknown };
  switch (obj.type) {
    case 'FeatureCollection':
      if (!Array.isArray(obj.features)) throw new FormatError('malformed-file', 'FeatureCollection without a "features" array');
      return obj.features.map((f, i) => {
        if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature') {
          throw new FormatError('malformed-file', `features[${i}] is not a Feature`);
        }
        return f as GeoJSON.Feature;
      });
    case 'Feature':
      return [json as GeoJSON.Feature];
    case 'Point':
    case 'MultiPoint':
    case 'LineString':
    case 'MultiLineString':
    case 'Polygon':
    case 'MultiPolygon':
    case 'GeometryCollection':
      return [{ type: 'Feature', properties: {}, geometry: json as GeoJSON.Geometry }];
    default:
      throw new FormatError('malformed-file', `not GeoJSON: type ${JSON.stringify(obj.type)}`);
  }
}

function propertyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}
