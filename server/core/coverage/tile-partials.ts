import type { AreaGrid } from '../geo/area-grid.ts';
import { type TileWindow, tileWindows } from '../geo/tile-windows.ts';
import type { CoverageTechnology } from './cell-table.ts';
import type { CoverageRaster } from './coverage-raster.ts';
import type { TileResult } from './tile-result.ts';

/**
 * Figures from tiles: each tile of a run is reduced on its own to a TilePartial (pixel counts,
 * residents and report weight, covered outdoors and indoors), and the figures of the area are the sum
 * of its tiles' partials. No step needs the whole raster. The sums are defined in one order (tiles
 * row-major from the north-west, pixels row-major within a tile, reports in the order given), which
 * the whole-raster figures (coverageFigures) follow too, so both agree to the last bit.
 */

/** One run's coverage over a tile window, read in place: the window's north-west pixel at `offset`, `stride` pixels a row. */
export interface TileCoverageView {
  levelDbm: Float32Array;
  /** Index into the run's cell list; -1 = no server. */
  bestCell: Int32Array;
  /** Outdoor threshold of each cell of the run's list, dBm (NaN for cells not in the run). */
  cellThresholdDbm: Float64Array;
  offset: number;
  stride: number;
}

/** A tile result as a view (its own arrays, offset 0). */
export function tileResultCoverage(tile: TileResult, cellThresholdDbm: Float64Array): TileCoverageView {
  return { levelDbm: tile.levelDbm, bestCell: tile.bestCell, cellThresholdDbm, offset: 0, stride: tile.window.width };
}

/** A window of a whole raster as a view. */
export function rasterWindowCoverage(raster: CoverageRaster, window: TileWindow): TileCoverageView {
  return {
    levelDbm: raster.levelDbm,
    bestCell: raster.bestCell,
    cellThresholdDbm: raster.cellThresholdDbm,
    offset: window.row0 * raster.width + window.col0,
    stride: raster.width,
  };
}

/** The prepared area's layers over a tile window, read in place (as TileCoverageView). */
export interface TileAreaLayers {
  /** 1 inside the boundary. */
  mask: Uint8Array;
  /** Residents per pixel. */
  population: Float32Array;
  offset: number;
  stride: number;
}

/** A window of the whole-area layers as a view. */
export function areaWindowLayers(
  area: { grid: Pick<AreaGrid, 'width'>; mask: Uint8Array; population: Float32Array },
  window: TileWindow,
): TileAreaLayers {
  return { mask: area.mask, population: area.population, offset: window.row0 * area.grid.width + window.col0, stride: area.grid.width };
}

/** Report weight on one pixel of a tile: `px` row-major within the window. */
export interface TileReportWeight {
  px: number;
  weight: number;
}

/**
 * Per-pixel report weights (reportWeightsByPixel: global pixel index → weight, in its order) split by
 * tile: key `${col0},${row0}` of the window, pixels within the window, the map's order kept.
 */
export function reportWeightsByTile(
  grid: Pick<AreaGrid, 'width'>,
  tileSizePx: number,
  weightsByPixel: ReadonlyMap<number, number>,
): Map<string, TileReportWeight[]> {
  const out = new Map<string, TileReportWeight[]>();
  for (const [pixel, weight] of weightsByPixel) {
    const row = Math.floor(pixel / grid.width);
    const col = pixel - row * grid.width;
    const col0 = col - (col % tileSizePx);
    const row0 = row - (row % tileSizePx);
    const key = tileKey({ col0, row0 });
    const local = { px: (row - row0) * Math.min(tileSizePx, grid.width - col0) + (col - col0), weight };
    const list = out.get(key);
    if (list) list.push(local);
    else out.set(key, [local]);
  }
  return out;
}

/** Key of a tile window in maps: `${col0},${row0}`. */
export function tileKey(window: Pick<TileWindow, 'col0' | 'row0'>): string {
  return `${window.col0},${window.row0}`;
}

