import type { Polygon } from 'geojson';
import {
  CUSTOMER_TIERS,
  REPORT_KINDS,
  REPORT_SOURCES,
  type CustomerTier,
  type LonLat,
  type ReportKind,
  type ReportSource,
  type ReportStatus,
  type Technology,
} from '../model.ts';
import { enclosingPolygon } from './convex-hull.ts';
import { dbscan } from './dbscan.ts';
import { PlanningInputError } from './errors.ts';

const MS_PER_DAY = 86_400_000;

/** A customer problem report as the planning core consumes it; coordinates WGS84 degrees. */
export interface ProblemReport {
  id: string;
  lon: number;
  lat: number;
  technology: Technology | 'unknown';
  kind: ReportKind;
  source: ReportSource;
  customerTier: CustomerTier;
  /** Date or ISO 8601 string; null when the file it came from had no date (it counts as recent). */
  reportedAt: Date | string | null;
  status: ReportStatus;
}

export interface HotspotSettings {
  /** DBSCAN neighbourhood radius, metres. */
  epsM: number;
  /** DBSCAN minimum neighbourhood size (the report itself included). */
  minPoints: number;
  /** Weight of one report by customer tier (mid/high-value customers are the focus of the surveys). */
  tierWeights: Record<CustomerTier, number>;
  /** A report's weight halves every this many days of age. */
  recencyHalfLifeDays: number;
  /** Date ages are measured from; default: the latest `reportedAt` among the reports considered. */
  referenceDate?: Date | string;
  /** 'GSM' or 'CDMA' keeps that network's reports plus those of unknown network; default 'all'. */
  technology?: 'GSM' | 'CDMA' | 'all';
  /** Resolved reports describe past problems; they are left out unless this is true. */
  includeResolved?: boolean;
  /** Buffer, metres, drawn around hotspots whose reports span no area (1-2 points, collinear). */
  degenerateBufferM?: number;
}

export const DEFAULT_HOTSPOT_SETTINGS = {
  epsM: 300,
  minPoints: 3,
  tierWeights: { high: 3, mid: 2, regular: 1 },
  recencyHalfLifeDays: 180,
  technology: 'all',
  includeResolved: false,
  degenerateBufferM: 50,
} as const satisfies HotspotSettings;

/** Whether the hotspot lies in predicted coverage; decided by the caller against the coverage raster. */
export type HotspotCoverage = 'unassessed' | 'covered' | 'gap';

export interface Hotspot {
  /** 'hotspot-1' for the highest score, and so on. */
  id: string;
  /** Convex hull of the reports (buffered when degenerate), GeoJSON, [lon, lat]. */
  polygon: Polygon;
  /** Mean position of the reports, [lon, lat]. */
  centroid: LonLat;
  reportCount: number;
  byKind: Record<ReportKind, number>;
  bySource: Record<ReportSource, number>;
  byTier: Record<CustomerTier, number>;
  byTechnology: Partial<Record<Technology | 'unknown', number>>;
  /** Σ tierWeight × 0.5^(ageDays / recencyHalfLifeDays) over the reports. */
  score: number;
  reportIds: string[];
  /** Always 'unassessed' here; the coverage service fills it in. */
  coverage: HotspotCoverage;
}

/**
 * Cluster problem reports into hotspots with DBSCAN (Ester et al. 1996) and score each by
 * customer tier and recency (exponential decay with a half-life). Returns hotspots sorted by
 * score, highest first; reports that DBSCAN labels noise belong to no hotspot.
 */
export function findHotspots(reports: readonly ProblemReport[], settings: Partial<HotspotSettings> = {}): Hotspot[] {
  const s = resolveSettings(settings);
  const kept = reports.filter((r) => keepReport(r, s));
  const times = kept.map(reportTimeMs);
  const referenceMs = referenceTimeMs(
    s,
    times.filter((t): t is number => t !== null),
  );
  // An undated report is weighed as one of the reference date (no age to discount).
  const weights = kept.map((r, i) => reportWeight(r, times[i] ?? referenceMs, referenceMs, s));
  const { labels, clusterCount } = dbscan(kept.map(reportPoint), { epsM: s.epsM, minPoints: s.minPoints });

  const members: number[][] = Array.from({ length: clusterCount }, () => []);
  labels.forEach((label, i) => {
    if (label >= 0) members[label].push(i);
  });
  const hotspots = members.map((idx) =>
    summarise(
      idx.map((i) => kept[i]),
      idx.map((i) => weights[i]),
      s,
    ),
  );
  hotspots.sort((a, b) => b.score - a.score || b.reportCount - a.reportCount || compareIds(a.reportIds[0], b.reportIds[0]));
  hotspots.forEach((h, rank) => {
    h.id = `hotspot-${rank + 1}`;
  });
  return hotspots;
}

