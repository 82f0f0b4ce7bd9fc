import { environmentIndex } from '../geo/environment-raster.ts';
import { utmProjection } from '../geo/utm-projection.ts';
import { type CellSpec, ENVIRONMENT_CLASSES, type Technology } from '../model.ts';
import { DEFAULT_VERTICAL_BEAMWIDTH_DEG, VERTICAL_SIDE_LOBE_DB, wrapDegrees } from '../radio/antenna-pattern.ts';
import { EngineInputError } from '../radio/engine-input-error.ts';
import { eirpDbm } from '../radio/link-budget.ts';
import { pathLossCoefficients } from '../radio/path-loss.ts';
import {
  C_CUTOFF_DBM,
  C_EIRP_DBM,
  C_FREE_SPACE_INTERCEPT_DB,
  C_FREQUENCY_EXTRAPOLATED,
  C_GRID_AZIMUTH_DEG,
  C_INTERCEPT_DB,
  C_INV_BEAMWIDTH,
  C_IS_PILOT,
  C_REACH_M,
  C_SITE,
  C_SLOPE_DB,
  C_SOURCE_INDEX,
  C_THRESHOLD_DBM,
  CELL_STRIDE,
  S_CELL_COUNT,
  S_FIRST_CELL,
  S_REACH_M,
  S_X,
  S_Y,
  SITE_STRIDE,
  VERTICAL_LAST_POSITION,
  VERTICAL_MIN_LOG10_KM,
  VERTICAL_STEPS_PER_DECADE,
  VERTICAL_TABLE_LENGTH,
} from './kernel-layout.ts';
import { type PreparedArea, propagationGroundM } from './prepared-area.ts';
import { sharedFloat32, sharedFloat64, sharedInt32 } from './shared-arrays.ts';
import {
  farthestPixelM,
  fillDiffraction,
  fillHeightRatio,
  highestEffectiveHeightM,
  lowestGroundM,
  type SiteTerrain,
  samplesToReach,
  siteTerrain,
  TERRAIN_RADIALS,
  type TerrainTables,
  terrainStepM,
} from './terrain-tables.ts';
import { effectiveBaseHeight } from '../radio/terrain/index.ts';
import { isUsableCell } from './usable-cells.ts';

/** A coverage run covers one technology, or 'any' network (see ANY_NETWORK_TECHNOLOGIES). */
export type CoverageTechnology = Technology | 'any';

/** Technologies of an 'any' run: a pixel is covered when any of these networks covers it. */
export const ANY_NETWORK_TECHNOLOGIES: readonly Technology[] = ['GSM', 'CDMA'];

/** Technology whose cells count as pilots for pilot pollution. */
export const PILOT_TECHNOLOGY: Technology = 'CDMA';

// Cell and site record offsets (C_*, S_*) and the vertical tables' sampling are declared in
// kernel-layout.ts, with everything the WebAssembly build shares; re-exported here for their users.
export {
  C_CUTOFF_DBM,
  C_EIRP_DBM,
  C_FREE_SPACE_INTERCEPT_DB,
  C_FREQUENCY_EXTRAPOLATED,
  C_GRID_AZIMUTH_DEG,
  C_INTERCEPT_DB,
  C_INV_BEAMWIDTH,
  C_IS_PILOT,
  C_REACH_M,
  C_SITE,
  C_SLOPE_DB,
  C_SOURCE_INDEX,
  C_THRESHOLD_DBM,
  CELL_STRIDE,
  S_CELL_COUNT,
  S_FIRST_CELL,
  S_REACH_M,
  S_X,
  S_Y,
  SITE_STRIDE,
  VERTICAL_LAST_POSITION,
  VERTICAL_MIN_LOG10_KM,
  VERTICAL_STEPS_PER_DECADE,
  VERTICAL_TABLE_LENGTH,
};

