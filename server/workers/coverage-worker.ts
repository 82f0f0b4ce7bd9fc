/**
 * Worker-thread entry of the coverage pool: runs one tile job and transfers the tile's single
 * result buffer back (default export), or traces the gap polygons of a computed raster (`gaps`).
 * The area, the cell tables and rasters arrive on SharedArrayBuffers, so no copy is made.
 */
import { move } from 'piscina';
import type { CoverageRaster } from '../core/coverage/coverage-raster.ts';
import { type GapFeature, type GapOptions, gapPolygons } from '../core/coverage/gap-polygons.ts';
import type { PreparedCells } from '../core/coverage/cell-table.ts';
import type { PreparedArea } from '../core/coverage/prepared-area.ts';
import { computeTile, KernelScratch } from '../core/coverage/tile-kernel.ts';
import type { TileWindow } from '../core/geo/tile-windows.ts';

export interface TileJob {
  area: PreparedArea;
  cells: PreparedCells;
  window: TileWindow;
}

const scratch = new KernelScratch();

/** Compute one tile; the ArrayBuffer holds the TileResult views (see tileResultViews). */
export default function runTileJob(job: TileJob): ArrayBuffer {
  const result = computeTile(job.area, job.cells, job.window, scratch)!;
  return move(result.buffer) as ArrayBuffer;
}

export interface GapJob {
  area: PreparedArea;
  raster: CoverageRaster;
  options: GapOptions;
}

/** Gap polygons of a computed raster (the raster's arrays are shared, not copied). */
export function gaps(job: GapJob): GeoJSON.FeatureCollection<GapFeature['geometry'], GapFeature['properties']> {
  return gapPolygons(job.area, job.raster, job.options);
}
