import { type CellSpec, resolveAreaSettings } from '../model.ts';
import { computeCoverageRaster } from './coverage-raster.ts';
import { type PreparedArea, prepareArea } from './prepared-area.ts';
import { addCellsIncremental } from './what-if.ts';

/** A small synthetic network used to compile the engine's code paths before the first real request. */
export interface WarmUpScene {
  area: PreparedArea;
  /** Sector and omni cells of both networks. */
  cells: CellSpec[];
  /** One 3-sector CDMA candidate inside the area, for the what-if path. */
  candidate: CellSpec[];
}

const LON0 = 125;
const LAT0 = 46.5;

function cell(key: string, technology: 'GSM' | 'CDMA', lon: number, lat: number, azimuthDeg: number | null, j: number): CellSpec {
  return {
    key: `${key}/${j}`,
    siteCode: key,
    cellCode: String(j),
    technology,
    frequencyMhz: technology === 'CDMA' ? 870 : 940,
    heightM: 30,
    azimuthDeg,
    beamwidthDeg: 65,
    tiltDeg: 4,
    powerDbm: 43,
    gainDbi: 15,
    lossDb: 3,
    lon,
    lat,
  };
}

/**
 * About 9 × 9 km (four tiles at 25 m) with urban, suburban and rural pixels, nine sites of both
 * networks (sectors and one omni), whose tiles exercise every path of the tile kernel.
 */
export function warmUpScene(): WarmUpScene {
  const square = (half: number): GeoJSON.Polygon => ({
    type: 'Polygon',
    coordinates: [
      [
        [LON0 - half, LAT0 - half * 0.7],
        [LON0 + half, LAT0 - half * 0.7],
        [LON0 + half, LAT0 + half * 0.7],
        [LON0 - half, LAT0 + half * 0.7],
        [LON0 - half, LAT0 - half * 0.7],
      ],
    ],
  });
  const area = prepareArea({
    boundary: square(0.06),
    settings: resolveAreaSettings({ resolutionM: 25, defaultEnvironment: 'rural' }),
    clutter: [
      { environment: 'suburban', geometry: square(0.03) },
      { environment: 'urban', geometry: square(0.012) },
    ],
    settlements: [],
  });
  const cells: CellSpec[] = [];
  for (let k = 0; k < 9; k++) {
    const technology = k % 3 === 2 ? 'CDMA' : 'GSM';
    const lon = LON0 - 0.05 + (k % 3) * 0.05;
    const lat = LAT0 - 0.03 + Math.floor(k / 3) * 0.03;
    const sectors = k === 4 ? [null] : [0, 120, 240];
    sectors.forEach((azimuthDeg, j) => cells.push(cell(`W${k}`, technology, lon, lat, azimuthDeg === null ? null : azimuthDeg + k * 7, j)));
  }
  const candidate = [0, 120, 240].map((azimuthDeg, j) => cell('WC', 'CDMA', LON0 + 0.025, LAT0 + 0.015, azimuthDeg + 20, j));
  return { area, cells, candidate };
}

/**
 * Compile the in-thread what-if path (planning ranks candidates with it on the main thread): a CDMA
 * raster of the scene, then the candidate added outdoors and indoors a few times. Without it the
 * first what-if after start takes several times as long as the later ones. Tens of ms of CPU.
 */
export function warmUpWhatIfInThread(rounds = 3): void {
  const scene = warmUpScene();
  const raster = computeCoverageRaster(scene.area, scene.cells, 'CDMA');
  for (let round = 0; round < rounds; round++) {
    for (const indoor of [false, true]) addCellsIncremental(scene.area, raster, scene.candidate, { indoor });
  }
}
