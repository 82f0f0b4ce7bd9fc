import type { Kysely, Selectable, Transaction } from 'kysely';
import { Value } from 'typebox/value';
import { CalibrationReport, type CalibrationTechnology } from '../../contract/calibration.ts';
import { ENVIRONMENT_CLASSES, type Technology } from '../../core/model.ts';
import { calibrationTermIssues } from '../../core/radio/parameter-ranges.ts';
import type { PathLossCalibration } from '../../core/radio/path-loss.ts';
import type { CalibrationsTable, Database } from '../../db/types.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type { CalibrationReport, CalibrationTechnology };

/** A stored calibration of an area's path-loss model. */
export interface StoredCalibration {
  id: number;
  areaId: number;
  createdAt: Date;
  createdBy: string | null;
  enabled: boolean;
  disabledAt: Date | null;
  technology: CalibrationTechnology;
  terms: PathLossCalibration;
  report: CalibrationReport;
  sampleCount: number;
}

export type CalibrationWrite = Pick<StoredCalibration, 'createdBy' | 'technology' | 'terms' | 'report' | 'sampleCount'>;

/** A drive-test measurement as calibration reads it; [lon, lat] WGS84 degrees. */
export interface MeasurementRow {
  lon: number;
  lat: number;
  technology: Technology;
  levelDbm: number;
  servingCell: string | null;
}

type CalibrationRow = Selectable<CalibrationsTable>;

/**
 * Keep only terms of known classes within their ranges (core/radio/parameter-ranges.ts): the engine
 * trusts what this returns, and a class whose stored term breaks the rule stays uncalibrated.
 */
function toTerms(raw: Record<string, unknown>): PathLossCalibration {
  const terms: PathLossCalibration = {};
  for (const environment of ENVIRONMENT_CLASSES) {
    const t = raw[environment];
    if (!isRecord(t)) continue;
    const term = { interceptDeltaDb: numberOrNaN(t.interceptDeltaDb), slopeDeltaDb: numberOrNaN(t.slopeDeltaDb) };
    if (calibrationTermIssues(term).length === 0) terms[environment] = term;
  }
  return terms;
}

/** The stored report (jsonb `stats`, written by insertEnabledCalibration), checked against its contract schema. */
function toReport(row: CalibrationRow): CalibrationReport {
  if (!Value.Check(CalibrationReport, row.stats))
    throw new Error(`calibration ${row.id}: the stored report does not match the CalibrationReport schema`);
  return row.stats;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrNaN(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

function toCalibration(row: CalibrationRow): StoredCalibration {
  return {
    id: row.id,
    areaId: row.area_id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    enabled: row.enabled,
    disabledAt: row.disabled_at,
    technology: row.technology,
    terms: toTerms(row.terms),
    report: toReport(row),
    sampleCount: row.sample_count,
  };
}

/** The area's enabled calibration, if any. */
export async function findActiveCalibration(db: Db, areaId: number): Promise<StoredCalibration | undefined> {
  const row = await db.selectFrom('calibrations').selectAll().where('area_id', '=', areaId).where('enabled', '=', true).executeTakeFirst();
  return row ? toCalibration(row) : undefined;
}

/**
 * The terms the coverage engine should use for an area (CoverageInputs.calibration), or null for the
 * uncalibrated model. `version` changes whenever another calibration is enabled: key caches by it.
 */
export async function loadActiveCalibration(db: Db, areaId: number): Promise<{ version: string; calibration: PathLossCalibration } | null> {
  const row = await db
    .selectFrom('calibrations')
    .select(['id', 'terms'])
    .where('area_id', '=', areaId)
    .where('enabled', '=', true)
    .executeTakeFirst();
  return row ? { version: `calibration-${row.id}`, calibration: toTerms(row.terms) } : null;
}

/** The area's calibrations, newest first. */
export async function listCalibrations(db: Db, areaId: number, limit: number): Promise<StoredCalibration[]> {
  const rows = await db.selectFrom('calibrations').selectAll().where('area_id', '=', areaId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toCalibration);
}

/**
 * Store a calibration as the area's enabled one, disabling the previous one, in one transaction
 * that locks the area row so two concurrent applies cannot both win.
 */
export async function insertEnabledCalibration(db: Kysely<Database>, areaId: number, write: CalibrationWrite): Promise<StoredCalibration> {
  return db.transaction().execute(async (tx) => {
    await tx.selectFrom('areas').select('id').where('id', '=', areaId).forUpdate().executeTakeFirstOrThrow();
    await disableActiveCalibration(tx, areaId);
    const row = await tx
      .insertInto('calibrations')
      .values({
        area_id: areaId,
        created_by: write.createdBy,
        enabled: true,
        technology: write.technology,
        terms: JSON.stringify(write.terms),
        stats: JSON.stringify(write.report),
        sample_count: write.sampleCount,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCalibration(row);
  });
}

/** Disable the area's enabled calibration (back to the uncalibrated model); the disabled one, if any. */
export async function disableActiveCalibration(db: Db, areaId: number): Promise<StoredCalibration | undefined> {
  const row = await db
    .updateTable('calibrations')
    .set({ enabled: false, disabled_at: new Date() })
    .where('area_id', '=', areaId)
    .where('enabled', '=', true)
    .returningAll()
    .executeTakeFirst();
  return row ? toCalibration(row) : undefined;
}

/** The area's drive-test measurements, of one network or all. */
export async function listMeasurements(db: Db, areaId: number, technology: CalibrationTechnology): Promise<MeasurementRow[]> {
  let q = db
    .selectFrom('survey_measurements')
    .select(['lon', 'lat', 'technology', 'level_dbm', 'serving_cell'])
    .where('area_id', '=', areaId);
  if (technology !== 'all') q = q.where('technology', '=', technology);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    lon: r.lon,
    lat: r.lat,
    technology: r.technology,
    levelDbm: r.level_dbm,
    servingCell: r.serving_cell || null,
  }));
}
