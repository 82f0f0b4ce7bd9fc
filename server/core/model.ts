/**
 * Domain vocabulary shared by the pure core, the server features and the web client.
 * Plain data only: no I/O. Coordinates are always [lon, lat] in WGS84 degrees.
 */

/** Radio technologies. GSM = G-net (900/1800 MHz), CDMA = C-net (800 MHz); the rest are room to grow. */
export const TECHNOLOGIES = ['GSM', 'CDMA', 'UMTS', 'LTE', 'NR'] as const;
export type Technology = (typeof TECHNOLOGIES)[number];

export function isTechnology(value: unknown): value is Technology {
  return TECHNOLOGIES.some((t) => t === value);
}

/** Environment (clutter) classes driving the Hata corrections. */
export const ENVIRONMENT_CLASSES = ['urban-large', 'urban', 'suburban', 'rural'] as const;
export type EnvironmentClass = (typeof ENVIRONMENT_CLASSES)[number];

export function isEnvironmentClass(value: unknown): value is EnvironmentClass {
  return ENVIRONMENT_CLASSES.some((c) => c === value);
}

export const SITE_STATUSES = ['existing', 'planned'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

/** The network a problem report is about; `unknown` when the customer could not say. */
export const REPORT_TECHNOLOGIES = [...TECHNOLOGIES, 'unknown'] as const;
export type ReportTechnology = (typeof REPORT_TECHNOLOGIES)[number];

export const REPORT_KINDS = ['no-signal', 'weak-signal', 'dropped-call', 'indoor', 'data', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Where a report came from; `unknown` when the file does not say (a complaint log has no source column). */
export const REPORT_SOURCES = ['callback', 'questionnaire', 'complaint', 'onsite-test', 'drive-test', 'unknown'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

export const CUSTOMER_TIERS = ['high', 'mid', 'regular'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const REPORT_STATUSES = ['open', 'investigating', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_RESOLUTIONS = ['optimized', 'repeater', 'new-site', 'no-fault-found'] as const;
export type ReportResolution = (typeof REPORT_RESOLUTIONS)[number];

/** What a gazetteer place is (an address names it): a residential estate (小区), a village, a town, one building, a landmark, a business hall (营业厅). */
export const PLACE_KINDS = ['estate', 'village', 'town', 'building', 'landmark', 'business-hall'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** How a report's position was obtained: its own coordinates, or the place its address names (less precise). */
export const REPORT_LOCATED = ['coordinates', 'address'] as const;
export type ReportLocated = (typeof REPORT_LOCATED)[number];
/** Problems a survey respondent may tick (or name); `other` keeps a wording the import did not recognise. */
export const SURVEY_PROBLEMS = ['no-signal', 'weak-signal', 'dropped-call', 'indoor', 'data', 'other'] as const;
export type SurveyProblem = (typeof SURVEY_PROBLEMS)[number];

/** How a survey answer was collected: a handed-out questionnaire or a phone call-back. */
export const SURVEY_SOURCES = ['questionnaire', 'callback'] as const;
export type SurveySource = (typeof SURVEY_SOURCES)[number];

/** Where a survey answer's position came from: its coordinates, or its address placed by the area's gazetteer. */
export const SURVEY_LOCATED = ['coordinates', 'address'] as const;
export type SurveyLocated = (typeof SURVEY_LOCATED)[number];

export const CANDIDATE_STATUSES = ['proposed', 'approved', 'rejected', 'built'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

export const CANDIDATE_ORIGINS = ['manual', 'generated'] as const;
export type CandidateOrigin = (typeof CANDIDATE_ORIGINS)[number];

/** Remedies a branch uses (DOMAIN: network optimisation, repeaters, new base stations, indoor systems), or investigate. */
export const REMEDY_KINDS = ['parameter-optimization', 'repeater', 'new-site', 'indoor-solution', 'investigate'] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

/** Radio parameters of one cell (sector or omni antenna). */
export interface CellRadio {
  technology: Technology;
  frequencyMhz: number;
  /** Antenna height above ground, metres. */
  heightM: number;
  /** Boresight azimuth, degrees clockwise from north; null = omnidirectional. */
  azimuthDeg: number | null;
  /** Horizontal half-power beamwidth, degrees (ignored for omni). */
  beamwidthDeg: number;
  /** Electrical + mechanical downtilt, degrees (positive = down). */
  tiltDeg: number;
  /** Transmit power at the antenna connector before feeder loss, dBm. */
  powerDbm: number;
  /** Antenna gain, dBi. */
  gainDbi: number;
  /** Feeder, connector and combiner losses, dB. */
  lossDb: number;
}

/** A cell placed on the map, as the coverage engine consumes it. */
export interface CellSpec extends CellRadio {
  /** Stable key, unique within an area (site code + '/' + cell code). */
  key: string;
  siteCode: string;
  cellCode: string;
  lon: number;
  lat: number;
}

/** Per-area settings; thresholds are settings, never constants in code. */
export interface AreaSettings {
  receiverHeightM: number;
  resolutionM: number;
  defaultEnvironment: EnvironmentClass;
  /** Outdoor coverage threshold per technology, dBm. */
  thresholdsDbm: Record<Technology, number>;
  indoorPenetrationLossDb: number;
  /** Cells within this many dB of the best server count as overlapping servers. */
  overlapMarginDb: number;
  /** CDMA pilot pollution: more than `pilotPollutionCount` pilots within `pilotPollutionMarginDb` of the best. */
  pilotPollutionMarginDb: number;
  pilotPollutionCount: number;
  /** Gaps smaller than this are ignored. */
  minGapAreaKm2: number;
  /**
   * Predict over the area's DEM (effective height, diffraction: server/core/radio/terrain) when it has
   * one; off, or without a DEM, the flat-earth model. Off by default while building the terrain tables
   * costs tens of times a flat recompute (README, "Terrain").
   */
  terrainPropagation: boolean;
}

export const DEFAULT_AREA_SETTINGS: AreaSettings = {
  receiverHeightM: 1.5,
  resolutionM: 25,
  defaultEnvironment: 'suburban',
  thresholdsDbm: { GSM: -90, CDMA: -95, UMTS: -100, LTE: -110, NR: -110 },
  indoorPenetrationLossDb: 15,
  overlapMarginDb: 6,
  pilotPollutionMarginDb: 5,
  pilotPollutionCount: 3,
  minGapAreaKm2: 0.05,
  terrainPropagation: false,
};

/** The settings a user set for an area (each one optional, thresholds per technology), merged over the defaults. */
export type AreaSettingsOverrides = Partial<Omit<AreaSettings, 'thresholdsDbm'>> & { thresholdsDbm?: Partial<Record<Technology, number>> };

/** Merge partial settings over the defaults (thresholds merged per technology). */
export function resolveAreaSettings(partial: AreaSettingsOverrides | null | undefined): AreaSettings {
  const p = partial ?? {};
  return {
    ...DEFAULT_AREA_SETTINGS,
    ...p,
    thresholdsDbm: { ...DEFAULT_AREA_SETTINGS.thresholdsDbm, ...(p.thresholdsDbm ?? {}) },
  };
}

export type LonLat = [lon: number, lat: number];
