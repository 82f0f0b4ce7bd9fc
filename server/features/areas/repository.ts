import type { Kysely } from 'kysely';
import type { Area as AreaAnswer } from '../../contract/areas.ts';
import { TECHNOLOGIES, isEnvironmentClass, resolveAreaSettings, type AreaSettingsOverrides, type Technology } from '../../core/model.ts';
import type { AreaRow, Database } from '../../db/types.ts';

/**
 * An area's `settings` column: the settings the user set, and any other key an operator stored
 * (e.g. `opencellidDefaults`, read by OpenCelliD imports), kept as it is.
 */
export type StoredAreaSettings = AreaSettingsOverrides & { readonly [key: string]: unknown };

/** An area as the rest of the server sees it: the API's shape (settings merged over defaults), times as dates. */
export interface Area extends Omit<AreaAnswer, 'createdAt' | 'updatedAt'> {
  /** Raw settings as stored (only what the user set). */
  storedSettings: StoredAreaSettings;
  createdAt: Date;
  updatedAt: Date;
}

export function toArea(row: AreaRow): Area {
  const stored = toStoredSettings(row.settings);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    boundary: row.boundary,
    bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
    settings: resolveAreaSettings(stored),
    storedSettings: stored,
    inputsVersion: row.inputs_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const NUMERIC_SETTINGS = [
  'receiverHeightM',
  'resolutionM',
  'indoorPenetrationLossDb',
  'overlapMarginDb',
  'pilotPollutionMarginDb',
  'pilotPollutionCount',
  'minGapAreaKm2',
] as const;

/**
 * The stored settings (jsonb, written by the API after validation) as typed overrides: a known setting
 * that is not of its type is left out (its default applies); other keys are kept as they are.
 */
function toStoredSettings(raw: unknown): StoredAreaSettings {
  if (!isRecord(raw)) return {};
  const { defaultEnvironment, thresholdsDbm, ...rest } = raw;
  const settings: AreaSettingsOverrides = {};
  for (const key of NUMERIC_SETTINGS) {
    const value = rest[key];
    delete rest[key];
    if (typeof value === 'number') settings[key] = value;
  }
  if (isEnvironmentClass(defaultEnvironment)) settings.defaultEnvironment = defaultEnvironment;
  if (isRecord(thresholdsDbm)) {
    const thresholds: Partial<Record<Technology, number>> = {};
    for (const technology of TECHNOLOGIES) {
      const value = thresholdsDbm[technology];
      if (typeof value === 'number') thresholds[technology] = value;
    }
    settings.thresholdsDbm = thresholds;
  }
  return { ...rest, ...settings };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function listAreas(db: Kysely<Database>): Promise<Area[]> {
  const rows = await db.selectFrom('areas').selectAll().orderBy('id').execute();
  return rows.map(toArea);
}

/** Find an area by numeric id or by code. */
export async function findArea(db: Kysely<Database>, idOrCode: string | number): Promise<Area | undefined> {
  const key = String(idOrCode);
  // An integer beyond int4 cannot be an id (PostgreSQL would refuse the comparison): look it up as a code.
  const row =
    /^\d+$/.test(key) && Number(key) <= 2147483647
      ? await db
          .selectFrom('areas')
          .selectAll()
          .where((eb) => eb.or([eb('id', '=', Number(key)), eb('code', '=', key)]))
          .executeTakeFirst()
      : await db.selectFrom('areas').selectAll().where('code', '=', key).executeTakeFirst();
  return row ? toArea(row) : undefined;
}

/** What an area is written with: its fields and the settings to store. */
export type AreaWrite = Pick<Area, 'code' | 'name' | 'boundary' | 'bbox'> & { settings: StoredAreaSettings };

export async function insertArea(db: Kysely<Database>, area: AreaWrite): Promise<Area> {
  const row = await db
    .insertInto('areas')
    .values({
      code: area.code,
      name: area.name,
      boundary: JSON.stringify(area.boundary),
      min_lon: area.bbox[0],
      min_lat: area.bbox[1],
      max_lon: area.bbox[2],
      max_lat: area.bbox[3],
      settings: JSON.stringify(area.settings),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toArea(row);
}

/** Update an area; a change of boundary or settings bumps the inputs version (cached rasters go stale). */
export async function updateArea(db: Kysely<Database>, id: number, area: AreaWrite, inputsChanged: boolean): Promise<Area> {
  const row = await db
    .updateTable('areas')
    .set((eb) => ({
      code: area.code,
      name: area.name,
      boundary: JSON.stringify(area.boundary),
      min_lon: area.bbox[0],
      min_lat: area.bbox[1],
      max_lon: area.bbox[2],
      max_lat: area.bbox[3],
      settings: JSON.stringify(area.settings),
      updated_at: new Date(),
      inputs_version: inputsChanged ? eb('inputs_version', '+', 1) : eb.ref('inputs_version'),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toArea(row);
}

export async function deleteArea(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('areas').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