// Envelopes: per-run upper bounds of any cell's level at a distance, sampled in log10(distance km).
export const ENVELOPE_STEPS_PER_DECADE = 32;
export const ENVELOPE_LENGTH = Math.round(4.5 * ENVELOPE_STEPS_PER_DECADE) + 1;
/** Sets of environment classes (bitmasks over the four ENVIRONMENT_CLASSES), one envelope each. */
export const ENVIRONMENT_SETS = 16;

/** Reach radii are capped here, m. */
export const MAX_REACH_M = 200_000;

/** Cells of one run, flattened: cells grouped by site (same lon/lat), sites in input order. */
export interface PreparedCells {
  technology: CoverageTechnology;
  cellCount: number;
  siteCount: number;
  /** CELL_STRIDE values per cell, see C_* offsets. */
  cells: Float64Array;
  /** SITE_STRIDE values per site, see S_* offsets. */
  sites: Float64Array;
  /** VERTICAL_TABLE_LENGTH attenuations (dB >= 0) per cell. */
  vertical: Float32Array;
  /**
   * Per cell and table position k, the least of its vertical attenuations at k and beyond: a lower
   * bound of the vertical attenuation anywhere at least that far (the kernel's block bounds use it).
   */
  verticalFloor: Float32Array;
  /**
   * One envelope per set of environment classes (bitmask b = 1..15, ENVELOPE_LENGTH values from
   * b * ENVELOPE_LENGTH): marginEnvelope[b * ENVELOPE_LENGTH + j] >= level - own threshold of every
   * cell at any distance d with log10(d km) >= VERTICAL_MIN_LOG10_KM + j / ENVELOPE_STEPS_PER_DECADE,
   * at any pixel whose environment class is in b (least loss, and the cell's least vertical
   * attenuation from that distance on). A block of suburban pixels gets a much nearer stop distance
   * than the area's rural (open) pixels would allow.
   */
  marginEnvelope: Float64Array;
  /** Same bounds for the level of pilot cells, dBm (-Infinity without pilots). */
  pilotEnvelope: Float64Array;
  /** Cut-off below the threshold, dB (PreparedArea.cutoffMarginDb). */
  cutoffMarginDb: number;
  /** Lowest cut-off level of the pilot cells, dBm (Infinity without pilots). */
  pilotCutoffDbm: number;
  /**
   * Terrain terms per cell (terrain-tables.ts), null without a DEM. With them, a cell's intercept and
   * slope are Hata's at its highest effective height over its table, so they bound its loss.
   */
  terrain: TerrainTables | null;
}

/** Whether a cell of this technology takes part in a run. */
export function technologyIncluded(run: CoverageTechnology, cell: Technology): boolean {
  return run === 'any' ? ANY_NETWORK_TECHNOLOGIES.includes(cell) : run === cell;
}

/** Bearing of true north in the UTM grid at a point, degrees (meridian convergence, sign included). */
function gridNorthBearingDeg(epsg: number, lon: number, lat: number): number {
  const projection = utmProjection(epsg);
  const [x0, y0] = projection.forward([lon, lat]);
  const [x1, y1] = projection.forward([lon, lat + 0.001]);
  return (Math.atan2(x1 - x0, y1 - y0) * 180) / Math.PI;
}

const VERTICAL_DISTANCES_M = Float64Array.from(
  { length: VERTICAL_TABLE_LENGTH },
  (_, k) => 1000 * 10 ** (VERTICAL_MIN_LOG10_KM + k / VERTICAL_STEPS_PER_DECADE),
);

function fillVerticalTable(out: Float32Array, offset: number, cell: CellSpec, receiverHeightM: number): void {
  const dh = cell.heightM - receiverHeightM;
  for (let k = 0; k < VERTICAL_TABLE_LENGTH; k++) {
    const depressionDeg = (Math.atan2(dh, VERTICAL_DISTANCES_M[k]) * 180) / Math.PI;
    const ratio = (depressionDeg - cell.tiltDeg) / DEFAULT_VERTICAL_BEAMWIDTH_DEG;
    out[offset + k] = Math.min(12 * ratio * ratio, VERTICAL_SIDE_LOBE_DB);
  }
}

