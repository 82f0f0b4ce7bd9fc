/** What a file contains; decides the canonical fields, the validator and the table written. */
export const IMPORT_KINDS = [
  'cells',
  'reports',
  'candidates',
  'measurements',
  'clutter',
  'settlements',
  'boundary',
  'survey-responses',
  'places',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Kinds whose rows are polygons (or points) carried as feature geometry rather than lon/lat columns. */
export const GEOMETRY_KINDS: ReadonlySet<ImportKind> = new Set(['clutter', 'settlements', 'boundary', 'places']);

/**
 * Kinds whose rows may carry an address instead of coordinates: such a row is placed at the place of
 * the area's gazetteer (kind `places`) that its address names, so the lon/lat columns are not
 * required when an address column is there.
 */
export const ADDRESS_LOCATABLE_KINDS: ReadonlySet<ImportKind> = new Set(['reports', 'survey-responses']);

/**
 * Canonical field names per kind, in the order of the canonical CSV formats.
 * `cells` also accepts the sites' `address` and `note`.
 */
export const CANONICAL_FIELDS = {
  cells: [
    'site_code',
    'site_name',
    'lon',
    'lat',
    'site_status',
    'approximate',
    'cell_code',
    'technology',
    'frequency_mhz',
    'height_m',
    'azimuth_deg',
    'beamwidth_deg',
    'tilt_deg',
    'power_dbm',
    'gain_dbi',
    'loss_db',
    'address',
    'note',
  ],
  reports: ['external_id', 'lon', 'lat', 'technology', 'kind', 'source', 'customer_tier', 'reported_at', 'status', 'address', 'note'],
  candidates: [
    'code',
    'name',
    'lon',
    'lat',
    'technology',
    'cost',
    'status',
    'origin',
    'approximate',
    'note',
    'frequency_mhz',
    'height_m',
    'azimuths_deg',
    'beamwidth_deg',
    'tilt_deg',
    'power_dbm',
    'gain_dbi',
    'loss_db',
  ],
  measurements: ['external_id', 'survey', 'lon', 'lat', 'technology', 'level_dbm', 'serving_cell', 'measured_at'],
  clutter: ['code', 'name', 'environment'],
  settlements: ['code', 'name', 'population', 'approximate', 'lon', 'lat'],
  boundary: ['code', 'name'],
  places: ['code', 'name', 'name_en', 'aliases', 'kind', 'approximate', 'lon', 'lat'],
  'survey-responses': [
    'external_id',
    'answered_at',
    'technology',
    'lon',
    'lat',
    'address',
    'satisfaction',
    'problems',
    'problem_indoor',
    'problem_dropped_call',
    'problem_data',
    'problem_no_signal',
    'problem_weak_signal',
    'comment',
    'source',
  ],
} as const satisfies Record<ImportKind, readonly string[]>;

export type CanonicalField<K extends ImportKind = ImportKind> = (typeof CANONICAL_FIELDS)[K][number];

/** Fields that must be present as columns (lon/lat may instead come from point geometry). */
export const REQUIRED_FIELDS: Record<ImportKind, readonly string[]> = {
  cells: ['site_code', 'lon', 'lat', 'cell_code', 'technology', 'frequency_mhz', 'height_m', 'power_dbm'],
  reports: ['lon', 'lat'],
  candidates: ['code', 'lon', 'lat', 'technology', 'frequency_mhz', 'height_m', 'power_dbm'],
  measurements: ['lon', 'lat', 'technology', 'level_dbm', 'measured_at'],
  clutter: ['code', 'environment'],
  settlements: ['code', 'name', 'population'],
  boundary: [],
  places: ['name'],
  // The position is coordinates or an address, checked per row (an address needs the area's gazetteer).
  'survey-responses': ['answered_at', 'satisfaction'],
};

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}
