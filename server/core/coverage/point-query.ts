import { lonLatToPixel } from '../geo/grid-lookup.ts';
import { type AreaSettings, type CellSpec, ENVIRONMENT_CLASSES, type EnvironmentClass, type Technology } from '../model.ts';
import { antennaAttenuationDb, depressionAngleDeg } from '../radio/antenna-pattern.ts';
import { receivedLevelDbm } from '../radio/link-budget.ts';
import { type PathLossCalibration, pathLossDb } from '../radio/path-loss.ts';
import { utmProjection } from '../geo/utm-projection.ts';
import { type CoverageTechnology, cellTerrain, technologyIncluded } from './cell-table.ts';
import { localGeodesic } from './local-geodesic.ts';
import { DEFAULT_CUTOFF_MARGIN_DB, type PreparedArea, propagationGroundM } from './prepared-area.ts';
import { type TerrainDetail, terrainDetail } from './terrain-tables.ts';
import { isUsableCell } from './usable-cells.ts';

/** A server's terrain at the point: the profile and the terms the engine adds (terrain-tables.ts). */
export interface PointTerrain {
  /** Effective base-station height used in Hata's formula, m, and whether it was clamped to its range. */
  effectiveHeightM: number;
  effectiveHeightClamped: boolean;
  /** Mast + site ground - mean ground before clamping, m. */
  unclampedEffectiveHeightM: number;
  siteGroundM: number;
  /** Diffraction loss added (Deygout over the profile less the same over flat ground, >= 0), dB. */
  diffractionLossDb: number;
  deygoutLossDb: number;
  flatGroundLossDb: number;
  /** The table sample the engine uses: its radial's bearing (UTM grid) and distance. */
  radialBearingDeg: number;
  sampleDistanceM: number;
  profile: TerrainDetail['profile'];
  /** The edges found (Deygout: principal, then one on each side), with v and J(v). */
  edges: { role: string; distanceM: number; v: number; lossDb: number }[];
}

export interface PointServer {
  /** CellSpec.key */
  cell: string;
  /** Index in the cells passed. */
  cellIndex: number;
  technology: Technology;
  levelDbm: number;
  pathLossDb: number;
  antennaAttenuationDb: number;
  distanceKm: number;
  /** Path loss extrapolated beyond the model's distance or frequency range. */
  extrapolated: boolean;
  /** With a DEM: the terrain between the antenna and the point (pathLossDb includes its terms). */
  terrain?: PointTerrain;
}

export interface PointQueryResult {
  /** Level of the best server (by margin over its own threshold), dBm; null without servers. */
  levelDbm: number | null;
  bestCell: string | null;
  /** Network of the best server, and its margin over that network's threshold, dB (outdoor). */
  bestTechnology: Technology | null;
  bestMarginDb: number | null;
  /**
   * The strongest signal among the servers, whatever its network's threshold: for an 'any' query it
   * may differ from the best server (a G-net cell at -72 dBm while a C-net cell has the best margin).
   */
  strongest: PointServer | null;
  covered: boolean;
  /** Servers above threshold - cut-off margin, best first. */
  servers: PointServer[];
}

export interface PointQueryOptions {
  calibration?: PathLossCalibration | null;
  /** Judge coverage against threshold + settings.indoorPenetrationLossDb. */
  indoor?: boolean;
  cutoffMarginDb?: number;
  /**
   * The prepared area, when it has a DEM (groundHeightM): each server's path loss takes the engine's
   * terrain terms at the point (effective height, diffraction) and its answer carries the profile.
   */
  terrainArea?: PreparedArea | null;
}

function serverAt(
  cell: CellSpec,
  index: number,
  environment: EnvironmentClass,
  settings: AreaSettings,
  lon: number,
  lat: number,
  options: PointQueryOptions,
): PointServer {
  const { distanceKm, bearingDeg } = localGeodesic(cell.lon, cell.lat, lon, lat);
  const terrain = pointTerrain(options.terrainArea ?? null, cell, lon, lat);
  const loss = pathLossDb(
    {
      frequencyMhz: cell.frequencyMhz,
      baseHeightM: terrain ? terrain.effectiveHeightM : cell.heightM,
      mobileHeightM: settings.receiverHeightM,
      distanceKm,
      environment,
    },
    options.calibration,
  );
  if (terrain) loss.lossDb += terrain.diffractionLossDb;
  const depressionDeg = depressionAngleDeg(cell.heightM, settings.receiverHeightM, Math.max(distanceKm, 0.01) * 1000);
  const attenuationDb = antennaAttenuationDb(cell, bearingDeg, depressionDeg);
  return {
    cell: cell.key,
    cellIndex: index,
    technology: cell.technology,
    levelDbm: receivedLevelDbm(cell, loss.lossDb, attenuationDb),
    pathLossDb: loss.lossDb,
    antennaAttenuationDb: attenuationDb,
    distanceKm,
    extrapolated: loss.extrapolated,
    ...(terrain ? { terrain } : {}),
  };
}