/**
 * Vertical-table entry at or before log10(d km) = x as the kernels place a pixel that far (clamped to
 * the table, with room for their fast log10's error): entries from it on bound every pixel at least that far.
 */
export function verticalPositionAtOrBefore(x: number): number {
  let u = (x - VERTICAL_MIN_LOG10_KM) * VERTICAL_STEPS_PER_DECADE - 1e-3;
  if (!(u > 0)) u = 0;
  else if (u > VERTICAL_LAST_POSITION) u = VERTICAL_LAST_POSITION;
  return u | 0;
}

/** Suffix minima of one cell's vertical table (see PreparedCells.verticalFloor). */
function fillVerticalFloor(vertical: Float32Array, floor: Float32Array, offset: number): void {
  let least = Number.POSITIVE_INFINITY;
  for (let k = VERTICAL_TABLE_LENGTH - 1; k >= 0; k--) {
    least = Math.min(least, vertical[offset + k]);
    floor[offset + k] = least;
  }
}

function writeCell(
  area: PreparedArea,
  cell: CellSpec,
  sourceIndex: number,
  siteIndex: number,
  cells: Float64Array,
  o: number,
  gridNorthDeg: number,
  hataHeightM = cell.heightM,
): void {
  const thresholdDbm = area.settings.thresholdsDbm[cell.technology];
  if (!Number.isFinite(thresholdDbm)) throw new EngineInputError(`no threshold for technology '${cell.technology}'`);
  const eirp = eirpDbm(cell);
  const cutoff = thresholdDbm - area.cutoffMarginDb;
  cells[o + C_SOURCE_INDEX] = sourceIndex;
  cells[o + C_SITE] = siteIndex;
  cells[o + C_EIRP_DBM] = eirp;
  cells[o + C_THRESHOLD_DBM] = thresholdDbm;
  cells[o + C_CUTOFF_DBM] = cutoff;
  cells[o + C_GRID_AZIMUTH_DEG] = cell.azimuthDeg === null ? Number.NaN : wrapDegrees(cell.azimuthDeg + gridNorthDeg);
  cells[o + C_INV_BEAMWIDTH] = cell.azimuthDeg === null ? 0 : 1 / cell.beamwidthDeg;
  cells[o + C_IS_PILOT] = cell.technology === PILOT_TECHNOLOGY ? 1 : 0;
  for (const environment of ENVIRONMENT_CLASSES) {
    const e = environmentIndex(environment);
    const c = pathLossCoefficients(cell.frequencyMhz, hataHeightM, area.settings.receiverHeightM, environment, area.calibration);
    cells[o + C_INTERCEPT_DB + e] = c.interceptDb;
    cells[o + C_SLOPE_DB + e] = c.slopeDbPerDecade;
    cells[o + C_FREE_SPACE_INTERCEPT_DB] = c.freeSpaceInterceptDb;
    cells[o + C_FREQUENCY_EXTRAPOLATED] = c.frequencyExtrapolated ? 1 : 0;
  }
  cells[o + C_REACH_M] = cellReachM(cells, o / CELL_STRIDE, area.environmentsPresent, cutoff);
}

/**
 * Distance beyond which a prepared cell stays below levelDbm even on boresight in the most
 * favourable environment class of `environmentsPresent` (bitmask), m, capped at MAX_REACH_M.
 * Loss = max(model, free space) is increasing, so it reaches EIRP - level at the nearer root.
 */
export function cellReachM(cells: Float64Array, cell: number, environmentsPresent: number, levelDbm: number): number {
  const o = cell * CELL_STRIDE;
  const budgetDb = cells[o + C_EIRP_DBM] - levelDbm;
  let reachLog10Km = VERTICAL_MIN_LOG10_KM;
  for (let e = 0; e < ENVIRONMENT_CLASSES.length; e++) {
    if ((environmentsPresent & (1 << e)) === 0) continue;
    const x = Math.min(
      (budgetDb - cells[o + C_INTERCEPT_DB + e]) / cells[o + C_SLOPE_DB + e],
      (budgetDb - cells[o + C_FREE_SPACE_INTERCEPT_DB]) / 20,
    );
    reachLog10Km = Math.max(reachLog10Km, x);
  }
  return Math.min(MAX_REACH_M, 1000 * 10 ** reachLog10Km);
}

