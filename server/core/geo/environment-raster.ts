import { ENVIRONMENT_CLASSES, type EnvironmentClass } from '../model.ts';
import { EngineInputError } from '../radio/engine-input-error.ts';
import type { AreaGrid } from './area-grid.ts';
import { geometryToPixelRings } from './pixel-rings.ts';
import { fillPolygonSpans } from './polygon-fill.ts';

export interface ClutterZone {
  environment: EnvironmentClass;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

/** Index of an environment class in ENVIRONMENT_CLASSES (the value stored in environment rasters). */
export function environmentIndex(environment: EnvironmentClass): number {
  const index = ENVIRONMENT_CLASSES.indexOf(environment);
  if (index < 0) throw new EngineInputError(`unknown environment class '${environment}'`);
  return index;
}

/**
 * Environment-class index per pixel (ENVIRONMENT_CLASSES order): defaultEnvironment everywhere,
 * then each clutter zone in order painted over the pixels whose centres it contains (later zones win).
 */
export function rasteriseEnvironment(
  grid: AreaGrid,
  zones: readonly ClutterZone[],
  defaultEnvironment: EnvironmentClass,
  out: Uint8Array = new Uint8Array(grid.width * grid.height),
): Uint8Array {
  out.fill(environmentIndex(defaultEnvironment));
  for (const zone of zones) {
    const value = environmentIndex(zone.environment);
    fillPolygonSpans(geometryToPixelRings(grid, zone.geometry), grid.width, grid.height, (row, c0, c1) => {
      out.fill(value, row * grid.width + c0, row * grid.width + c1);
    });
  }
  return out;
}
