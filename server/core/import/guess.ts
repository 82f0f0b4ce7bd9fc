import type { SourceCrs } from '../formats/crs.ts';
import { mapHeaders } from '../formats/headers.ts';
import { GEOMETRY_KINDS, IMPORT_KINDS, type ImportKind } from '../formats/kinds.ts';

/**
 * The import kind a file most likely holds, from its column names: every kind's header mapping is
 * tried and scored by the columns it recognises, less twice the required fields it misses. Files of
 * polygons (`polygons` true) can only be a polygon kind, files without them only a point kind; the
 * first kind in IMPORT_KINDS order wins a tie. Kinds added to IMPORT_KINDS take part by themselves.
 */
export function guessImportKind(headers: string[], opts: { hasGeometry: boolean; polygons: boolean }): ImportKind {
  let best: { kind: ImportKind; score: number } | null = null;
  for (const kind of IMPORT_KINDS) {
    if (GEOMETRY_KINDS.has(kind) !== opts.polygons) continue;
    const mapping = mapHeaders(headers, kind, undefined, { hasGeometry: opts.hasGeometry });
    const recognised = mapping.columns.filter((c) => c.field !== null).length;
    const score = recognised - 2 * mapping.missing.length;
    if (!best || score > best.score) best = { kind, score };
  }
  return best?.kind ?? (opts.polygons ? 'clutter' : 'reports');
}

export interface CrsGuess {
  crs: SourceCrs;
  /** `name`: the file or a column names the map it came from; `default`: nothing said, WGS84 assumed. */
  basis: 'name' | 'default';
}

const BD09 = /bd-?09|baidu|百度/i;
const GCJ02 = /gcj-?02|amap|gaode|高德|腾讯|tencent|火星/i;

/**
 * The CRS of a file's coordinates as its name or column names say (Baidu maps export BD-09, Amap and
 * Tencent GCJ-02); WGS84 otherwise. The offsets are a few hundred metres, inside any district, so the
 * coordinates themselves cannot tell.
 */
export function guessCrs(fileName: string, headers: string[]): CrsGuess {
  const text = [fileName, ...headers].join(' ');
  if (BD09.test(text)) return { crs: 'bd09', basis: 'name' };
  if (GCJ02.test(text)) return { crs: 'gcj02', basis: 'name' };
  return { crs: 'wgs84', basis: 'default' };
}