/**
 * Flatten the cells of a run into per-cell constants (EIRP, own-technology threshold, grid azimuth
 * corrected for meridian convergence, intercept/slope per environment class, free-space floor, reach
 * radius at threshold - cutoff margin) and per-site records. Cells at the same lon/lat form one site.
 * `sourceIndexOffset` is added to each cell's index in `cells` (what-if cells follow the base list).
 * A cell with a parameter out of range (isUsableCell) is skipped, never computed nor fatal to the run:
 * callers report it (splitUsableCells).
 */
export function prepareCells(
  area: PreparedArea,
  cells: readonly CellSpec[],
  technology: CoverageTechnology,
  sourceIndexOffset = 0,
): PreparedCells {
  const bySite = new Map<string, number[]>();
  cells.forEach((cell, index) => {
    if (!technologyIncluded(technology, cell.technology) || !isUsableCell(cell)) return;
    const key = `${cell.lon},${cell.lat}`;
    const members = bySite.get(key);
    if (members) members.push(index);
    else bySite.set(key, [index]);
  });
  const cellCount = [...bySite.values()].reduce((n, m) => n + m.length, 0);
  const out: PreparedCells = {
    technology,
    cellCount,
    siteCount: bySite.size,
    cells: sharedFloat64(cellCount * CELL_STRIDE),
    sites: sharedFloat64(bySite.size * SITE_STRIDE),
    vertical: sharedFloat32(cellCount * VERTICAL_TABLE_LENGTH),
    verticalFloor: sharedFloat32(cellCount * VERTICAL_TABLE_LENGTH),
    marginEnvelope: sharedFloat64(ENVIRONMENT_SETS * ENVELOPE_LENGTH).fill(Number.NEGATIVE_INFINITY),
    pilotEnvelope: sharedFloat64(ENVIRONMENT_SETS * ENVELOPE_LENGTH).fill(Number.NEGATIVE_INFINITY),
    cutoffMarginDb: area.cutoffMarginDb,
    pilotCutoffDbm: Number.POSITIVE_INFINITY,
    terrain: null,
  };
  const heights = propagationGroundM(area);
  const stepM = terrainStepM(area);
  // With a DEM: each cell's table (one per site, mast height and frequency), gathered then copied to shared memory.
  const ratioChunks: { offset: number; values: Float32Array }[] = [];
  const diffractionChunks: { offset: number; values: Float32Array }[] = [];
  const cellRatioOffset = sharedInt32(heights ? cellCount : 0);
  const cellDiffractionOffset = sharedInt32(heights ? cellCount : 0);
  const cellSamples = sharedInt32(heights ? cellCount : 0);
  const cellHataHeightM = sharedFloat64(heights ? cellCount : 0);
  let ratioLength = 0;
  let diffractionLength = 0;
  const projection = utmProjection(area.grid.epsg);
  // Sectors of a site mostly share height and tilt: their vertical tables are computed once.
  const verticalOffsets = new Map<string, number>();
  let next = 0;
  let siteIndex = 0;
  for (const members of bySite.values()) {
    const first = cells[members[0]];
    const [x, y] = projection.forward([first.lon, first.lat]);
    const gridNorthDeg = gridNorthBearingDeg(area.grid.epsg, first.lon, first.lat);
    const s = siteIndex * SITE_STRIDE;
    out.sites[s + S_X] = x;
    out.sites[s + S_Y] = y;
    out.sites[s + S_FIRST_CELL] = next;
    out.sites[s + S_CELL_COUNT] = members.length;
    let reachM = 0;
    const siteTerrainAndHeights = heights
      ? siteTerrainOf(area, heights, cells, members, x, y, sourceIndexOffset, siteIndex, gridNorthDeg)
      : null;
    const terrain = siteTerrainAndHeights?.terrain ?? null;
    // Tables shared by the site's cells: the height ratio by mast height and Hata height, the diffraction by mast height and frequency.
    const siteRatios = new Map<string, number>();
    const siteDiffractions = new Map<string, number>();
    for (const [m, index] of members.entries()) {
      const o = next * CELL_STRIDE;
      const hataHeightM = siteTerrainAndHeights ? siteTerrainAndHeights.hataHeightM[m] : cells[index].heightM;
      writeCell(area, cells[index], index + sourceIndexOffset, siteIndex, out.cells, o, gridNorthDeg, hataHeightM);
      if (terrain) {
        const size = TERRAIN_RADIALS * terrain.samples;
        const ratioKey = `${cells[index].heightM}/${hataHeightM}`;
        let ratioOffset = siteRatios.get(ratioKey);
        if (ratioOffset === undefined) {
          ratioOffset = ratioLength;
          const values = new Float32Array(size);
          fillHeightRatio(terrain, cells[index].heightM, hataHeightM, values, 0);
          ratioChunks.push({ offset: ratioOffset, values });
          ratioLength += size;
          siteRatios.set(ratioKey, ratioOffset);
        }
        const diffractionKey = `${cells[index].heightM}/${cells[index].frequencyMhz}`;
        let diffractionOffset = siteDiffractions.get(diffractionKey);
        if (diffractionOffset === undefined) {
          diffractionOffset = diffractionLength;
          const values = new Float32Array(size);
          fillDiffraction(terrain, cells[index], area.settings.receiverHeightM, values, 0);
          diffractionChunks.push({ offset: diffractionOffset, values });
          diffractionLength += size;
          siteDiffractions.set(diffractionKey, diffractionOffset);
        }
        cellRatioOffset[next] = ratioOffset;
        cellDiffractionOffset[next] = diffractionOffset;
        cellHataHeightM[next] = hataHeightM;
        cellSamples[next] = terrain.samples;
      }
      const verticalKey = `${cells[index].heightM}/${cells[index].tiltDeg}`;
      const sameTable = verticalOffsets.get(verticalKey);
      if (sameTable === undefined) {
        verticalOffsets.set(verticalKey, next * VERTICAL_TABLE_LENGTH);
        fillVerticalTable(out.vertical, next * VERTICAL_TABLE_LENGTH, cells[index], area.settings.receiverHeightM);
        fillVerticalFloor(out.vertical, out.verticalFloor, next * VERTICAL_TABLE_LENGTH);
      } else {
        out.vertical.copyWithin(next * VERTICAL_TABLE_LENGTH, sameTable, sameTable + VERTICAL_TABLE_LENGTH);
        out.verticalFloor.copyWithin(next * VERTICAL_TABLE_LENGTH, sameTable, sameTable + VERTICAL_TABLE_LENGTH);
      }
      reachM = Math.max(reachM, out.cells[o + C_REACH_M]);
      next++;
    }
    out.sites[s + S_REACH_M] = reachM;
    siteIndex++;
  }
  if (heights) {
    const heightRatio = sharedFloat32(ratioLength);
    for (const chunk of ratioChunks) heightRatio.set(chunk.values, chunk.offset);
    const diffractionDb = sharedFloat32(diffractionLength);
    for (const chunk of diffractionChunks) diffractionDb.set(chunk.values, chunk.offset);
    out.terrain = { stepM, cellRatioOffset, cellDiffractionOffset, cellSamples, cellHataHeightM, heightRatio, diffractionDb };
  }
  fillEnvelopes(area, out);
  return out;
}

