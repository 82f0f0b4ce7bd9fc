/**
 * Shapes of the /api/v1 requests and responses the web client uses. Coordinates are [lon, lat] WGS84
 * degrees. The API's shapes are the contract's types (server/contract, `Static<typeof Schema>` of the
 * schemas the routes validate and serialise with), re-exported here under the names the web uses;
 * type-only, so the bundle gets no schema code. What is declared here is either web-only (UI unions,
 * query helpers, subsets of a request) or not in the contract yet.
 */
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { CellUpdate } from '../../../server/contract/sites.ts';
import type { ReportKind, ReportResolution, ReportSource, ReportStatus, SiteStatus, Technology } from '../../../server/core/model.ts';
import type { ReportPage, ReportUpdate } from '../../../server/contract/reports.ts';
import type { ErrorResponse } from '../../../server/contract/shared.ts';

export type { Technology, ReportKind, SiteStatus, ReportStatus, ReportResolution, ReportSource };
export type { Area, BBox } from '../../../server/contract/areas.ts';
export type {
  CandidateCell,
  CandidateCollection as CandidatePage,
  CandidateFeature,
  CandidateProperties,
} from '../../../server/contract/candidates.ts';
export type { DashboardFigureItem, DashboardFigures } from '../../../server/contract/dashboard.ts';
export type {
  CellChange,
  ComparedFigures,
  Comparison as ScenarioComparison,
  Scenario,
  ScenarioChanges,
  ScenarioCreate as ScenarioInput,
} from '../../../server/contract/scenarios.ts';
export type {
  CellFeature,
  CellFeatureCollection as CellCollection,
  CellFeatureProperties as CellProperties,
  Site,
  SiteList,
} from '../../../server/contract/sites.ts';

export type { Health } from '../../../server/contract/health.ts';

export type { DistrictCollection, DistrictProperties } from '../../../server/contract/basemap.ts';

export type { ReportFeature, ReportPage, ReportProperties } from '../../../server/contract/reports.ts';

/** A page of a feature collection: `next` is the id the following page starts after (`cursor`), or null. */
export interface FeaturePage<G extends Point | Polygon | MultiPolygon, P> extends FeatureCollection<G, P> {
  numberMatched: number;
  numberReturned: number;
  next: number | null;
}
/** Web-only: every page of the reports of an area merged into one collection (ApiClient.allReports). */
export type ReportCollection = Pick<ReportPage, 'type' | 'features' | 'numberMatched'>;

/** The signed-in user (`csrfToken` comes with a cookie session and goes back on every write) and the sign-in answer. */
export type { LoginAnswer, Me, UserRole } from '../../../server/contract/auth.ts';

/** The error body every /api/v1 route returns. */
export type { ErrorResponse as ApiErrorBody } from '../../../server/contract/shared.ts';

/** The two networks a planner works on: G-net (GSM) and C-net (CDMA). */
export const NETWORKS = ['GSM', 'CDMA'] as const;
export type Network = (typeof NETWORKS)[number];
/** A network, or `any`: covered when either network reaches the threshold. */
export type CoverageTechnology = Network | 'any';

/** A cell the coverage engine left out because a parameter is out of range. */
export interface CellWarning {
  code: 'cell_skipped';
  /** SITE/CELL, or candidate:CODE/CELL. */
  cell: string;
  technology: string;
  field: string;
  value: number | null;
  /** "below the minimum 1 m" (English, from the server). */
  problem: string;
  reason: string;
  message: string;
}

/** Coverage figures of one network for the existing network or a scenario; areas in km2, percentages 0-100. */
export interface CoverageFigures {
  technology: string;
  indoor: boolean;
  scenario: string | null;
  resolutionM: number;
  /** null for `any` (each network is judged against its own threshold). */
  thresholdDbm: number | null;
  areaKm2: number;
  coveredKm2: number;
  coveragePct: number;
  population: number;
  coveredPopulation: number;
  populationPct: number;
  reportsTotal: number;
  reportsUncovered: number;
  gapCount: number;
  cellCount: number;
  computedMs: number;
  cached: boolean;
  /** Cells of this network left out of the computation; the figures are those without them. */
  warnings: CellWarning[];
}

/** What a coverage request is computed on: the existing network, a saved scenario, extra candidates. */
export interface CoverageQuery {
  technology: CoverageTechnology;
  /** Scenario id or name; the existing network when absent. */
  scenario?: string | null;
  /** Candidate codes added on top. */
  candidates?: readonly string[];
  indoor?: boolean;
}

export interface GapProperties {
  id: string;
  areaKm2: number;
  population: number;
  reportCount: number;
  /** [lon, lat] */
  centroid: [number, number];
}
export type GapCollection = FeatureCollection<Polygon | MultiPolygon, GapProperties> & { technology: string };

export interface PointServer {
  /** SITE/CELL */
  cell: string;
  technology: string;
  levelDbm: number;
  pathLossDb: number;
  antennaAttenuationDb: number;
  distanceKm: number;
  extrapolated: boolean;
}

