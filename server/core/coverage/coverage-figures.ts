import { lonLatToPixel } from '../geo/grid-lookup.ts';
import type { Technology } from '../model.ts';
import type { CoverageTechnology } from './cell-table.ts';
import type { CoverageRaster } from './coverage-raster.ts';
import type { PreparedArea } from './prepared-area.ts';
import { type CoverageFigures, figuresFromCounts, rasterTilePartials, sumTilePartials } from './tile-partials.ts';
import { createPixelShareCache } from './report-spread.ts';

/** A customer problem report at [lon, lat]; weight defaults to 1. */
export interface CoverageReport {
  lon: number;
  lat: number;
  technology: Technology | 'unknown';
  weight?: number;
  /**
   * Metres around [lon, lat] the report may really be: set for reports placed from their address (the
   * gazetteer place), whose weight is then spread over the pixels of that circle (report-spread.ts).
   */
  radiusM?: number | null;
}

export interface FiguresOptions {
  /** Judge against threshold + settings.indoorPenetrationLossDb. */
  indoor?: boolean;
  reports?: readonly CoverageReport[];
}

export type { CoverageFigures } from './tile-partials.ts';
export { figuresFromCounts };

/** Extra loss the threshold is raised by for a figures mode, dB. */
export function modeLossDb(prepared: PreparedArea, indoor: boolean | undefined): number {
  return indoor ? prepared.settings.indoorPenetrationLossDb : 0;
}

/** Whether pixel i is covered: best server at or above its own threshold + extraLossDb. */
export function pixelCovered(raster: CoverageRaster, i: number, extraLossDb: number): boolean {
  const cell = raster.bestCell[i];
  return cell >= 0 && raster.levelDbm[i] >= raster.cellThresholdDbm[cell] + extraLossDb;
}

/** Whether a report counts for a run: same technology, 'unknown', or any report for an 'any' run. */
export function reportIncluded(run: CoverageTechnology, report: Technology | 'unknown'): boolean {
  return run === 'any' || report === 'unknown' || report === run;
}

/**
 * Report weight per inside-boundary pixel index for a run (reports outside the boundary are dropped).
 * A report with a `radiusM` (placed from its address) counts in equal shares over the inside pixels
 * within that radius, not whole on one exact pixel (reportPixelShares).
 */
export function reportWeightsByPixel(
  prepared: PreparedArea,
  technology: CoverageTechnology,
  reports: readonly CoverageReport[],
): Map<number, number> {
  const weights = new Map<number, number>();
  const sharesOf = createPixelShareCache(prepared.grid, prepared.mask);
  for (const report of reports) {
    if (!reportIncluded(technology, report.technology)) continue;
    const weight = report.weight ?? 1;
    if (!report.radiusM) {
      const pixel = lonLatToPixel(prepared.grid, report.lon, report.lat);
      if (!pixel || prepared.mask[pixel.index] === 0) continue;
      weights.set(pixel.index, (weights.get(pixel.index) ?? 0) + weight);
      continue;
    }
    for (const { index, share } of sharesOf(report.lon, report.lat, report.radiusM)) {
      weights.set(index, (weights.get(index) ?? 0) + weight * share);
    }
  }
  return weights;
}

/**
 * Coverage figures of a raster: area (km2) and residents inside the boundary, the covered share
 * of each (best server >= its technology's outdoor threshold, + indoorPenetrationLossDb when
 * indoor), and the weight of reports inside the boundary, total and in uncovered pixels. Summed tile by
 * tile (sumTilePartials over prepared.tileSizePx windows), so figures summed from stored tiles are the same.
 */
export function coverageFigures(prepared: PreparedArea, raster: CoverageRaster, options: FiguresOptions = {}): CoverageFigures {
  const weights = reportWeightsByPixel(prepared, raster.technology, options.reports ?? []);
  return sumTilePartials(prepared, raster.technology, options.indoor ?? false, rasterTilePartials(prepared, [raster], weights));
}