/**
 * The terrain the engine uses for one cell (point answers): its site's radial profiles and its Hata
 * height (heffMax), as prepareCells computes them (the height is the cell's own, whatever else stands
 * on the site). Null without a DEM.
 */
export function cellTerrain(area: PreparedArea, cell: CellSpec): { terrain: SiteTerrain; hataHeightM: number } | null {
  const ground = propagationGroundM(area);
  if (!ground) return null;
  const [x, y] = utmProjection(area.grid.epsg).forward([cell.lon, cell.lat]);
  const { terrain, hataHeightM } = siteTerrainOf(area, ground, [cell], [0], x, y, 0, 0, 0);
  return { terrain, hataHeightM: hataHeightM[0] };
}

/**
 * A site's radial profiles, as far as its cells reach within the area's grid, and the Hata height of
 * each member (its highest effective height, heffMax). Each cell's reach is first bounded with the
 * highest effective height the area's lowest ground allows (every mean of a profile is at least it);
 * its heffMax is the highest over the samples that far (a cell's own, whatever else stands on the
 * site, so a what-if cell gets the numbers a full recompute gives it). The tables stop at the site's
 * reach with those heights: beyond, every pixel is under every cut-off of the site whatever its
 * entry (the last sample's).
 */
function siteTerrainOf(
  area: PreparedArea,
  heights: Float32Array,
  cells: readonly CellSpec[],
  members: number[],
  x: number,
  y: number,
  sourceIndexOffset: number,
  siteIndex: number,
  gridNorthDeg: number,
): { terrain: SiteTerrain; hataHeightM: number[] } {
  const stepM = terrainStepM(area);
  const lowM = lowestGroundM(heights);
  const farM = farthestPixelM(area, x, y);
  const siteGroundM = siteTerrain(area, heights, x, y, 1).groundM;
  // A scratch record (the cells are written for real by the caller).
  const scratch = new Float64Array(CELL_STRIDE);
  const reachOf = (index: number, hataHeightM: number): number => {
    writeCell(area, cells[index], index + sourceIndexOffset, siteIndex, scratch, 0, gridNorthDeg, hataHeightM);
    return Math.min(scratch[C_REACH_M], farM);
  };
  const firstReachM = members.map((index) => reachOf(index, effectiveBaseHeight(cells[index].heightM, siteGroundM, lowM).heightM));
  const long = siteTerrain(area, heights, x, y, samplesToReach(stepM, Math.max(...firstReachM)));
  const hataHeightM = members.map((index, m) => highestEffectiveHeightM(cells[index].heightM, long, firstReachM[m]));
  const reachM = Math.max(...members.map((index, m) => reachOf(index, hataHeightM[m])));
  const samples = samplesToReach(stepM, reachM);
  const terrain = samples >= long.samples ? long : siteTerrain(area, heights, x, y, samples);
  return { terrain, hataHeightM };
}

