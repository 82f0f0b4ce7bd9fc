import { pointQuery, type PointServer } from '../coverage/point-query.ts';
import type { PreparedArea } from '../coverage/prepared-area.ts';
import type { AreaSettings, CellSpec, EnvironmentClass, Technology } from '../model.ts';
import { FREE_SPACE_SLOPE_DB_PER_DECADE, freeSpaceInterceptDb } from '../radio/free-space-loss.ts';
import { MIN_DISTANCE_KM, type PathLossCalibration } from '../radio/path-loss.ts';

/** One drive-test sample as calibration needs it. Coordinates WGS84 degrees. */
export interface DriveTestSample {
  lon: number;
  lat: number;
  technology: Technology;
  /** Measured level, dBm. */
  levelDbm: number;
  /** Serving cell as "SITE/CELL" (CellSpec.key); null when the handset had none. */
  servingCell: string | null;
  /** Environment class at the sample (the engine's, e.g. environmentAt on the prepared area). */
  environment: EnvironmentClass;
}

/** The engine's prediction for one sample. */
export interface SamplePrediction {
  /** CellSpec.key of the predicted cell: the serving cell, else the best server. */
  cell: string;
  predictedDbm: number;
  distanceKm: number;
  /** log10 of the distance as the path-loss model evaluates it (clamped at MIN_DISTANCE_KM). */
  log10DistanceKm: number;
  /** The loss sits on the free-space floor, so a calibration term does not change it. */
  atFreeSpaceFloor: boolean;
}

/** Cells of a network, indexed for repeated predictions. */
export interface CellIndex {
  byKey: ReadonlyMap<string, CellSpec>;
  byTechnology: ReadonlyMap<Technology, readonly CellSpec[]>;
}

export function indexCells(cells: readonly CellSpec[]): CellIndex {
  const byKey = new Map<string, CellSpec>();
  const byTechnology = new Map<Technology, CellSpec[]>();
  for (const cell of cells) {
    byKey.set(cell.key, cell);
    const list = byTechnology.get(cell.technology) ?? [];
    list.push(cell);
    byTechnology.set(cell.technology, list);
  }
  return { byKey, byTechnology };
}

/** Why a sample has no prediction. */
export type PredictionFailure = 'unknown-serving-cell' | 'no-server';

/**
 * Predicted level of a sample through the engine's exact point query (pointQuery, no cut-off):
 * the named serving cell when it is known and of the sample's technology, else the best server
 * of that technology. Path loss at the sample's environment class, with `calibration` applied.
 */
export function predictSample(
  sample: DriveTestSample,
  cells: CellIndex,
  settings: AreaSettings,
  calibration: PathLossCalibration | null,
  terrainArea: PreparedArea | null = null,
): SamplePrediction | PredictionFailure {
  let candidates: readonly CellSpec[];
  if (sample.servingCell !== null) {
    const serving = cells.byKey.get(sample.servingCell);
    if (!serving || serving.technology !== sample.technology) return 'unknown-serving-cell';
    candidates = [serving];
  } else {
    candidates = cells.byTechnology.get(sample.technology) ?? [];
  }
  // With a DEM the prediction takes the engine's terrain terms, so the fit calibrates what terrain leaves.
  const options = { calibration, cutoffMarginDb: Number.POSITIVE_INFINITY, terrainArea };
  const best = pointQuery(candidates, sample.environment, settings, sample.lon, sample.lat, sample.technology, options).servers[0];
  if (!best) return 'no-server';
  const cell = candidates[best.cellIndex];
  const log10DistanceKm = Math.log10(Math.max(best.distanceKm, MIN_DISTANCE_KM));
  return {
    cell: best.cell,
    predictedDbm: best.levelDbm,
    distanceKm: best.distanceKm,
    log10DistanceKm,
    atFreeSpaceFloor: onFreeSpaceFloor(best, cell.frequencyMhz, log10DistanceKm),
  };
}

function onFreeSpaceFloor(server: PointServer, frequencyMhz: number, log10DistanceKm: number): boolean {
  const freeSpaceDb = freeSpaceInterceptDb(frequencyMhz) + FREE_SPACE_SLOPE_DB_PER_DECADE * log10DistanceKm;
  // The diffraction is added after the floor (terrain-tables.ts).
  return server.pathLossDb - (server.terrain?.diffractionLossDb ?? 0) <= freeSpaceDb + 1e-9;
}
