/**
 * Shapes of the /api/v1 responses the web client reads. Coordinates are [lon, lat] WGS84 degrees.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type {
  AreaSettings,
  CustomerTier,
  ReportKind,
  ReportResolution,
  ReportSource,
  ReportStatus,
  SiteStatus,
  Technology,
} from '../../../server/core/model.ts';

export type { Technology, ReportKind, SiteStatus };

/** [minLon, minLat, maxLon, maxLat] in WGS84 degrees. */
export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export interface Health {
  status: string;
  database: string;
  version: string;
}

export interface Area {
  id: number;
  code: string;
  name: string;
  boundary: Polygon | MultiPolygon;
  bbox: BBox;
  settings: AreaSettings;
  inputsVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface DistrictProperties {
  adcode: string;
  name_zh: string;
  name_en: string;
  /** [lon, lat] where the name is drawn. */
  label_point: [number, number];
}
export type DistrictCollection = FeatureCollection<Polygon | MultiPolygon, DistrictProperties>;

export interface CellProperties {
  id: number;
  siteId: number;
  siteCode: string;
  siteName: string;
  siteStatus: SiteStatus;
  code: string;
  technology: Technology;
  frequencyMhz: number;
  heightM: number;
  /** Degrees clockwise from north; null = omnidirectional. */
  azimuthDeg: number | null;
  beamwidthDeg: number;
  tiltDeg: number;
  powerDbm: number;
  gainDbi: number;
  lossDb: number;
}
export type CellFeature = Feature<Point, CellProperties>;
export type CellCollection = FeatureCollection<Point, CellProperties>;

export interface Site {
  id: number;
  code: string;
  name: string;
  lon: number;
  lat: number;
  status: SiteStatus;
  cells: unknown[];
}
export interface SiteList {
  items: Site[];
  total: number;
}

export interface ReportProperties {
  id: number;
  externalId: string | null;
  technology: Technology | null;
  kind: ReportKind;
  source: ReportSource;
  customerTier: CustomerTier | null;
  reportedAt: string | null;
  status: ReportStatus;
  resolution: ReportResolution | null;
  address: string | null;
  note: string | null;
}
export type ReportFeature = Feature<Point, ReportProperties>;

/** A page of a feature collection: `next` is the offset of the following page, or null. */
export interface FeaturePage<G extends Point | Polygon | MultiPolygon, P> extends FeatureCollection<G, P> {
  numberMatched: number;
  numberReturned: number;
  next: number | null;
}
export type ReportPage = FeaturePage<Point, ReportProperties>;
export type ReportCollection = FeatureCollection<Point, ReportProperties> & { numberMatched: number };

export type UserRole = 'viewer' | 'planner' | 'admin';

/** The signed-in user; `csrfToken` comes with a cookie session and goes back on every write. */
export interface Me {
  username: string;
  role: UserRole;
  via: 'session' | 'token' | 'basic';
  csrfToken?: string;
}

export interface LoginAnswer {
  username: string;
  role: UserRole;
  csrfToken: string;
}

/** The error body every /api/v1 route returns. */
export interface ApiErrorBody {
  error: string;
  message: string;
  details?: unknown;
}