/** The exact link budget at one point. */
export interface PointCoverage {
  lon: number;
  lat: number;
  technology: string;
  environment: string;
  /** Level of the best server: the largest margin over its own network's threshold (the rule of the figures). */
  levelDbm: number | null;
  bestCell: string | null;
  bestTechnology: string | null;
  bestMarginDb: number | null;
  /** The strongest signal, whatever its network (for 'any' it may be another server than the best). */
  strongestCell: string | null;
  strongestTechnology: string | null;
  strongestLevelDbm: number | null;
  covered: boolean;
  thresholdDbm: number | null;
  servers: PointServer[];
}

export type TileMode = 'level' | 'best-server' | 'overlap';

export interface RankingItem {
  rank: number;
  id: number;
  code: string;
  name: string;
  technology: string;
  lon: number;
  lat: number;
  status: string;
  origin: string;
  cost: number | null;
  newlyCoveredKm2: number;
  newlyCoveredPopulation: number;
  /** Tier-weighted (high 3, mid 2, regular 1 by default). */
  newlyCoveredReports: number;
  /** Percentage points of the area. */
  coveragePctGain: number;
  score: number;
  uniqueScore: number;
  scorePerCost: number | null;
}

export interface Ranking {
  technology: string;
  scenario: string | null;
  weights: { population: number; reports: number; areaKm2: number };
  baseCoveragePct: number;
  items: RankingItem[];
  computedMs: number;
}

export type PlanMethod = 'greedy' | 'exact';

export interface PlanRequest {
  technology: Network;
  maxSites: number;
  budget?: number | null;
  method: PlanMethod;
  scenario?: string;
  saveAsScenario?: string;
}

export interface PlannedSite {
  code: string;
  name: string;
  order: number;
  gain: number;
  cost: number | null;
  newlyCoveredKm2: number;
  newlyCoveredPopulation: number;
  newlyCoveredReports: number;
  coveragePctGain: number;
  score: number;
}

export interface PlanResult {
  technology: string;
  method: PlanMethod;
  selected: PlannedSite[];
  before: CoverageFigures;
  after: CoverageFigures;
  objective: number;
  optimal: boolean;
  bound: number | null;
  gapPct: number | null;
  totalCost: number;
  solverStatus: string | null;
  demandPoints: number;
  computedMs: number;
  savedScenario: unknown;
}

export interface HotspotProperties {
  id: string;
  centroid: [number, number];
  reportCount: number;
  score: number;
  /** Where most of its reports are. */
  coverage: 'covered' | 'gap';
  uncoveredShare: number;
  byKind: Record<string, number>;
  bySource: Record<string, number>;
  byTier: Record<string, number>;
  byTechnology: Record<string, number>;
}
export type HotspotCollection = FeatureCollection<Polygon | MultiPolygon | Point, HotspotProperties> & { technology: string };

export const REMEDY_KINDS = ['parameter-optimization', 'repeater', 'new-site', 'indoor-solution', 'investigate'] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

export interface Remedy {
  target: {
    kind: 'gap' | 'hotspot' | string;
    id: string;
    centroid: [number, number];
    areaKm2: number | null;
    population: number | null;
    reportCount: number;
    indoorShare: number;
    covered: boolean;
  };
  remedy: RemedyKind;
  reasonCode: string;
  /** English text from the server; the page builds its own from reasonCode and the figures. */
  reason: string;
  deficitDb: number | null;
  environment: string;
  bestCell: string | null;
  parameterChange: {
    cell: string;
    changes: { powerDbm?: number; tiltDeg?: number; azimuthDeg?: number };
    levelBeforeDbm: number;
    levelAfterDbm: number;
  } | null;
  candidate: { code: string; name: string; rank: number } | null;
}

export interface RemedyList {
  technology: string;
  items: Remedy[];
}

export type { SettlementPage, SettlementProperties } from '../../../server/contract/settlements.ts';
export type { PlacePage, PlaceProperties } from '../../../server/contract/places.ts';

/** The radio parameters a planner edits in a cell's popup: the part of a PATCH /cells/:id body the web sends. */
export type CellEdit = Pick<CellUpdate, 'azimuthDeg' | 'tiltDeg' | 'powerDbm'>;

/** Web-only: the part of a report's PATCH body (ReportUpdate) that the report popup edits. */
export type ReportEdit = Pick<ReportUpdate, 'status' | 'resolution' | 'resolvedBySiteCode' | 'resolvedByCandidateCode'>;

/** One problem with one field of a request (`field` is a JSON pointer, e.g. `/body/azimuthDeg`), as the API reports it in `details`. */
export type FieldProblem = ErrorResponse['details'][number];

/** Layers the server exports (GET /areas/:a/exports/:layer.:format). */
export type ExportLayer =
  | 'cells'
  | 'sites'
  | 'reports'
  | 'candidates'
  | 'measurements'
  | 'clutter'
  | 'settlements'
  | 'gaps-gsm'
  | 'gaps-cdma'
  | 'hotspots';
export type ExportFormat = 'geojson' | 'csv' | 'kml';