type ResolvedSettings = Required<Omit<HotspotSettings, 'referenceDate'>> & Pick<HotspotSettings, 'referenceDate'>;

function resolveSettings(partial: Partial<HotspotSettings>): ResolvedSettings {
  const s: ResolvedSettings = {
    ...DEFAULT_HOTSPOT_SETTINGS,
    ...partial,
    tierWeights: { ...DEFAULT_HOTSPOT_SETTINGS.tierWeights, ...partial.tierWeights },
  };
  if (!(Number.isFinite(s.recencyHalfLifeDays) && s.recencyHalfLifeDays > 0)) {
    throw new PlanningInputError('invalid-option', `recencyHalfLifeDays must be > 0, got ${s.recencyHalfLifeDays}`);
  }
  for (const tier of CUSTOMER_TIERS) {
    const w = s.tierWeights[tier];
    if (!(Number.isFinite(w) && w >= 0)) {
      throw new PlanningInputError('invalid-option', `tierWeights.${tier} must be a number ≥ 0, got ${w}`);
    }
  }
  if (!(Number.isFinite(s.degenerateBufferM) && s.degenerateBufferM > 0)) {
    throw new PlanningInputError('invalid-option', `degenerateBufferM must be > 0, got ${s.degenerateBufferM}`);
  }
  return s;
}

function keepReport(r: ProblemReport, s: ResolvedSettings): boolean {
  if (r.status === 'resolved' && !s.includeResolved) return false;
  return s.technology === 'all' || r.technology === s.technology || r.technology === 'unknown';
}

function reportPoint(r: ProblemReport): LonLat {
  if (!(Number.isFinite(r.lon) && Number.isFinite(r.lat) && Math.abs(r.lon) <= 180 && Math.abs(r.lat) <= 90)) {
    throw new PlanningInputError('invalid-report', `report ${r.id} has invalid coordinates [${r.lon}, ${r.lat}]`);
  }
  return [r.lon, r.lat];
}

function reportTimeMs(r: ProblemReport): number | null {
  if (r.reportedAt === null) return null;
  const t = new Date(r.reportedAt).getTime();
  if (Number.isNaN(t)) throw new PlanningInputError('invalid-report', `report ${r.id} has invalid reportedAt "${String(r.reportedAt)}"`);
  return t;
}

function referenceTimeMs(s: ResolvedSettings, times: number[]): number {
  // With no dated report (all undated) every age is 0, measured from any finite instant.
  if (s.referenceDate === undefined) return times.length ? times.reduce((a, b) => Math.max(a, b), -Infinity) : 0;
  const t = new Date(s.referenceDate).getTime();
  if (Number.isNaN(t)) throw new PlanningInputError('invalid-option', `referenceDate is not a date: "${String(s.referenceDate)}"`);
  return t;
}

/** Tier weight × 0.5^(ageDays / halfLife); reports dated after the reference count as age 0. */
function reportWeight(r: ProblemReport, timeMs: number, referenceMs: number, s: ResolvedSettings): number {
  const ageDays = Math.max(0, (referenceMs - timeMs) / MS_PER_DAY);
  return s.tierWeights[r.customerTier] * 0.5 ** (ageDays / s.recencyHalfLifeDays);
}

function summarise(reports: ProblemReport[], weights: number[], s: ResolvedSettings): Hotspot {
  const byKind = zeroCounts(REPORT_KINDS),
    bySource = zeroCounts(REPORT_SOURCES),
    byTier = zeroCounts(CUSTOMER_TIERS);
  const byTechnology: Partial<Record<Technology | 'unknown', number>> = {};
  let sumLon = 0,
    sumLat = 0;
  for (const r of reports) {
    byKind[r.kind]++;
    bySource[r.source]++;
    byTier[r.customerTier]++;
    byTechnology[r.technology] = (byTechnology[r.technology] ?? 0) + 1;
    sumLon += r.lon;
    sumLat += r.lat;
  }
  return {
    id: '',
    polygon: enclosingPolygon(reports.map(reportPoint), s.degenerateBufferM),
    centroid: [sumLon / reports.length, sumLat / reports.length],
    reportCount: reports.length,
    byKind,
    bySource,
    byTier,
    byTechnology,
    score: weights.reduce((a, b) => a + b, 0),
    reportIds: reports.map((r) => r.id),
    coverage: 'unassessed',
  };
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
