/**
 * Shapes of the /api/v1 requests and responses the web client uses. Coordinates are [lon, lat] WGS84
 * degrees. The API's shapes are the contract's types (server/contract, `Static<typeof Schema>` of the
 * schemas the routes validate and serialise with), re-exported here under the names the web uses;
 * type-only, so the bundle gets no schema code (the one value, REMEDY_KINDS, comes from the pure
 * vocabulary in server/core/model.ts). What is declared here is web-only: UI unions, query helpers,
 * subsets of a request.
 */
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
  NetworkApplication,
  Scenario,
  ScenarioChanges,
  ScenarioCreate as ScenarioInput,
  ScenarioEdit,
  ChangeRefQuery as ScenarioChangeRef,
} from '../../../server/contract/scenarios.ts';
export type {
  CellFeature,
  CellFeatureCollection as CellCollection,
  CellFeatureProperties as CellProperties,
  Site,
  SiteList,
} from '../../../server/contract/sites.ts';

export type {
  AddedCoverage,
  CellWarning,
  CoverageFigures,
  GapFeatureCollection as GapCollection,
  GapProperties,
  PointResult as PointCoverage,
  PointServer,
  TileMode,
  WhatIfAnswer,
  WhatIfFigures,
} from '../../../server/contract/coverage.ts';
export type {
  HotspotCollection,
  HotspotProperties,
  PlanMethod,
  PlannedSite,
  PlanRequest,
  PlanResult,
  Ranking,
  RankedCandidate as RankingItem,
  Remedy,
  RemedyKind,
  RemedyList,
  SavedScenario,
} from '../../../server/contract/planning.ts';
/** Layers the server exports (GET /areas/:a/exports/:layer.:format) and their formats. */
export type { ExportFormat, ExportLayer } from '../../../server/contract/exports.ts';
/** What the remedy advice proposes (the labels in both languages follow this list). */
export { REMEDY_KINDS } from '../../../server/core/model.ts';

export type { Health } from '../../../server/contract/health.ts';

export type { DistrictCollection, DistrictProperties } from '../../../server/contract/basemap.ts';

export type { ReportFeature, ReportPage, ReportProperties } from '../../../server/contract/reports.ts';

export type {
  PerceivedCoverage,
  PerceivedFlag,
  PerceivedNetwork,
  PerceivedRow,
  SurveyResponseFeature,
  SurveyResponsePage,
  SurveyResponseProperties,
} from '../../../server/contract/surveys.ts';

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

/**
 * Web-only query helper: what a coverage request is computed on (the existing network, a saved scenario,
 * extra candidates), which the client turns into the contract's CoverageQuery (candidates comma-separated).
 */
export interface CoverageQuery {
  technology: CoverageTechnology;
  /** Scenario id or name; the existing network when absent. */
  scenario?: string | null;
  /** Candidate codes added on top. */
  candidates?: readonly string[];
  indoor?: boolean;
}

export type { SettlementPage, SettlementProperties } from '../../../server/contract/settlements.ts';
export type { PlacePage, PlaceProperties } from '../../../server/contract/places.ts';

/** The radio parameters a planner edits in a cell's popup: the part of a PATCH /cells/:id body the web sends. */
export type CellEdit = Pick<CellUpdate, 'azimuthDeg' | 'tiltDeg' | 'powerDbm' | 'heightM'>;

/** Web-only: the part of a report's PATCH body (ReportUpdate) that the report popup edits. */
export type ReportEdit = Pick<ReportUpdate, 'status' | 'resolution' | 'resolvedBySiteCode' | 'resolvedByCandidateCode'>;

/** One problem with one field of a request (`field` is a JSON pointer, e.g. `/body/azimuthDeg`), as the API reports it in `details`. */
export type FieldProblem = ErrorResponse['details'][number];
