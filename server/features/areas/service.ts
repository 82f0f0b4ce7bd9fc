import type { Kysely } from 'kysely';
import { createAreaGrid } from '../../core/geo/area-grid.ts';
import { resolveAreaSettings } from '../../core/model.ts';
import { EngineInputError } from '../../core/radio/engine-input-error.ts';
import { geometryBBox } from '../../core/validation/geometry.ts';
import type { Database } from '../../db/types.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.ts';
import type { AreaCreate, Area as AreaAnswer, AreaUpdate } from '../../contract/areas.ts';
import { inlinePolygonCheck, type PolygonChecker } from '../../workers/polygon-check.ts';
import { areaDataChanged, findAreaCached } from './area-cache.ts';
import * as repo from './repository.ts';
import type { Area, StoredAreaSettings } from './repository.ts';

/** Resolve `:areaId` (id or code) or throw 404; cached a few seconds, dropped by any write (area-cache.ts). */
export async function requireArea(db: Kysely<Database>, areaId: string | number): Promise<Area> {
  const area = await findAreaCached(db, areaId);
  if (!area) throw new NotFoundError('area', areaId);
  return area;
}

/** Refuse an invalid polygon with 422 naming the first issue's path (large ones are checked off the event loop). */
export async function checkBoundary(
  boundary: unknown,
  field = '/body/boundary',
  check: PolygonChecker = inlinePolygonCheck,
): Promise<void> {
  const issues = await check(boundary, field);
  if (issues.length > 0) {
    throw new UnprocessableError(
      `${issues[0].path}: ${issues[0].message}`,
      issues.map((i) => ({ field: i.path, message: i.message })),
    );
  }
}

/** The coverage grid of the boundary at the resolution must fit the engine's pixel limit. */
function checkGridSize(boundary: Area['boundary'], settings: StoredAreaSettings | undefined, field: string, maxPixels?: number): void {
  try {
    createAreaGrid(boundary, resolveAreaSettings(settings).resolutionM, maxPixels);
  } catch (err) {
    if (!(err instanceof EngineInputError)) throw err;
    throw new UnprocessableError(`${field}: ${err.message}; choose a coarser settings.resolutionM or a smaller boundary`, [
      { field, message: err.message },
    ]);
  }
}

/** maxPixels: the MAX_AREA_PIXELS setting (default DEFAULT_MAX_AREA_PIXELS). */
export async function createArea(
  db: Kysely<Database>,
  input: AreaCreate,
  check: PolygonChecker = inlinePolygonCheck,
  maxPixels?: number,
): Promise<Area> {
  await checkBoundary(input.boundary, '/body/boundary', check);
  checkGridSize(input.boundary, input.settings, input.settings?.resolutionM ? '/body/settings/resolutionM' : '/body/boundary', maxPixels);
  if (await repo.findArea(db, input.code)) {
    throw new ConflictError(`area code "${input.code}" already exists`, [
      { field: '/body/code', message: 'already exists', value: input.code },
    ]);
  }
  const created = await repo.insertArea(db, {
    code: input.code,
    name: input.name,
    boundary: input.boundary,
    bbox: geometryBBox(input.boundary),
    settings: input.settings ?? {},
  });
  areaDataChanged();
  return created;
}

export async function updateArea(
  db: Kysely<Database>,
  areaId: string,
  input: AreaUpdate,
  check: PolygonChecker = inlinePolygonCheck,
  maxPixels?: number,
): Promise<Area> {
  const area = await requireArea(db, areaId);
  if (input.boundary) await checkBoundary(input.boundary, '/body/boundary', check);
  if (input.code && input.code !== area.code) {
    const other = await repo.findArea(db, input.code);
    if (other && other.id !== area.id) {
      throw new ConflictError(`area code "${input.code}" already exists`, [
        { field: '/body/code', message: 'already exists', value: input.code },
      ]);
    }
  }
  const boundary = input.boundary ?? area.boundary;
  const settings: StoredAreaSettings = input.settings
    ? {
        ...area.storedSettings,
        ...input.settings,
        thresholdsDbm: { ...area.storedSettings.thresholdsDbm, ...input.settings.thresholdsDbm },
      }
    : area.storedSettings;
  const inputsChanged = Boolean(input.boundary || input.settings);
  if (inputsChanged)
    checkGridSize(boundary, settings, input.settings?.resolutionM ? '/body/settings/resolutionM' : '/body/boundary', maxPixels);
  const updated = await repo.updateArea(
    db,
    area.id,
    { code: input.code ?? area.code, name: input.name ?? area.name, boundary, bbox: geometryBBox(boundary), settings },
    inputsChanged,
  );
  areaDataChanged();
  return updated;
}

export async function deleteArea(db: Kysely<Database>, areaId: string): Promise<void> {
  const area = await requireArea(db, areaId);
  await repo.deleteArea(db, area.id);
  areaDataChanged();
}

/** The API representation of an area. */
export function areaDto(area: Area): AreaAnswer {
  return {
    id: area.id,
    code: area.code,
    name: area.name,
    boundary: area.boundary,
    bbox: area.bbox,
    settings: area.settings,
    inputsVersion: area.inputsVersion,
    createdAt: area.createdAt.toISOString(),
    updatedAt: area.updatedAt.toISOString(),
  };
}
