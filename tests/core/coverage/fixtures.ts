import type { CoverageInputs } from '../../../server/core/coverage/prepared-area.ts';
import { type AreaSettings, type CellSpec, type EnvironmentClass, resolveAreaSettings } from '../../../server/core/model.ts';

/** Centre of the synthetic test areas (Daqing), [lon, lat]. */
export const CENTRE: [number, number] = [124.9, 46.6];
const KM_PER_DEG_LAT = 111.2;

/** [lon, lat] of a point east/north of CENTRE by the given km (flat-earth, fine for tests). */
export function offsetKm(eastKm: number, northKm: number): [number, number] {
  const kmPerDegLon = KM_PER_DEG_LAT * Math.cos((CENTRE[1] * Math.PI) / 180);
  return [CENTRE[0] + eastKm / kmPerDegLon, CENTRE[1] + northKm / KM_PER_DEG_LAT];
}

/** Axis-aligned (in lon/lat) rectangle around CENTRE, half-sizes in km. */
export function rectangleKm(westKm: number, southKm: number, eastKm: number, northKm: number): GeoJSON.Polygon {
  const sw = offsetKm(westKm, southKm);
  const ne = offsetKm(eastKm, northKm);
  return { type: 'Polygon', coordinates: [[sw, [ne[0], sw[1]], ne, [sw[0], ne[1]], sw]] };
}

/** A square area of 2·halfKm a side around CENTRE, one environment class, no clutter or people. */
export function squareArea(
  halfKm: number,
  settings: Partial<AreaSettings> = {},
  environment: EnvironmentClass = 'suburban',
): CoverageInputs {
  return {
    boundary: rectangleKm(-halfKm, -halfKm, halfKm, halfKm),
    settings: resolveAreaSettings({ defaultEnvironment: environment, ...settings }),
    clutter: [],
    settlements: [],
  };
}

let counter = 0;

/** A GSM 900 omni cell at CENTRE unless overridden. */
export function makeCell(overrides: Partial<CellSpec> = {}): CellSpec {
  counter++;
  return {
    key: `S${counter}/1`,
    siteCode: `S${counter}`,
    cellCode: '1',
    technology: 'GSM',
    frequencyMhz: 900,
    heightM: 30,
    azimuthDeg: null,
    beamwidthDeg: 65,
    tiltDeg: 0,
    powerDbm: 40,
    gainDbi: 12,
    lossDb: 2,
    lon: CENTRE[0],
    lat: CENTRE[1],
    ...overrides,
  };
}
