import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Locale } from '../i18n/index.ts';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const EARTH_RADIUS_KM = 6371.0088;

/**
 * The Chinese and English parts of a name written in both, as the demo places are
 * ("富强村 Fuqiang Village"). A name in one script only is used for both languages.
 */
export function splitBilingualName(name: string): { zh: string; en: string } {
  const trimmed = name.trim();
  const words = trimmed.split(/\s+/);
  const firstLatin = words.findIndex((w) => !CJK.test(w));
  if (firstLatin <= 0 || !words.slice(firstLatin).every((w) => !CJK.test(w))) return { zh: trimmed, en: trimmed };
  return { zh: words.slice(0, firstLatin).join(' '), en: words.slice(firstLatin).join(' ') };
}

/** A place name in the UI language. */
export function localName(name: string, locale: Locale): string {
  const parts = splitBilingualName(name);
  return locale === 'zh-CN' ? parts.zh : parts.en;
}

/** Great-circle distance in km between two [lon, lat] points (haversine, mean Earth radius). */
export function distanceKm([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Whether [lon, lat] lies inside a polygon (even-odd rule over all rings, so holes count as outside). */
export function pointInPolygon(point: [number, number], geometry: Polygon | MultiPolygon): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => rings.reduce((inside, ring) => (crossesRing(point, ring) ? !inside : inside), false));
}

function crossesRing([x, y]: [number, number], ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A representative [lon, lat] of a point or polygon: the point itself, or the mean of the outer ring's vertices. */
export function representativePoint(geometry: Point | Polygon | MultiPolygon): [number, number] {
  if (geometry.type === 'Point') return [geometry.coordinates[0], geometry.coordinates[1]];
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0][0];
  const n = Math.max(1, ring.length - 1);
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += ring[i][0];
    sy += ring[i][1];
  }
  return [sx / n, sy / n];
}

export interface NamedPlace {
  name: string;
  population: number;
}

/**
 * The place a polygon (a coverage gap, a hotspot) is best known by: the most populous place whose
 * point (or area centre) is inside it; else the place whose area contains its centroid; else the
 * nearest place within `maxKm` of its centroid, marked `near`. Null when no place is close enough.
 */
export function placeOf<P extends NamedPlace>(
  polygon: Polygon | MultiPolygon,
  centroid: [number, number],
  places: readonly Feature<Point | Polygon | MultiPolygon, P>[],
  maxKm = 8,
): { place: P; near: boolean } | null {
  const inside = places
    .filter((p) => pointInPolygon(representativePoint(p.geometry), polygon))
    .sort((a, b) => b.properties.population - a.properties.population);
  if (inside.length > 0) return { place: inside[0].properties, near: false };
  const containing = places.find((p) => p.geometry.type !== 'Point' && pointInPolygon(centroid, p.geometry as Polygon | MultiPolygon));
  if (containing) return { place: containing.properties, near: false };
  let best: P | null = null;
  let bestKm = maxKm;
  for (const p of places) {
    const km = distanceKm(centroid, representativePoint(p.geometry));
    if (km <= bestKm) {
      best = p.properties;
      bestKm = km;
    }
  }
  return best ? { place: best, near: true } : null;
}

/**
 * Names of gaps and hotspots by id: the place each is in, or "near X" (worded by `near`) when it
 * is only close to one. Point-shaped items are left out (a hotspot of one report has no area).
 */
export function nameByPlace<P extends NamedPlace>(
  items: readonly { id: string; geometry: Point | Polygon | MultiPolygon; centroid: [number, number] }[],
  places: readonly Feature<Point | Polygon | MultiPolygon, P>[],
  locale: Locale,
  near: (place: string) => string,
): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of items) {
    if (item.geometry.type === 'Point') continue;
    const found = placeOf(item.geometry, item.centroid, places);
    if (!found) continue;
    const name = localName(found.place.name, locale);
    names.set(item.id, found.near ? near(name) : name);
  }
  return names;
}