/** Least loss of a cell over the environment classes present in the area at log10(d km) = x, dB. */
function leastLossDb(cells: Float64Array, o: number, environmentsPresent: number, x: number): number {
  let least = Number.POSITIVE_INFINITY;
  for (let e = 0; e < ENVIRONMENT_CLASSES.length; e++) {
    if ((environmentsPresent & (1 << e)) === 0) continue;
    least = Math.min(least, cells[o + C_INTERCEPT_DB + e] + cells[o + C_SLOPE_DB + e] * x);
  }
  return Math.max(least, cells[o + C_FREE_SPACE_INTERCEPT_DB] + 20 * x);
}

function fillEnvelopes(area: PreparedArea, out: PreparedCells): void {
  // Per environment class first (the highest margin and pilot level of any cell at each distance),
  // then each set of classes as the maximum over its classes: max commutes with subtracting a
  // threshold, so this equals taking each cell's maximum over the set, in far fewer steps.
  const classes = ENVIRONMENT_CLASSES.length;
  const marginIn = new Float64Array(classes * ENVELOPE_LENGTH).fill(Number.NEGATIVE_INFINITY);
  const pilotIn = new Float64Array(classes * ENVELOPE_LENGTH).fill(Number.NEGATIVE_INFINITY);
  for (let c = 0; c < out.cellCount; c++) {
    const o = c * CELL_STRIDE;
    const isPilot = out.cells[o + C_IS_PILOT] === 1;
    if (isPilot) out.pilotCutoffDbm = Math.min(out.pilotCutoffDbm, out.cells[o + C_CUTOFF_DBM]);
    const thresholdDbm = out.cells[o + C_THRESHOLD_DBM];
    for (let e = 0; e < classes; e++) {
      // Classes the area lacks never occur in a block: a set with one gets no bound (+Infinity).
      const absent = (area.environmentsPresent & (1 << e)) === 0;
      for (let j = 0; j < ENVELOPE_LENGTH; j++) {
        const x = VERTICAL_MIN_LOG10_KM + j / ENVELOPE_STEPS_PER_DECADE;
        // 1e-4 dB covers the float32 rounding of levels; the vertical attenuation is at least its floor from x on.
        const leastVerticalDb = out.verticalFloor[c * VERTICAL_TABLE_LENGTH + verticalPositionAtOrBefore(x)];
        const level = absent
          ? Number.POSITIVE_INFINITY
          : out.cells[o + C_EIRP_DBM] - leastLossDb(out.cells, o, 1 << e, x) - leastVerticalDb + 1e-4;
        const k = e * ENVELOPE_LENGTH + j;
        if (level - thresholdDbm > marginIn[k]) marginIn[k] = level - thresholdDbm;
        if (isPilot && level > pilotIn[k]) pilotIn[k] = level;
      }
    }
  }
  for (let b = 1; b < ENVIRONMENT_SETS; b++) {
    for (let e = 0; e < classes; e++) {
      if ((b & (1 << e)) === 0) continue;
      for (let j = 0; j < ENVELOPE_LENGTH; j++) {
        const k = b * ENVELOPE_LENGTH + j;
        out.marginEnvelope[k] = Math.max(out.marginEnvelope[k], marginIn[e * ENVELOPE_LENGTH + j]);
        out.pilotEnvelope[k] = Math.max(out.pilotEnvelope[k], pilotIn[e * ENVELOPE_LENGTH + j]);
      }
    }
  }
}

