import type { Kysely } from 'kysely';
import { cellInvalidText } from '../../core/coverage/usable-cells.ts';
import type { Database } from '../../db/types.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.ts';
import { areaDataChanged } from '../areas/area-cache.ts';
import type { Area } from '../areas/repository.ts';
import { SITE_MARGIN_DEG, checkNearArea } from '../shared/location.ts';
import * as repo from './repository.ts';
import type { CellWrite, Site } from './repository.ts';
import type { CellFeature, CellInput, CellUpdate, SiteCreate, SiteUpdate } from '../../contract/sites.ts';

export function cellWrite(c: CellInput): CellWrite {
  return {
    code: c.code,
    technology: c.technology,
    frequencyMhz: c.frequencyMhz,
    heightM: c.heightM,
    azimuthDeg: c.azimuthDeg ?? null,
    beamwidthDeg: c.beamwidthDeg ?? 65,
    tiltDeg: c.tiltDeg ?? 0,
    powerDbm: c.powerDbm,
    gainDbi: c.gainDbi ?? 0,
    lossDb: c.lossDb ?? 0,
  };
}

function checkCellCodes(cells: CellInput[]): void {
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    if (seen.has(c.code)) {
      throw new UnprocessableError(`/body/cells/${i}/code: duplicate cell code "${c.code}"`, [
        { field: `/body/cells/${i}/code`, message: 'duplicate cell code within the site', value: c.code },
      ]);
    }
    seen.add(c.code);
  });
}

async function requireSite(db: Kysely<Database>, area: Area, id: number): Promise<Site> {
  const site = await repo.findSite(db, area.id, id);
  if (!site) throw new NotFoundError('site', id);
  return site;
}

async function checkCodeFree(db: Kysely<Database>, area: Area, code: string, selfId?: number): Promise<void> {
  const other = await repo.findSiteByCode(db, area.id, code);
  if (other && other.id !== selfId) {
    throw new ConflictError(`site code "${code}" already exists in area "${area.code}"`, [
      { field: '/body/code', message: 'already exists', value: code },
    ]);
  }
}

export async function createSite(db: Kysely<Database>, area: Area, input: SiteCreate): Promise<Site> {
  checkNearArea(area, input.lon, input.lat, SITE_MARGIN_DEG);
  checkCellCodes(input.cells);
  await checkCodeFree(db, area, input.code);
  const id = await db.transaction().execute((trx) =>
    repo.insertSite(
      trx,
      area.id,
      {
        code: input.code,
        name: input.name,
        lon: input.lon,
        lat: input.lat,
        status: input.status ?? 'existing',
        address: input.address ?? null,
        note: input.note ?? null,
        approximate: input.approximate ?? false,
      },
      input.cells.map(cellWrite),
    ),
  );
  areaDataChanged();
  return requireSite(db, area, id);
}

export async function updateSite(db: Kysely<Database>, area: Area, id: number, input: SiteUpdate): Promise<Site> {
  const site = await requireSite(db, area, id);
  const lon = input.lon ?? site.lon;
  const lat = input.lat ?? site.lat;
  checkNearArea(area, lon, lat, SITE_MARGIN_DEG);
  if (input.code) await checkCodeFree(db, area, input.code, site.id);
  if (input.cells) checkCellCodes(input.cells);
  await db.transaction().execute(async (trx) => {
    await repo.updateSite(trx, site.id, {
      code: input.code ?? site.code,
      name: input.name ?? site.name,
      lon,
      lat,
      status: input.status ?? site.status,
      address: input.address === undefined ? site.address : input.address,
      note: input.note === undefined ? site.note : input.note,
      approximate: input.approximate ?? site.approximate,
    });
    if (input.cells) await repo.replaceCells(trx, site.id, input.cells.map(cellWrite));
  });
  areaDataChanged();
  return requireSite(db, area, id);
}

export async function deleteSite(db: Kysely<Database>, area: Area, id: number): Promise<void> {
  const deleted = await repo.deleteSite(db, area.id, id);
  areaDataChanged();
  if (!deleted) throw new NotFoundError('site', id);
}

export async function getSite(db: Kysely<Database>, area: Area, id: number): Promise<Site> {
  return requireSite(db, area, id);
}

/** Edit one cell's parameters (azimuth, tilt, power...), the planner's most common change. */
export async function updateCell(db: Kysely<Database>, area: Area, id: number, input: CellUpdate): Promise<repo.CellWithSite> {
  const cell = await repo.findCell(db, area.id, id);
  if (!cell) throw new NotFoundError('cell', id);
  if (input.code && input.code !== cell.code) {
    const site = await repo.findSite(db, area.id, cell.siteId);
    if (site?.cells.some((c) => c.code === input.code)) {
      throw new ConflictError(`cell code "${input.code}" already exists on site "${cell.siteCode}"`, [
        { field: '/body/code', message: 'already exists', value: input.code },
      ]);
    }
  }
  const merged: CellWrite = {
    code: input.code ?? cell.code,
    technology: input.technology ?? cell.technology,
    frequencyMhz: input.frequencyMhz ?? cell.frequencyMhz,
    heightM: input.heightM ?? cell.heightM,
    azimuthDeg: input.azimuthDeg === undefined ? cell.azimuthDeg : input.azimuthDeg,
    beamwidthDeg: input.beamwidthDeg ?? cell.beamwidthDeg,
    tiltDeg: input.tiltDeg ?? cell.tiltDeg,
    powerDbm: input.powerDbm ?? cell.powerDbm,
    gainDbi: input.gainDbi ?? cell.gainDbi,
    lossDb: input.lossDb ?? cell.lossDb,
  };
  await repo.updateCell(db, id, merged);
  // The trigger moved the area's inputs version on: cached area rows (and the cells ETag) go stale now.
  areaDataChanged();
  return (await repo.findCell(db, area.id, id))!;
}

/** A cell as a GeoJSON point feature; `properties.invalid` says why the engine skips it, when it does. */
export function cellFeature(c: repo.CellWithSite): CellFeature {
  const { lon, lat, siteCode, siteName, siteStatus, ...cell } = c;
  const invalid = cellInvalidText(c);
  return {
    type: 'Feature',
    id: c.id,
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { ...cell, siteCode, siteName, siteStatus, ...(invalid === null ? {} : { invalid }) },
  };
}
