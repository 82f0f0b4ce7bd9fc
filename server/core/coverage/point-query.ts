import { lonLatToPixel } from '../geo/grid-lookup.ts';
import { type AreaSettings, type CellSpec, ENVIRONMENT_CLASSES, type EnvironmentClass, type Technology } from '../model.ts';
import { antennaAttenuationDb, depressionAngleDeg } from '../radio/antenna-pattern.ts';
import { receivedLevelDbm } from '../radio/link-budget.ts';
import { type PathLossCalibration, pathLossDb } from '../radio/path-loss.ts';
import { type CoverageTechnology, technologyIncluded } from './cell-table.ts';
import { localGeodesic } from './local-geodesic.ts';
import { DEFAULT_CUTOFF_MARGIN_DB, type PreparedArea } from './prepared-area.ts';
import { isUsableCell } from './usable-cells.ts';

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
  const loss = pathLossDb(
    { frequencyMhz: cell.frequencyMhz, baseHeightM: cell.heightM, mobileHeightM: settings.receiverHeightM, distanceKm, environment },
    options.calibration,
  );
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