/**
 * Distance from which no cell of the run can reach `minMargin` (level - own threshold, dB) nor, for
 * pilots, `minPilotDbm`, at pixels whose environment classes are in `environmentBits` (default: any
 * class of the area), by the run's envelopes, m. Sites at least this far away can be skipped.
 */
export function envelopeStopDistanceM(
  prepared: PreparedCells,
  minMargin: number,
  minPilotDbm: number,
  environmentBits = ENVIRONMENT_SETS - 1,
): number {
  const base = (environmentBits & (ENVIRONMENT_SETS - 1) || ENVIRONMENT_SETS - 1) * ENVELOPE_LENGTH;
  const marginStop = firstBelow(prepared.marginEnvelope, base, minMargin);
  const pilotStop = firstBelow(prepared.pilotEnvelope, base, minPilotDbm);
  const j = Math.max(marginStop, pilotStop);
  if (j >= ENVELOPE_LENGTH) return Number.POSITIVE_INFINITY;
  return 1000 * 10 ** (VERTICAL_MIN_LOG10_KM + j / ENVELOPE_STEPS_PER_DECADE);
}

/** First index of a non-increasing table of ENVELOPE_LENGTH values at `base` whose value is below `limit` (ENVELOPE_LENGTH if none). */
function firstBelow(table: Float64Array, base: number, limit: number): number {
  let lo = 0;
  let hi = ENVELOPE_LENGTH;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table[base + mid] < limit) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Own-technology outdoor threshold per input cell, dBm (NaN for cells outside the run). */
export function cellThresholds(area: PreparedArea, cells: readonly CellSpec[], technology: CoverageTechnology): Float64Array {
  return Float64Array.from(cells, (cell) =>
    technologyIncluded(technology, cell.technology) ? area.settings.thresholdsDbm[cell.technology] : Number.NaN,
  );
}
