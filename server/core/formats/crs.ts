import gcoordModule from 'gcoord';
import type { LonLat } from '../model.ts';
import type { SourceCrs } from './source-names.ts';

// The names of the coordinate systems are plain data in source-names.ts (the API contract lists them).
export { SOURCE_CRS, type SourceCrs } from './source-names.ts';

/** Convergence of the inverse, degrees (about 0.1 mm). */
const INVERSE_TOLERANCE_DEG = 1e-9;
const INVERSE_MAX_ITERATIONS = 30;

type Gcoord = typeof gcoordModule.default;

/** Whether `m` is gcoord's API itself (and not a module namespace holding it as `default`). */
function isGcoord(m: unknown): m is Gcoord {
  return typeof m === 'object' && m !== null && 'transform' in m && typeof m.transform === 'function';
}

// gcoord is CommonJS (`module.exports = exported`) typed as an ES default export: Node's default import
// is the API itself, while the types describe a namespace whose `default` it is.
const gcoord: Gcoord = isGcoord(gcoordModule) ? gcoordModule : gcoordModule.default;
const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** WGS84 → `crs`, [lon, lat] degrees, using gcoord's published forward formulas. */
export function fromWgs84(position: LonLat, crs: SourceCrs): LonLat {
  if (crs === 'wgs84') return [position[0], position[1]];
  const [lon, lat] = gcoord.transform([position[0], position[1]], gcoord.WGS84, GCOORD_CRS[crs]);
  return [lon, lat];
}

/**
 * `crs` → WGS84, [lon, lat] degrees. GCJ-02 has no closed-form inverse; gcoord's own inverse is a
 * one-step approximation (errors of metres). This solves forward(x) = p by fixed-point iteration
 * x ← x + (p − forward(x)), which converges because the offset varies slowly (a few hundred metres
 * over tens of kilometres), to 1e-9° (≈ 0.1 mm). Outside China GCJ-02 equals WGS84 and the loop stops at once.
 */
export function toWgs84(position: LonLat, crs: SourceCrs): LonLat {
  if (crs === 'wgs84') return [position[0], position[1]];
  const [targetLon, targetLat] = position;
  let lon = targetLon;
  let lat = targetLat;
  for (let i = 0; i < INVERSE_MAX_ITERATIONS; i++) {
    const [fLon, fLat] = fromWgs84([lon, lat], crs);
    const dLon = targetLon - fLon;
    const dLat = targetLat - fLat;
    lon += dLon;
    lat += dLat;
    if (Math.abs(dLon) < INVERSE_TOLERANCE_DEG && Math.abs(dLat) < INVERSE_TOLERANCE_DEG) break;
  }
  return [lon, lat];
}

/** Parse a user-supplied CRS name ('WGS-84', 'GCJ02', '火星坐标', '百度'...); null when unknown. */
export function parseCrs(text: string): SourceCrs | null {
  const key = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.]/g, '');
  if (['wgs84', 'wgs', 'gps', 'epsg4326', '4326'].includes(key)) return 'wgs84';
  if (['gcj02', 'gcj', 'amap', 'gaode', '高德', 'tencent', '腾讯', '火星', '火星坐标', '国测局'].includes(key)) return 'gcj02';
  if (['bd09', 'bd', 'baidu', '百度', 'bd09ll'].includes(key)) return 'bd09';
  return null;
}
