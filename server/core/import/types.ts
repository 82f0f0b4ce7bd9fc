import type { NamedCellRadio } from '../default-cells.ts';
import type { ImportKind } from '../formats/kinds.ts';
import type {
  CandidateOrigin,
  CandidateStatus,
  CellRadio,
  CustomerTier,
  EnvironmentClass,
  PlaceKind,
  ReportKind,
  ReportSource,
  ReportStatus,
  ReportLocated,
  ReportTechnology,
  SiteStatus,
  SurveyLocated,
  SurveyProblem,
  SurveySource,
  Technology,
} from '../model.ts';
import type { BBox } from '../validation/geometry.ts';

/** One problem with one value of one row: `column` is the file's own column name (or "geometry"). */
export interface RowError {
  line: number;
  column: string;
  value: string;
  reason: string;
}

/** A row that is valid, invalid (errors) or deliberately skipped (a warning says why). */
export type RowOutcome<T> =
  | { status: 'ok'; value: T; warning?: string }
  | { status: 'invalid'; errors: RowError[] }
  | { status: 'skip'; warning: string };

/** One cell row of a `cells` file, with its site's attributes (repeated on every cell of the site). */
export interface CellImport {
  line: number;
  siteCode: string;
  siteName: string;
  lon: number;
  lat: number;
  siteStatus: SiteStatus;
  approximate: boolean;
  address: string | null;
  note: string | null;
  cellCode: string;
  radio: CellRadio;
}

/**
 * Where a row is: its coordinates, or (`located: 'address'`) the gazetteer place its address names,
 * with the radius the position stands for.
 */
export interface RowPosition {
  lon: number;
  lat: number;
  located: ReportLocated;
  /** The matched place (address-placed rows only; id 0 when the place is not stored). */
  placeId: number | null;
  placeName: string | null;
  /** Metres around [lon, lat] the row may really be (address-placed rows only). */
  locationRadiusM: number | null;
}

export interface ReportImport extends RowPosition {
  line: number;
  externalId: string;
  technology: ReportTechnology;
  kind: ReportKind;
  source: ReportSource;
  customerTier: CustomerTier;
  /** Null when the file has no date for the row. */
  reportedAt: Date | null;
  status: ReportStatus;
  address: string | null;
  note: string | null;
  /** The file's text of categorical values that were classified by a rule or mapping or defaulted, by column. */
  originalValues: Record<string, string> | null;
}

export interface CandidateImport {
  line: number;
  code: string;
  name: string;
  lon: number;
  lat: number;
  technology: Technology;
  cost: number | null;
  status: CandidateStatus;
  origin: CandidateOrigin;
  approximate: boolean;
  note: string | null;
  cells: NamedCellRadio[];
}

export interface MeasurementImport {
  line: number;
  externalId: string;
  survey: string | null;
  lon: number;
  lat: number;
  technology: Technology;
  levelDbm: number;
  servingCell: string | null;
  measuredAt: Date;
}

export interface ClutterImport {
  line: number;
  code: string;
  name: string | null;
  environment: EnvironmentClass;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  bbox: BBox;
}

export interface SettlementImport {
  line: number;
  code: string;
  name: string;
  population: number;
  approximate: boolean;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point;
  bbox: BBox;
}

export interface BoundaryImport {
  line: number;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  bbox: BBox;
}

export interface PlaceImport {
  line: number;
  code: string;
  name: string;
  nameEn: string | null;
  aliases: string[];
  kind: PlaceKind;
  approximate: boolean;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point;
  bbox: BBox;
}

/** One answer of a customer survey (questionnaire or call-back). */
export interface SurveyResponseImport {
  line: number;
  externalId: string;
  lon: number;
  lat: number;
  located: SurveyLocated;
  /** The gazetteer place an address-only row was placed at. */
  placeCode: string | null;
  address: string | null;
  technology: ReportTechnology;
  /** 1 (very dissatisfied) .. 5 (satisfied). */
  satisfaction: number;
  problems: SurveyProblem[];
  /** The problems column as written. */
  problemsText: string | null;
  comment: string | null;
  source: SurveySource;
  answeredAt: Date;
}

/** The typed value a valid row of each kind becomes. */
export interface ImportRowByKind {
  cells: CellImport;
  reports: ReportImport;
  candidates: CandidateImport;
  measurements: MeasurementImport;
  clutter: ClutterImport;
  settlements: SettlementImport;
  boundary: BoundaryImport;
  places: PlaceImport;
  'survey-responses': SurveyResponseImport;
}

export type ImportRow<K extends ImportKind = ImportKind> = ImportRowByKind[K];