/**
 * Covered pixels of a window (1 = covered): best server at or above its own threshold + extraLossDb
 * in any of `coverages` (one view for a run of one network or an 'any' run; the GSM and CDMA views of
 * the same window to combine two runs into the "any network" coverage).
 */
export function tileCoveredPx(window: TileWindow, coverages: readonly TileCoverageView[], extraLossDb: number): Uint8Array {
  const { width, height } = window;
  const covered = new Uint8Array(width * height);
  for (const view of coverages) {
    const { levelDbm, bestCell, cellThresholdDbm, stride } = view;
    for (let r = 0; r < height; r++) {
      let i = view.offset + r * stride;
      const end = r * width + width;
      for (let p = r * width; p < end; p++, i++) {
        const cell = bestCell[i];
        if (cell >= 0 && levelDbm[i] >= cellThresholdDbm[cell] + extraLossDb) covered[p] = 1;
      }
    }
  }
  return covered;
}

/** What one tile adds to a run's figures, outdoors and indoors (+ indoorPenetrationLossDb). */
export interface TilePartial {
  window: TileWindow;
  insidePx: number;
  coveredOutdoorPx: number;
  coveredIndoorPx: number;
  /** Residents of the inside pixels (sum row-major over the window). */
  population: number;
  coveredOutdoorPopulation: number;
  coveredIndoorPopulation: number;
  /** Report weight on inside pixels (in the order given). */
  reportsTotal: number;
  reportsUncoveredOutdoor: number;
  reportsUncoveredIndoor: number;
}

export interface TilePartialInput {
  window: TileWindow;
  /** One view, or GSM and CDMA views for the "any network" figures (see tileCoveredPx). */
  coverages: readonly TileCoverageView[];
  area: TileAreaLayers;
  /** Report weights of the run on the window's pixels (reportWeightsByTile). */
  reports: readonly TileReportWeight[];
  indoorPenetrationLossDb: number;
}