const cellTerrains = new WeakMap<Float32Array, Map<string, ReturnType<typeof cellTerrain>>>();

/** cellTerrain, kept per DEM and cell (a calibration asks for the same cells at thousands of points). */
function cachedCellTerrain(area: PreparedArea, cell: CellSpec): ReturnType<typeof cellTerrain> {
  const heights = propagationGroundM(area);
  if (!heights) return null;
  let byCell = cellTerrains.get(heights);
  if (!byCell) {
    byCell = new Map();
    cellTerrains.set(heights, byCell);
  }
  const key = `${area.grid.resolutionM}|${area.settings.receiverHeightM}|${JSON.stringify(area.settings.thresholdsDbm)}|${JSON.stringify(area.calibration)}|${JSON.stringify(cell)}`;
  let found = byCell.get(key);
  if (found === undefined) {
    found = cellTerrain(area, cell);
    byCell.set(key, found);
  }
  return found;
}

/**
 * The engine's terrain terms for a cell at a point (the table sample of the point's pixel position:
 * nearest radial and sample from the site, see terrain-tables.ts) and the profile behind them.
 */
function pointTerrain(area: PreparedArea | null, cell: CellSpec, lon: number, lat: number): PointTerrain | null {
  if (!area || !propagationGroundM(area)) return null;
  const found = cachedCellTerrain(area, cell);
  if (!found) return null;
  const projection = utmProjection(area.grid.epsg);
  const [sx, sy] = projection.forward([cell.lon, cell.lat]);
  const [px, py] = projection.forward([lon, lat]);
  const detail = terrainDetail(area, found.terrain, cell, found.hataHeightM, px - sx, py - sy);
  return {
    effectiveHeightM: detail.effectiveHeight.heightM,
    effectiveHeightClamped: detail.effectiveHeight.clamped,
    unclampedEffectiveHeightM: detail.effectiveHeight.unclampedM,
    siteGroundM: detail.siteGroundM,
    diffractionLossDb: detail.diffractionLossDb,
    deygoutLossDb: detail.deygoutLossDb,
    flatGroundLossDb: detail.flatGroundLossDb,
    radialBearingDeg: detail.radialBearingDeg,
    sampleDistanceM: detail.sampleDistanceM,
    profile: detail.profile,
    edges: detail.edges.map((e) => ({ role: e.role, distanceM: e.distanceM, v: e.v, lossDb: e.lossDb })),
  };
}

/**
 * Exact link budget of every cell of a run at one [lon, lat] point (not read from a raster):
 * local ellipsoidal distance and bearing, path loss by frequency in `environmentAtPoint`, 3GPP
 * antenna pattern. The best server maximises level - own-technology threshold; covered when that
 * margin is >= 0 (>= indoorPenetrationLossDb indoors). The strongest server (highest level, first
 * cell on ties) is reported beside it. Servers below threshold - cut-off are omitted, and so are
 * cells with a parameter out of range (isUsableCell), as the raster skips them.
 */
export function pointQuery(
  cells: readonly CellSpec[],
  environmentAtPoint: EnvironmentClass,
  settings: AreaSettings,
  lon: number,
  lat: number,
  technology: CoverageTechnology,
  options: PointQueryOptions = {},
): PointQueryResult {
  const cutoffMarginDb = options.cutoffMarginDb ?? DEFAULT_CUTOFF_MARGIN_DB;
  const margin = (s: PointServer) => s.levelDbm - settings.thresholdsDbm[s.technology];
  const servers = cells
    .map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => technologyIncluded(technology, cell.technology) && isUsableCell(cell))
    .map(({ cell, index }) => serverAt(cell, index, environmentAtPoint, settings, lon, lat, options))
    .filter((s) => margin(s) >= -cutoffMarginDb)
    .sort((a, b) => margin(b) - margin(a) || a.cellIndex - b.cellIndex);
  const best = servers[0];
  let strongest: PointServer | null = null;
  for (const s of servers)
    if (!strongest || s.levelDbm > strongest.levelDbm || (s.levelDbm === strongest.levelDbm && s.cellIndex < strongest.cellIndex))
      strongest = s;
  const extraLossDb = options.indoor ? settings.indoorPenetrationLossDb : 0;
  return {
    levelDbm: best ? best.levelDbm : null,
    bestCell: best ? best.cell : null,
    bestTechnology: best ? best.technology : null,
    bestMarginDb: best ? margin(best) : null,
    strongest,
    covered: best !== undefined && margin(best) >= extraLossDb,
    servers,
  };
}

/** Environment class of the pixel under a [lon, lat] point; the area's default class off the grid. */
export function environmentAt(prepared: PreparedArea, lon: number, lat: number): EnvironmentClass {
  const pixel = lonLatToPixel(prepared.grid, lon, lat);
  return pixel ? ENVIRONMENT_CLASSES[prepared.environment[pixel.index]] : prepared.settings.defaultEnvironment;
}
