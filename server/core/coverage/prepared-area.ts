import { type AreaGrid, createAreaGrid } from '../geo/area-grid.ts';
import { rasteriseBoundaryMask } from '../geo/boundary-mask.ts';
import { meanPixelAreaKm2 } from '../geo/ellipsoidal-area.ts';
import { type ClutterZone, rasteriseEnvironment } from '../geo/environment-raster.ts';
import { rasterisePopulation, type Settlement } from '../geo/population-raster.ts';
import type { ElevationGrid } from '../geo/elevation/elevation-grid.ts';
import { resampleElevation } from '../geo/elevation/resample.ts';
import { DEFAULT_TILE_SIZE_PX } from '../geo/tile-windows.ts';
import type { AreaSettings } from '../model.ts';
import { EngineInputError } from '../radio/engine-input-error.ts';
import { type ParameterName, parameterIssue } from '../radio/parameter-ranges.ts';
import type { PathLossCalibration } from '../radio/path-loss.ts';
import { sharedFloat32, sharedUint8 } from './shared-arrays.ts';

/** What the engine needs to know about an area; geometries [lon, lat] WGS84. */
export interface CoverageInputs {
  boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  settings: AreaSettings;
  clutter: ClutterZone[];
  settlements: Settlement[];
  /** Optional per-environment path-loss calibration of this area. */
  calibration?: PathLossCalibration | null;
  /** The MAX_AREA_PIXELS setting: a larger grid is refused (default DEFAULT_MAX_AREA_PIXELS). */
  maxPixels?: number;
  /** Optional digital elevation model of this area (in its own CRS, voids filled); absent = flat-earth model as before. */
  elevation?: ElevationGrid | null;
}

/** Below threshold minus this margin a cell is treated as absent (no signal), dB. */
export const DEFAULT_CUTOFF_MARGIN_DB = 20;

/**
 * An area rasterised once and reused by every computation: plain numbers and typed arrays on
 * SharedArrayBuffers, so worker messages share rather than copy it. Rasters are row-major on `grid`.
 */
export interface PreparedArea {
  grid: AreaGrid;
  /** The area's boundary, [lon, lat] WGS84 (gap and difference polygons are clipped to it). */
  boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  settings: AreaSettings;
  calibration: PathLossCalibration | null;
  /** Cells weaker than threshold - cutoffMarginDb are ignored; fixes each cell's reach radius. */
  cutoffMarginDb: number;
  tileSizePx: number;
  /** 1 inside the boundary. */
  mask: Uint8Array;
  /** Index into ENVIRONMENT_CLASSES. */
  environment: Uint8Array;
  /** Residents per pixel. */
  population: Float32Array;
  insidePixelCount: number;
  /** Mean ellipsoidal (WGS84) area of an inside pixel, km2 (meanPixelAreaKm2): count × this = area on the ground. */
  pixelAreaKm2: number;
  /** Bit e set when environment class e occurs inside the boundary. */
  environmentsPresent: number;
  /** Ground height above sea level per pixel, metres, row-major on `grid` (bilinear from the area's DEM); null without a DEM. */
  groundHeightM: Float32Array | null;
}

/**
 * The ground heights the propagation uses: the DEM's when the area's settings switch terrain on
 * (settings.terrainPropagation), else none (flat earth). The DEM itself (groundHeightM) serves the
 * relief layer either way.
 */
export function propagationGroundM(area: PreparedArea): Float32Array | null {
  return area.settings.terrainPropagation ? area.groundHeightM : null;
}

export interface PrepareAreaOptions {
  tileSizePx?: number;
  cutoffMarginDb?: number;
}

/** Refuse settings outside their ranges (parameter-ranges.ts), naming the first: the whole area depends on them. */
function validateSettings(settings: AreaSettings): void {
  const checks: [ParameterName, number, string][] = [
    ['resolutionM', settings.resolutionM, 'resolutionM'],
    ['receiverHeightM', settings.receiverHeightM, 'receiverHeightM'],
    ['indoorPenetrationLossDb', settings.indoorPenetrationLossDb, 'indoorPenetrationLossDb'],
    ['overlapMarginDb', settings.overlapMarginDb, 'overlapMarginDb'],
    ['pilotPollutionMarginDb', settings.pilotPollutionMarginDb, 'pilotPollutionMarginDb'],
    ['pilotPollutionCount', settings.pilotPollutionCount, 'pilotPollutionCount'],
    ['minGapAreaKm2', settings.minGapAreaKm2, 'minGapAreaKm2'],
    ...Object.entries(settings.thresholdsDbm).map(([technology, value]): [ParameterName, number, string] => [
      'thresholdDbm',
      value,
      `thresholdsDbm.${technology}`,
    ]),
  ];
  for (const [name, value, field] of checks) {
    const issue = parameterIssue(name, value, `settings.${field}`);
    if (issue) throw new EngineInputError(`${issue.text} (${issue.reason})`);
  }
}

/**
 * Rasterise an area for coverage work: UTM grid at settings.resolutionM (zone of the boundary
 * centroid), inside-boundary mask, environment class per pixel (clutter over the default class),
 * residents per pixel. Pure; cost dominated by the scanline fills (tens of ms for ~2 M pixels).
 */
export function prepareArea(inputs: CoverageInputs, options: PrepareAreaOptions = {}): PreparedArea {
  validateSettings(inputs.settings);
  const grid = createAreaGrid(inputs.boundary, inputs.settings.resolutionM, inputs.maxPixels);
  const n = grid.width * grid.height;
  const mask = rasteriseBoundaryMask(grid, inputs.boundary, sharedUint8(n));
  const environment = rasteriseEnvironment(grid, inputs.clutter, inputs.settings.defaultEnvironment, sharedUint8(n));
  const population = rasterisePopulation(grid, inputs.settlements, sharedFloat32(n));
  let insidePixelCount = 0;
  let environmentsPresent = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i] === 0) continue;
    insidePixelCount++;
    environmentsPresent |= 1 << environment[i];
  }
  return {
    grid,
    boundary: inputs.boundary,
    settings: inputs.settings,
    calibration: inputs.calibration ?? null,
    cutoffMarginDb: options.cutoffMarginDb ?? DEFAULT_CUTOFF_MARGIN_DB,
    tileSizePx: options.tileSizePx ?? DEFAULT_TILE_SIZE_PX,
    mask,
    environment,
    population,
    insidePixelCount,
    pixelAreaKm2: meanPixelAreaKm2(grid, mask),
    environmentsPresent,
    groundHeightM: inputs.elevation ? resampleElevation(inputs.elevation, grid, sharedFloat32(n)) : null,
  };
}