/** Reduce one tile to its partial figures. */
export function tilePartial(input: TilePartialInput): TilePartial {
  const { window, area } = input;
  const outdoor = tileCoveredPx(window, input.coverages, 0);
  const indoor = tileCoveredPx(window, input.coverages, input.indoorPenetrationLossDb);
  const { width, height } = window;
  let insidePx = 0;
  let coveredOutdoorPx = 0;
  let coveredIndoorPx = 0;
  let population = 0;
  let coveredOutdoorPopulation = 0;
  let coveredIndoorPopulation = 0;
  for (let r = 0; r < height; r++) {
    let i = area.offset + r * area.stride;
    const end = r * width + width;
    for (let p = r * width; p < end; p++, i++) {
      if (area.mask[i] === 0) continue;
      insidePx++;
      const people = area.population[i];
      population += people;
      if (outdoor[p] === 1) {
        coveredOutdoorPx++;
        coveredOutdoorPopulation += people;
      }
      if (indoor[p] === 1) {
        coveredIndoorPx++;
        coveredIndoorPopulation += people;
      }
    }
  }
  let reportsTotal = 0;
  let reportsUncoveredOutdoor = 0;
  let reportsUncoveredIndoor = 0;
  for (const { px, weight } of input.reports) {
    if (!(px >= 0 && px < width * height && Number.isInteger(px)))
      throw new RangeError(`reports: pixel ${px} is outside the ${width}×${height} tile at ${tileKey(window)}`);
    const i = area.offset + Math.floor(px / width) * area.stride + (px % width);
    if (area.mask[i] === 0) continue;
    reportsTotal += weight;
    if (outdoor[px] === 0) reportsUncoveredOutdoor += weight;
    if (indoor[px] === 0) reportsUncoveredIndoor += weight;
  }
  return {
    window: { ...window },
    insidePx,
    coveredOutdoorPx,
    coveredIndoorPx,
    population,
    coveredOutdoorPopulation,
    coveredIndoorPopulation,
    reportsTotal,
    reportsUncoveredOutdoor,
    reportsUncoveredIndoor,
  };
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

function percent(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

/** Figures from pixel and people counts (areas are pixel counts × the area's mean pixel area). */
export function figuresFromCounts(
  area: { insidePixelCount: number; pixelAreaKm2: number },
  technology: CoverageTechnology,
  indoor: boolean,
  counts: { coveredPixels: number; population: number; coveredPopulation: number; reportsTotal: number; reportsUncovered: number },
): CoverageFigures {
  const areaKm2 = area.insidePixelCount * area.pixelAreaKm2;
  const coveredKm2 = counts.coveredPixels * area.pixelAreaKm2;
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

/** What the sum needs of the area besides its tiles. */
export interface PartialsArea {
  /** Inside-boundary pixels of the whole area: the tiles' insidePx must add up to it (a missing tile is an error). */
  insidePixelCount: number;
  /** Mean ellipsoidal area of an inside pixel, km2 (PreparedArea.pixelAreaKm2). */
  pixelAreaKm2: number;
}

/**
 * A run's figures from its tiles' partials: summed in tile order (row-major from the north-west,
 * whatever the order given), outdoor or indoor. Throws when a tile is given twice or the tiles do not
 * cover every inside pixel.
 */
export function sumTilePartials(
  area: PartialsArea,
  technology: CoverageTechnology,
  indoor: boolean,
  partials: readonly TilePartial[],
): CoverageFigures {
  const ordered = [...partials].sort((a, b) => a.window.row0 - b.window.row0 || a.window.col0 - b.window.col0);
  let insidePx = 0;
  let coveredPixels = 0;
  let population = 0;
  let coveredPopulation = 0;
  let reportsTotal = 0;
  let reportsUncovered = 0;
  for (let k = 0; k < ordered.length; k++) {
    const p = ordered[k];
    if (k > 0 && p.window.row0 === ordered[k - 1].window.row0 && p.window.col0 === ordered[k - 1].window.col0)
      throw new RangeError(`partials: tile ${tileKey(p.window)} is given twice`);
    insidePx += p.insidePx;
    coveredPixels += indoor ? p.coveredIndoorPx : p.coveredOutdoorPx;
    population += p.population;
    coveredPopulation += indoor ? p.coveredIndoorPopulation : p.coveredOutdoorPopulation;
    reportsTotal += p.reportsTotal;
    reportsUncovered += indoor ? p.reportsUncoveredIndoor : p.reportsUncoveredOutdoor;
  }
  if (insidePx !== area.insidePixelCount)
    throw new RangeError(`partials: the tiles hold ${insidePx} inside pixels, the area ${area.insidePixelCount} (a tile is missing)`);
  return figuresFromCounts(area, technology, indoor, { coveredPixels, population, coveredPopulation, reportsTotal, reportsUncovered });
}

/** The partials of every tile of a whole raster (prepared.tileSizePx windows), e.g. to sum them. */
export function rasterTilePartials(
  area: {
    grid: Pick<AreaGrid, 'width' | 'height'>;
    tileSizePx: number;
    mask: Uint8Array;
    population: Float32Array;
    settings: { indoorPenetrationLossDb: number };
  },
  rasters: readonly CoverageRaster[],
  weightsByPixel: ReadonlyMap<number, number>,
): TilePartial[] {
  const reports = reportWeightsByTile(area.grid, area.tileSizePx, weightsByPixel);
  return tileWindows(area.grid, area.tileSizePx).map((window) =>
    tilePartial({
      window,
      coverages: rasters.map((raster) => rasterWindowCoverage(raster, window)),
      area: areaWindowLayers(area, window),
      reports: reports.get(tileKey(window)) ?? [],
      indoorPenetrationLossDb: area.settings.indoorPenetrationLossDb,
    }),
  );
}
