import { localGeodesic } from '../coverage/local-geodesic.ts';
import type { CellSpec, LonLat, RemedyKind } from '../model.ts';

/** Thresholds of the advice; all are settings. */
export interface RemedySettings {
  /** A server within this many dB below the threshold may be brought up by a parameter change. */
  optimizationMarginDb: number;
  /** Largest power increase considered, dB, and the ceiling, dBm. */
  maxPowerIncreaseDb: number;
  maxPowerDbm: number;
  /** Largest uptilt (tilt reduction) considered, degrees. */
  maxUptiltDeg: number;
  /** Largest azimuth rotation considered, degrees. */
  maxAzimuthRotationDeg: number;
  /** A repeater suits pockets up to this size next to strong coverage. */
  repeaterMaxAreaKm2: number;
  /** Donor coverage: at least threshold + this margin within repeaterMaxDistanceKm. */
  repeaterDonorMarginDb: number;
  repeaterMaxDistanceKm: number;
  /** Share of indoor reports above which covered hotspots get an indoor solution. */
  indoorShare: number;
}

export const DEFAULT_REMEDY_SETTINGS: RemedySettings = {
  optimizationMarginDb: 6,
  maxPowerIncreaseDb: 3,
  maxPowerDbm: 46,
  maxUptiltDeg: 3,
  maxAzimuthRotationDeg: 30,
  repeaterMaxAreaKm2: 1,
  repeaterDonorMarginDb: 10,
  repeaterMaxDistanceKm: 2,
  indoorShare: 0.3,
};

/** A parameter change of one cell and the level it gives at the target. */
export interface ParameterOption {
  cell: string;
  changes: { powerDbm?: number; tiltDeg?: number; azimuthDeg?: number };
  levelBeforeDbm: number;
  levelAfterDbm: number;
}

export interface RemedyTarget {
  kind: 'hotspot' | 'gap';
  id: string;
  centroid: LonLat;
  areaKm2: number | null;
  population: number | null;
  reportCount: number;
  /** Share of the target's reports that are indoor complaints (0 for gaps without reports). */
  indoorShare: number;
  /** Whether the target lies in predicted outdoor coverage. */
  covered: boolean;
}

export interface RemedyEvidence {
  thresholdDbm: number;
  /** Best level at the target's centroid, dBm (null: no server within the cut-off). */
  bestLevelDbm: number | null;
  /** Parameter changes evaluated by the caller (exact link budget), best first or in any order. */
  options: ParameterOption[];
  /** Strongest level within repeaterMaxDistanceKm of the target, dBm, or null. */
  donorLevelDbm: number | null;
  /** The best candidate site whose coverage would reach the target, if any. */
  candidate: { code: string; name: string; rank: number } | null;
}

export interface Remedy {
  target: RemedyTarget;
  remedy: RemedyKind;
  /** Machine-readable reason code (the web client translates it) and a plain English sentence. */
  reasonCode: string;
  reason: string;
  deficitDb: number | null;
  parameterChange: ParameterOption | null;
  candidate: { code: string; name: string; rank: number } | null;
  /** For a hotspot inside a gap: the gap whose advice it carries (one answer per place); else null. */
  insideGap: string | null;
}

/**
 * Choose a remedy for an uncovered hotspot or gap (or a covered hotspot), in the order planners try
 * them: indoor solution for indoor complaints inside coverage; a parameter change when the best
 * server is within optimizationMarginDb and a change reaches the threshold; a repeater for a small
 * pocket next to strong donor coverage; otherwise a new macro site (the best candidate reaching it).
 */
export function adviseRemedy(target: RemedyTarget, evidence: RemedyEvidence, settings: RemedySettings = DEFAULT_REMEDY_SETTINGS): Remedy {
  const base = { target, parameterChange: null, candidate: null, insideGap: null };
  const deficitDb = evidence.bestLevelDbm === null ? null : evidence.thresholdDbm - evidence.bestLevelDbm;
  if (target.covered) {
    if (target.indoorShare >= settings.indoorShare) {
      return {
        ...base,
        deficitDb,
        remedy: 'indoor-solution',
        reasonCode: 'indoor-in-coverage',
        reason: `${Math.round(target.indoorShare * 100)}% of the reports are indoor complaints in predicted outdoor coverage (${fmt(evidence.bestLevelDbm)} dBm): building penetration, an indoor system or repeater fits`,
      };
    }
    return {
      ...base,
      deficitDb,
      remedy: 'investigate',
      reasonCode: 'covered-outdoor',
      reason: `predicted level ${fmt(evidence.bestLevelDbm)} dBm meets the threshold; check quality (interference, pilot pollution, capacity) on site`,
    };
  }
  const fixing = evidence.options
    .filter((o) => o.levelAfterDbm >= evidence.thresholdDbm)
    .sort((a, b) => changeSize(a) - changeSize(b) || b.levelAfterDbm - a.levelAfterDbm);
  if (deficitDb !== null && deficitDb <= settings.optimizationMarginDb && fixing.length > 0) {
    const best = fixing[0];
    return {
      ...base,
      deficitDb,
      remedy: 'parameter-optimization',
      parameterChange: best,
      reasonCode: 'near-threshold',
      reason: `best server ${best.cell} is ${deficitDb.toFixed(1)} dB below the threshold; ${describe(best)} brings it to ${best.levelAfterDbm.toFixed(1)} dBm`,
    };
  }
  const small = target.areaKm2 === null || target.areaKm2 <= settings.repeaterMaxAreaKm2;
  if (small && evidence.donorLevelDbm !== null && evidence.donorLevelDbm >= evidence.thresholdDbm + settings.repeaterDonorMarginDb) {
    return {
      ...base,
      deficitDb,
      remedy: 'repeater',
      reasonCode: 'small-pocket',
      reason: `a small pocket${target.areaKm2 === null ? '' : ` (${target.areaKm2.toFixed(2)} km2)`} with donor coverage of ${evidence.donorLevelDbm.toFixed(1)} dBm within ${settings.repeaterMaxDistanceKm} km`,
    };
  }
  if (evidence.candidate) {
    return {
      ...base,
      deficitDb,
      remedy: 'new-site',
      candidate: evidence.candidate,
      reasonCode: 'new-site-candidate',
      reason: `${deficitDb === null ? 'no server reaches it' : `${deficitDb.toFixed(1)} dB short`}; candidate ${evidence.candidate.code} (rank ${evidence.candidate.rank}) covers it`,
    };
  }
  return {
    ...base,
    deficitDb,
    remedy: 'new-site',
    reasonCode: 'new-site-none',
    reason: `${deficitDb === null ? 'no server reaches it' : `${deficitDb.toFixed(1)} dB short`} and no candidate covers it: propose a new site here`,
  };
}

