import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { UserRole } from '../contract/auth.ts';
import type {
  CandidateOrigin,
  CandidateStatus,
  CustomerTier,
  EnvironmentClass,
  PlaceKind,
  ReportKind,
  ReportLocated,
  ReportResolution,
  ReportSource,
  ReportStatus,
  ReportTechnology,
  SiteStatus,
  SurveyLocated,
  SurveyProblem,
  SurveySource,
  Technology,
} from '../core/model.ts';

/** Kysely table types: snake_case columns as stored; repositories map rows to camelCase domain objects. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type BBoxColumns = { min_lon: number; min_lat: number; max_lon: number; max_lat: number };

export interface AreasTable extends BBoxColumns {
  id: Generated<number>;
  code: string;
  name: string;
  boundary: Json<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
  settings: Json<Record<string, unknown>>;
  inputs_version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SitesTable {
  id: Generated<number>;
  area_id: number;
  code: string;
  name: string;
  lon: number;
  lat: number;
  status: SiteStatus;
  address: string | null;
  note: string | null;
  approximate: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CellsTable {
  id: Generated<number>;
  site_id: number;
  code: string;
  technology: Technology;
  frequency_mhz: number;
  height_m: number;
  azimuth_deg: number | null;
  beamwidth_deg: number;
  tilt_deg: number;
  power_dbm: number;
  gain_dbi: number;
  loss_db: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClutterZonesTable extends BBoxColumns {
  id: Generated<number>;
  area_id: number;
  code: string;
  name: string | null;
  /** As the API and the imports validate it (no CHECK constraint). */
  environment: EnvironmentClass;
  geometry: Json<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SettlementsTable extends BBoxColumns {
  id: Generated<number>;
  area_id: number;
  code: string;
  name: string;
  population: number;
  geometry: Json<GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point>;
  approximate: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProblemReportsTable {
  id: Generated<number>;
  area_id: number;
  external_id: string;
  lon: number;
  lat: number;
  /** The enumerated columns hold what the API and the imports validate (no CHECK constraint). */
  technology: ReportTechnology;
  kind: ReportKind;
  source: ReportSource;
  customer_tier: CustomerTier;
  /** Null when the imported file had no date for the report. */
  reported_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  status: ReportStatus;
  resolution: ReportResolution | null;
  resolved_by_site_code: string | null;
  resolved_by_candidate_code: string | null;
  address: string | null;
  note: string | null;
  /** The file's text of categorical values classified by a rule, a value mapping or a default, by column. */
  original_values: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  /** 'coordinates' (its own) or 'address' (placed at the gazetteer place its address names). */
  located: ColumnType<ReportLocated, ReportLocated | undefined, ReportLocated>;
  place_id: ColumnType<number | null, number | null | undefined, number | null>;
  place_name: ColumnType<string | null, string | null | undefined, string | null>;
  location_radius_m: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The area's gazetteer: named places that addresses mention. */
export interface PlacesTable extends BBoxColumns {
  id: Generated<number>;
  area_id: number;
  code: string;
  name: string;
  name_en: string | null;
  aliases: ColumnType<string[], string | undefined, string>;
  /** As the API and the imports validate it (no CHECK constraint). */
  kind: PlaceKind;
  geometry: Json<GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point>;
  approximate: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CandidatesTable {
  id: Generated<number>;
  area_id: number;
  code: string;
  name: string;
  lon: number;
  lat: number;
  technology: Technology;
  /** The planned cells (core/default-cells.ts NamedCellRadio), as written; read through a parser. */
  cells: Json<unknown>;
  cost: number | null;
  status: CandidateStatus;
  origin: CandidateOrigin;
  approximate: ColumnType<boolean, boolean | undefined, boolean>;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SurveyMeasurementsTable {
  id: Generated<number>;
  area_id: number;
  external_id: string;
  survey: string | null;
  lon: number;
  lat: number;
  /** As the API and the imports validate it (no CHECK constraint). */
  technology: Technology;
  level_dbm: number;
  serving_cell: string | null;
  measured_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImportsTable {
  id: Generated<number>;
  area_id: number | null;
  kind: string;
  format: string;
  file_name: string;
  sha256: string;
  rows_total: number;
  rows_inserted: number;
  rows_updated: number;
  rows_rejected: number;
  error_count: number;
  errors: Json<unknown[]>;
  /** The warnings as AuditedMessage: code, English and Chinese text. */
  warnings: ColumnType<unknown[], string | undefined, string>;
  mode: string;
  username: string;
  created_at: Timestamp;
  undone_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  undone_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A row one committed import updated, as it was before. */
export interface ImportChangesTable {
  import_id: number;
  table_name: string;
  row_id: number;
  previous: Json<Record<string, unknown>>;
}

/** The ids of the rows one committed import inserted into a table. */
export interface ImportInsertsTable {
  import_id: number;
  table_name: string;
  row_ids: number[];
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: UserRole;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie value; the value itself is never stored. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 (hex) of the token; the token is shown once and never stored. */
  token_hash: string;
  created_at: Timestamp;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** jsonb that may be null: written as a JSON string or null. */
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  username: string | null;
  ip: string | null;
  method: string;
  route: string;
  status: number;
  area_code: string | null;
  entity: string | null;
  entity_key: string | null;
  action: string;
  request: NullableJson;
  before: NullableJson;
  after: NullableJson;
}

export interface ScenariosTable {
  id: Generated<number>;
  area_id: number;
  name: string;
  description: string | null;
  changes: Json<unknown>;
  created_by: string | null;
  /** The user whose working scenario this is (null: a named scenario). */
  working_for: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalibrationsTable {
  id: Generated<number>;
  area_id: number;
  created_at: Timestamp;
  created_by: string | null;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  disabled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  technology: 'GSM' | 'CDMA' | 'all';
  terms: Json<Record<string, unknown>>;
  stats: Json<Record<string, unknown>>;
  sample_count: number;
}

/** Value mappings remembered per area and import kind: {"<column>": {"<value>": "<category>"}}. */
export interface ImportValueMappingsTable {
  area_id: number;
  kind: string;
  mappings: Json<Record<string, Record<string, string>>>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface SurveyResponsesTable {
  id: Generated<number>;
  area_id: number;
  external_id: string;
  lon: number;
  lat: number;
  /** As the API and the imports validate them (no CHECK constraint but on satisfaction). */
  located: ColumnType<SurveyLocated, SurveyLocated | undefined, SurveyLocated>;
  place_code: string | null;
  address: string | null;
  technology: ColumnType<ReportTechnology, ReportTechnology | undefined, ReportTechnology>;
  /** 1 (very dissatisfied) .. 5 (satisfied) with the coverage. */
  satisfaction: number;
  problems: ColumnType<SurveyProblem[], string | undefined, string>;
  /** The problems as the file wrote them (kept for wordings the import did not recognise). */
  problems_text: string | null;
  comment: string | null;
  source: ColumnType<SurveySource, SurveySource | undefined, SurveySource>;
  answered_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One stored 256×256 tile of a coverage raster (see server/features/coverage/tile-store.ts). */
export interface CoverageTilesTable {
  area_id: number;
  inputs_version: number;
  technology: string;
  cells_digest: string;
  kernel_version: number;
  tile_x: number;
  tile_y: number;
  /** The tile's result buffer (tile-result.ts), deflated. */
  payload: Uint8Array;
  computed_at: Generated<Date>;
}

/** A raster computed by tile jobs on the queue; done when every tile is stored. */
export interface CoverageJobsTable {
  id: string;
  area_id: number;
  inputs_version: number;
  technology: string;
  cells_digest: string;
  kernel_version: number;
  /** The run's cell list (CellSpec[]): the tiles' bestCell indices refer to it. */
  cells: Json<unknown[]>;
  tiles_total: number;
  /** Tiles that were missing when the job was created (and queued). */
  tiles_queued: number;
  created_at: Generated<Date>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AreaElevationTable {
  area_id: number;
  epsg: number;
  origin_x: number;
  origin_y: number;
  cell_size_x: number;
  cell_size_y: number;
  width: number;
  height: number;
  /** The Float32 heights (little-endian, row-major from the north-west), deflated. */
  heights: Uint8Array;
  min_height_m: number;
  max_height_m: number;
  voids_filled: number;
  sources: Json<Array<{ name: string; format: string }>>;
  username: string;
  created_at: Timestamp;
}

export interface Database {
  areas: AreasTable;
  area_elevation: AreaElevationTable;
  sites: SitesTable;
  cells: CellsTable;
  clutter_zones: ClutterZonesTable;
  settlements: SettlementsTable;
  places: PlacesTable;
  problem_reports: ProblemReportsTable;
  candidates: CandidatesTable;
  survey_measurements: SurveyMeasurementsTable;
  survey_responses: SurveyResponsesTable;
  imports: ImportsTable;
  import_changes: ImportChangesTable;
  import_inserts: ImportInsertsTable;
  scenarios: ScenariosTable;
  calibrations: CalibrationsTable;
  import_value_mappings: ImportValueMappingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  coverage_tiles: CoverageTilesTable;
  coverage_jobs: CoverageJobsTable;
}

export type AreaRow = Selectable<AreasTable>;
export type SiteRow = Selectable<SitesTable>;
export type CellRow = Selectable<CellsTable>;
export type NewCellRow = Insertable<CellsTable>;
export type CellUpdate = Updateable<CellsTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type ReportRow = Selectable<ProblemReportsTable>;
export type MeasurementRow = Selectable<SurveyMeasurementsTable>;
export type SurveyResponseRow = Selectable<SurveyResponsesTable>;
export type ClutterZoneRow = Selectable<ClutterZonesTable>;
export type SettlementRow = Selectable<SettlementsTable>;
export type PlaceRow = Selectable<PlacesTable>;
