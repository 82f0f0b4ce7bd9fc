import { lonLatToPixel } from '../geo/grid-lookup.ts';
import type { Technology } from '../model.ts';
import type { CoverageTechnology } from './cell-table.ts';
import type { CoverageRaster } from './coverage-raster.ts';
import type { PreparedArea } from './prepared-area.ts';
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

/** Headline figures of one run over the inside-boundary pixels. */
export interface CoverageFigures {
  technology: CoverageTechnology;
  indoor: boolean;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
  population: number;
  coveredPopulation: number;
  populationPct: number;
  /** Weight of the reports of this run's technology (or 'unknown') inside the boundary. */
  reportsTotal: number;
  /** Of which in uncovered pixels. */
  reportsUncovered: number;
}

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

function percent(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

/** Assemble figures from pixel and people counts. */
export function figuresFromCounts(
  prepared: PreparedArea,
  technology: CoverageTechnology,
  indoor: boolean,
  counts: { coveredPixels: number; population: number; coveredPopulation: number; reportsTotal: number; reportsUncovered: number },
): CoverageFigures {
  const areaKm2 = prepared.insidePixelCount * prepared.pixelAreaKm2;
  const coveredKm2 = counts.coveredPixels * prepared.pixelAreaKm2;
  return {
    technology,
    indoor,
    areaKm2,
    coveredKm2,
    coveragePct: percent(coveredKm2, areaKm2),
    population: counts.population,
    coveredPopulation: counts.coveredPopulation,
    populationPct: percent(counts.coveredPopulation, counts.population),
    reportsTotal: counts.reportsTotal,
    reportsUncovered: counts.reportsUncovered,
  };
}

/**
 * Coverage figures of a raster: area (km2) and residents inside the boundary, the covered share
 * of each (best server >= its technology's outdoor threshold, + indoorPenetrationLossDb when
 * indoor), and the weight of reports inside the boundary, total and in uncovered pixels.
 */
export function coverageFigures(prepared: PreparedArea, raster: CoverageRaster, options: FiguresOptions = {}): CoverageFigures {
  const extraLossDb = modeLossDb(prepared, options.indoor);
  const { mask, population } = prepared;
  let coveredPixels = 0;
  let people = 0;
  let coveredPeople = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    people += population[i];
    if (!pixelCovered(raster, i, extraLossDb)) continue;
    coveredPixels++;
    coveredPeople += population[i];
  }
  let reportsTotal = 0;
  let reportsUncovered = 0;
  for (const [pixel, weight] of reportWeightsByPixel(prepared, raster.technology, options.reports ?? [])) {
    reportsTotal += weight;
    if (!pixelCovered(raster, pixel, extraLossDb)) reportsUncovered += weight;
  }
  return figuresFromCounts(prepared, raster.technology, options.indoor ?? false, {
    coveredPixels,
    population: people,
    coveredPopulation: coveredPeople,
    reportsTotal,
    reportsUncovered,
  });
}
