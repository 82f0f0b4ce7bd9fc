/**
 * The API contract: the TypeBox schemas of every /api/v1 and /ogc request and answer, and the types derived
 * from them (`Static<typeof X>`). The routes validate and serialise with these schemas and the OpenAPI
 * document is built from them; the web client imports the types from here (type-only imports, so the
 * browser bundle gets no schema code). Only TypeBox and pure shared modules may be imported here
 * (rule `contract-is-pure` in scripts/boundaries/rules.ts).
 */
export * from './areas.ts';
export * from './audit.ts';
export * from './auth.ts';
export * from './basemap.ts';
export * from './calibration.ts';
export * from './candidates.ts';
export * from './clutter.ts';
export * from './coverage.ts';
export * from './coverage-jobs.ts';
export * from './dashboard.ts';
export * from './elevation.ts';
export * from './exports.ts';
export * from './health.ts';
export * from './import-value-mappings.ts';
export * from './imports.ts';
export * from './measurements.ts';
export * from './ogc.ts';
export * from './parameters.ts';
export * from './places.ts';
export * from './planning.ts';
export * from './reports.ts';
export * from './scenarios.ts';
export * from './settlements.ts';
export * from './shared.ts';
export * from './sites.ts';
export * from './surveys.ts';
export * from './users.ts';
