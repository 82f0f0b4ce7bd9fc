/**
 * Reading colours off the map's screenshot: which pixels the level ramp paints as covered, and
 * points inside a gap polygon where that can be read.
 */
import type { Page } from 'playwright-core';
import type { GapCollection } from '../../../web/src/api/types.ts';
import { pointInPolygon } from '../../../web/src/geo/place-names.ts';
import { mapPixels, project, type Rgb } from './browser.ts';

type GapGeometry = GapCollection['features'][number]['geometry'];

/** Pixels of the level ramp below the threshold are red; above it yellow, green, cyan or blue. */
export const belowThreshold = ([r, g]: Rgb) => r - g > 50;
export const rampAbove = ([r, g, b]: Rgb) => (r > 200 && g > 170 && b < 120) || (g > r + 40 && g > b) || (b > r + 60 && g > r + 20);
/** Overlap classes 2, 3 and 4+ (yellow, orange, red) and pilot pollution (magenta); not the boundary line. */
export const overlapLike = ([r, g, b]: Rgb) => (r > 200 && g > 60 && b < 140 && r - b > 90) || (r > 150 && b > 150 && g < 110);

/** [minLon, minLat, maxLon, maxLat] of a gap polygon. */
export function gapBbox(geometry: GapGeometry): [number, number, number, number] {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const xs = rings.flat().map((p) => p[0]);
  const ys = rings.flat().map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A grid of [lon, lat] points inside a gap polygon, away from its edge, where the level ramp can be read. */
export function samplePoints(geometry: GapGeometry): [number, number][] {
  const [minLon, minLat, maxLon, maxLat] = gapBbox(geometry);
  const points: [number, number][] = [];
  const inset = (lon: number, lat: number) => {
    const d = 0.004;
    return [
      [lon, lat],
      [lon + d, lat],
      [lon - d, lat],
      [lon, lat + d],
      [lon, lat - d],
    ].every((p) => pointInPolygon(p as [number, number], geometry));
  };
  for (let i = 1; i < 12; i++) {
    for (let j = 1; j < 12; j++) {
      const lon = minLon + ((maxLon - minLon) * i) / 12;
      const lat = minLat + ((maxLat - minLat) * j) / 12;
      if (inset(lon, lat)) points.push([lon, lat]);
    }
  }
  return points;
}

/** How many of the [lon, lat] points the map paints in a colour passing `test`. */
export async function countAt(page: Page, points: [number, number][], test: (c: Rgb) => boolean): Promise<number> {
  const pixels = await mapPixels(page);
  let n = 0;
  for (const p of points) {
    const { x, y } = await project(page, p);
    if (x < 0 || y < 0 || x >= pixels.width || y >= pixels.height) continue;
    if (test(pixels.at(x, y))) n++;
  }
  return n;
}
