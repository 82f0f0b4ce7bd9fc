/**
 * A small drive-test survey (June 2006): four routes along roads between the clusters, one sample every
 * 50 m for each network. Level = Okumura-Hata best server + environment bias + log-normal shadowing
 * (sigma 7 dB, exponentially correlated along the route with 100 m decorrelation distance, Gudmundson 1991).
 */
import type { CellSpec, EnvironmentClass, LonLat } from '../../server/core/model.ts';
import type { DistrictBoundary } from './boundary.ts';
import type { ClutterIndex } from './clutter.ts';
import { deltaKm, offsetKm, roundPoint } from './geo.ts';
import { bestServer } from './hata.ts';
import type { Random } from './prng.ts';
import { dayOf2006, localTimestamp } from './time.ts';

export const SURVEY_NAME = 'DT-2006-06';
export const SAMPLE_SPACING_KM = 0.05;
export const SHADOWING_SIGMA_DB = 7;
export const DECORRELATION_KM = 0.1;
/** The real network is this much stronger than the model (what calibration should find), dB. */
export const ENVIRONMENT_BIAS_DB: Record<EnvironmentClass, number> = { 'urban-large': 3, urban: 3, suburban: 0, rural: -2 };
/** Strongest level a handset reports (receiver saturation), dBm. */
export const MAX_LEVEL_DBM = -40;
/** Below this the handset has no serving cell, dBm. */
export const NO_SERVICE_DBM = -104;

interface Route {
  code: string;
  name: string;
  date: string;
  startSecondsOfDay: number;
  waypoints: LonLat[];
}

const ROUTES: readonly Route[] = [
  {
    code: 'R1',
    name: '乘风-让胡路-龙南',
    date: '2006-06-12',
    startSecondsOfDay: 9 * 3600 + 30 * 60,
    waypoints: [
      [124.8052, 46.6702],
      [124.8352, 46.6602],
      [124.8625, 46.6555],
      [124.8702, 46.6302],
      [124.8795, 46.6005],
      [124.8842, 46.5884],
      [124.8852, 46.5652],
    ],
  },
  {
    code: 'R2',
    name: '让胡路-丽水华城-东湖',
    date: '2006-06-12',
    startSecondsOfDay: 14 * 3600,
    waypoints: [
      [124.8712, 46.6608],
      [124.8802, 46.6852],
      [124.9002, 46.7052],
      [124.9152, 46.7225],
      [124.9352, 46.7452],
      [124.9585, 46.7705],
    ],
  },
  {
    code: 'R3',
    name: '乘风-六厂-喇嘛甸-富强村',
    date: '2006-06-13',
    startSecondsOfDay: 8 * 3600 + 45 * 60,
    waypoints: [
      [124.8052, 46.6702],
      [124.7952, 46.7102],
      [124.7902, 46.7702],
      [124.7782, 46.8338],
      [124.7302, 46.8352],
      [124.7232, 46.8452],
      [124.7222, 46.8582],
      [124.7302, 46.8722],
      [124.7452, 46.9046],
      [124.7052, 46.9252],
      [124.6553, 46.9548],
    ],
  },
  {
    code: 'R4',
    name: '龙南-银亿阳光城-方晓-宏伟二村',
    date: '2006-06-14',
    startSecondsOfDay: 9 * 3600 + 15 * 60,
    waypoints: [
      [124.8795, 46.5905],
      [124.8502, 46.6002],
      [124.8035, 46.6005],
      [124.7748, 46.5853],
      [124.7502, 46.6202],
      [124.7046, 46.6652],
    ],
  },
];

/** Seconds between samples: 50 m at 30 km/h. */
const SECONDS_PER_SAMPLE = 6;

export interface Measurement {
  externalId: string;
  survey: string;
  position: LonLat;
  technology: 'GSM' | 'CDMA';
  levelDbm: number;
  servingCell: string;
  measuredAt: string;
}

/** Points every `SAMPLE_SPACING_KM` along a polyline. */
function samplePolyline(waypoints: readonly LonLat[]): LonLat[] {
  const points: LonLat[] = [];
  let carryKm = 0;
  for (let i = 1; i < waypoints.length; i++) {
    const a = waypoints[i - 1];
    const [dx, dy] = deltaKm(a, waypoints[i]);
    const length = Math.hypot(dx, dy);
    for (let s = carryKm; s < length; s += SAMPLE_SPACING_KM) points.push(offsetKm(a, (dx * s) / length, (dy * s) / length));
    carryKm = (SAMPLE_SPACING_KM - ((length - carryKm) % SAMPLE_SPACING_KM)) % SAMPLE_SPACING_KM;
  }
  return points;
}

export interface DriveTestInput {
  cells: Record<'GSM' | 'CDMA', CellSpec[]>;
  clutter: ClutterIndex;
  mobileHeightM: number;
}

/** Generate the survey; throws if a route leaves the district. */
export function buildDriveTest(rng: Random, boundary: DistrictBoundary, input: DriveTestInput): Measurement[] {
  const rho = Math.exp(-SAMPLE_SPACING_KM / DECORRELATION_KM);
  const innovation = Math.sqrt(1 - rho * rho);
  const rows: Measurement[] = [];
  for (const route of ROUTES) {
    const shadow = { GSM: rng.normal(0, SHADOWING_SIGMA_DB), CDMA: rng.normal(0, SHADOWING_SIGMA_DB) };
    samplePolyline(route.waypoints).forEach((point, index) => {
      // 3 m GPS noise
      const position = roundPoint(offsetKm(point, rng.normal(0, 0.003), rng.normal(0, 0.003)));
      if (!boundary.contains(position)) throw new Error(`drive-test route ${route.code} leaves the district at ${position.join(',')}`);
      const environment = input.clutter.environmentAt(position);
      const measuredAt = localTimestamp(dayOf2006(route.date), route.startSecondsOfDay + index * SECONDS_PER_SAMPLE);
      for (const technology of ['GSM', 'CDMA'] as const) {
        shadow[technology] = rho * shadow[technology] + innovation * rng.normal(0, SHADOWING_SIGMA_DB);
        const best = bestServer(input.cells[technology], position, environment, input.mobileHeightM);
        const level = Math.min(MAX_LEVEL_DBM, best.levelDbm + ENVIRONMENT_BIAS_DB[environment] + shadow[technology]);
        rows.push({
          externalId: `DT0606-${route.code}-${String(index + 1).padStart(4, '0')}-${technology === 'GSM' ? 'G' : 'C'}`,
          survey: SURVEY_NAME,
          position,
          technology,
          levelDbm: Math.round(level * 10) / 10,
          servingCell: level >= NO_SERVICE_DBM && best.key ? best.key : '',
          measuredAt,
        });
      }
    });
  }
  return rows;
}