/**
 * The parameter changes of one cell worth trying toward a target, each with the level it gives there:
 * more power (by at most maxPowerIncreaseDb, up to maxPowerDbm), less downtilt (by at most
 * maxUptiltDeg, not below 0°), a turn toward the target (a sector more than 5° off, by at most
 * maxAzimuthRotationDeg, to a whole degree), and, when more than one applies, all of them together.
 * `levelWith` evaluates the changed cell at the target (the caller's exact link budget); levels are
 * rounded to 0.01 dB.
 */
export function parameterOptions(
  cell: CellSpec,
  levelBeforeDbm: number,
  target: LonLat,
  settings: RemedySettings,
  levelWith: (cell: CellSpec) => number,
): ParameterOption[] {
  const changes: ParameterOption['changes'][] = [];
  const power = Math.min(cell.powerDbm + settings.maxPowerIncreaseDb, settings.maxPowerDbm);
  if (power > cell.powerDbm) changes.push({ powerDbm: power });
  const tilt = Math.max(cell.tiltDeg - settings.maxUptiltDeg, 0);
  if (tilt < cell.tiltDeg) changes.push({ tiltDeg: tilt });
  if (cell.azimuthDeg !== null) {
    const { bearingDeg } = localGeodesic(cell.lon, cell.lat, target[0], target[1]);
    const offset = ((bearingDeg - cell.azimuthDeg + 540) % 360) - 180;
    if (Math.abs(offset) > 5) {
      const turn = Math.max(-settings.maxAzimuthRotationDeg, Math.min(settings.maxAzimuthRotationDeg, offset));
      changes.push({ azimuthDeg: Math.round((cell.azimuthDeg + turn + 360) % 360) });
    }
  }
  if (changes.length > 1) changes.push(Object.assign({}, ...changes));
  return changes.map((c) => ({
    cell: cell.key,
    changes: c,
    levelBeforeDbm: round2(levelBeforeDbm),
    levelAfterDbm: round2(levelWith({ ...cell, ...c })),
  }));
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function changeSize(o: ParameterOption): number {
  // Prefer power, then tilt, then azimuth (least work on site), and smaller changes.
  const c = o.changes;
  return (c.powerDbm !== undefined ? 1 : 0) + (c.tiltDeg !== undefined ? 2 : 0) + (c.azimuthDeg !== undefined ? 3 : 0);
}

function describe(o: ParameterOption): string {
  const parts: string[] = [];
  if (o.changes.powerDbm !== undefined) parts.push(`power to ${o.changes.powerDbm} dBm`);
  if (o.changes.tiltDeg !== undefined) parts.push(`tilt to ${o.changes.tiltDeg}°`);
  if (o.changes.azimuthDeg !== undefined) parts.push(`azimuth to ${o.changes.azimuthDeg}°`);
  return parts.join(', ');
}

function fmt(v: number | null): string {
  return v === null ? 'none' : v.toFixed(1);
}

/** A gap's outline (GeoJSON Polygon or MultiPolygon coordinates, [lon, lat]) for placing hotspots in it. */
export interface GapOutline {
  id: string;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** The first gap whose outline holds the point (holes excluded), or null. */
export function gapAt(point: LonLat, gaps: readonly GapOutline[]): string | null {
  for (const gap of gaps) {
    const polygons = gap.geometry.type === 'Polygon' ? [gap.geometry.coordinates] : gap.geometry.coordinates;
    if (polygons.some((rings) => inPolygon(point, rings))) return gap.id;
  }
  return null;
}

function inPolygon(point: LonLat, rings: readonly number[][][]): boolean {
  if (rings.length === 0 || !inRing(point, rings[0])) return false;
  return !rings.slice(1).some((hole) => inRing(point, hole));
}

/** Even-odd ray casting; a point on an edge may fall either way. */
function inRing([x, y]: LonLat, ring: readonly number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * One answer per place: a hotspot inside a gap carries the gap's remedy (kind, reason, parameter
 * change, candidate and the evidence behind them), marked with the gap's id. A gap is one place with
 * one remedy; judging the hotspot on its own would see no area (so "a small pocket") and could
 * contradict the gap around it.
 */
export function carryGapRemedy(hotspot: RemedyTarget, gap: Remedy): Remedy {
  return {
    ...gap,
    target: hotspot,
    insideGap: gap.target.id,
    reason: `inside ${gap.target.id}, which has this advice: ${gap.reason}`,
  };
}
