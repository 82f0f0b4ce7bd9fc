import { createAreaGrid } from '../area-grid.ts';
import { rasteriseBoundaryMask } from '../boundary-mask.ts';
import { meanPixelAreaKm2 } from '../ellipsoidal-area.ts';
import { areaCentresIn } from './area-crs.ts';
import { DemError } from './dem-errors.ts';
import { type DemSource, type ElevationGrid, type Extent, gridExtent, heightRange } from './elevation-grid.ts';
import { mosaicDem } from './mosaic.ts';

type AreaGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

/** What an import of DEM files made of them, for the import report. */
export interface AreaDemSummary {
  files: { name: string; format: DemSource['format']; epsg: number; width: number; height: number }[];
  epsg: number;
  width: number;
  height: number;
  cellSizeX: number;
  cellSizeY: number;
  /** Size of a cell on the ground, metres (north–south; for EPSG:4326 at the area's latitude). */
  cellSizeM: number;
  minHeightM: number;
  maxHeightM: number;
  voidsFilled: number;
  /** Inside-boundary pixels of the area grid whose centre a file covers, percent (100 when accepted). */
  coveredPercent: number;
}

const METRES_PER_DEGREE = 111_320;

/**
 * How much of the area (its inside-boundary pixels at `resolutionM`) the files' footprints miss:
 * pixels, km² and percent of the area.
 */
export function demCoverageGap(
  sources: readonly DemSource[],
  boundary: AreaGeometry,
  resolutionM: number,
): { insidePixels: number; missingPixels: number; missingKm2: number; missingPercent: number; clip: Extent } {
  const epsg = sources[0].grid.epsg;
  const grid = createAreaGrid(boundary, resolutionM);
  const mask = rasteriseBoundaryMask(grid, boundary, new Uint8Array(grid.width * grid.height));
  const centres = areaCentresIn(grid, epsg);
  const extents = sources.map((s) => gridExtent(s.grid));
  let inside = 0;
  let missing = 0;
  const clip: Extent = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) {
      const [x, y] = centres.at(col, row);
      if (x < clip.minX) clip.minX = x;
      if (x > clip.maxX) clip.maxX = x;
      if (y < clip.minY) clip.minY = y;
      if (y > clip.maxY) clip.maxY = y;
      if (mask[row * grid.width + col] === 0) continue;
      inside++;
      if (!extents.some((e) => x >= e.minX && x < e.maxX && y > e.minY && y <= e.maxY)) missing++;
    }
  }
  // One area pixel beyond the outermost centres, in the DEM's units.
  const lat = epsg === 4326 ? (clip.minY + clip.maxY) / 2 : 0;
  const padX = epsg === 4326 ? resolutionM / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)) : resolutionM;
  const padY = epsg === 4326 ? resolutionM / METRES_PER_DEGREE : resolutionM;
  const pixelKm2 = meanPixelAreaKm2(grid, mask);
  return {
    insidePixels: inside,
    missingPixels: missing,
    missingKm2: missing * pixelKm2,
    missingPercent: inside > 0 ? (100 * missing) / inside : 0,
    clip: { minX: clip.minX - padX, maxX: clip.maxX + padX, minY: clip.minY - padY, maxY: clip.maxY + padY },
  };
}

/**
 * The DEM of an area from the files read: refused (naming the missing km² and percent) unless the
 * files cover every inside pixel of the area grid; merged, clipped to the area with a margin, voids
 * filled (mosaicDem). The grid stays in the files' CRS; prepareArea resamples it onto the area grid.
 */
export function buildAreaDem(
  sources: readonly DemSource[],
  boundary: AreaGeometry,
  resolutionM: number,
): { grid: ElevationGrid; summary: AreaDemSummary } {
  if (sources.length === 0) throw new DemError('no-dem-file', null, 'no DEM file');
  const epsg = sources[0].grid.epsg;
  const other = sources.find((s) => s.grid.epsg !== epsg);
  if (other) {
    throw new DemError(
      'mixed-crs',
      null,
      `the files are in different CRS: ${sources[0].name} in EPSG:${epsg}, ${other.name} in EPSG:${other.grid.epsg}; convert them to one`,
    );
  }
  const gap = demCoverageGap(sources, boundary, resolutionM);
  if (gap.missingPixels > 0) {
    throw new DemError(
      'dem-not-covering',
      null,
      `the DEM does not cover the area: ${gap.missingKm2.toFixed(2)} km² (${gap.missingPercent.toFixed(1)} % of the area) ` +
        `lies outside ${sources.length === 1 ? 'the file' : 'every file'} (${sources.map((s) => s.name).join(', ')})`,
    );
  }
  const { grid, voidsFilled } = mosaicDem(sources, gap.clip);
  const [minHeightM, maxHeightM] = heightRange(grid.heightsM);
  return {
    grid,
    summary: {
      files: sources.map((s) => ({ name: s.name, format: s.format, epsg: s.grid.epsg, width: s.grid.width, height: s.grid.height })),
      epsg,
      width: grid.width,
      height: grid.height,
      cellSizeX: grid.cellSizeX,
      cellSizeY: grid.cellSizeY,
      cellSizeM: epsg === 4326 ? grid.cellSizeY * METRES_PER_DEGREE : grid.cellSizeY,
      minHeightM,
      maxHeightM,
      voidsFilled,
      coveredPercent: 100,
    },
  };
}
