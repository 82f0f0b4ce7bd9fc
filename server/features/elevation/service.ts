import type { Kysely } from 'kysely';
import type { DemImportReport } from '../../contract/elevation.ts';
import { vertexCentroid } from '../../core/geo/area-grid.ts';
import { buildAreaDem } from '../../core/geo/elevation/area-dem.ts';
import { DemError } from '../../core/geo/elevation/dem-errors.ts';
import { readDemFiles, type DemFile } from '../../core/geo/elevation/read-dem.ts';
import { EngineInputError } from '../../core/radio/engine-input-error.ts';
import type { Database } from '../../db/types.ts';
import { AppError, BadRequestError, UnprocessableError } from '../../errors.ts';
import type { Area } from '../areas/repository.ts';
import { packHeights, saveAreaDem } from './repository.ts';

export interface DemImportParams {
  area: Area;
  files: DemFile[];
  /** Bytes one GeoTIFF may decode to (the import limit on inflated bytes). */
  maxExpandedBytes: number;
  username: string;
  dryRun?: boolean;
}

/** Environment setting that raises the decode limit (see README, Untrusted files). */
const EXPANDED_SETTING = 'IMPORT_MAX_EXPANDED_BYTES';

/** A DemError as the API answers it: 400 unreadable, 413 too large, 422 not usable for the area; naming the file. */
export function demErrorAnswer(err: DemError): AppError {
  const field = err.file ? `/body/file/${err.file}` : '/body/file';
  if (err.statusCode === 413) {
    return new AppError('payload_too_large', 413, `${err.message} (limit ${EXPANDED_SETTING} for decoded bytes)`, [
      { field, message: err.code },
    ]);
  }
  if (err.statusCode === 422) return new UnprocessableError(err.message, [{ field, message: err.code }]);
  return new BadRequestError(err.message, [{ field, message: err.code }]);
}

/**
 * Import DEM files into an area: read, check that they cover the area, merge, fill voids, store
 * (replacing the area's DEM, which bumps its inputs version). Refusals are AppErrors naming the file.
 */
export async function importDem(db: Kysely<Database>, params: DemImportParams): Promise<DemImportReport> {
  const { area } = params;
  try {
    const sources = await readDemFiles(params.files, {
      maxExpandedBytes: params.maxExpandedBytes,
      areaLonLat: vertexCentroid(area.boundary),
    });
    const { grid, summary } = buildAreaDem(sources, area.boundary, area.settings.resolutionM);
    const packed = packHeights(grid.heightsM);
    let replaced = false;
    if (!params.dryRun) {
      replaced = await db.transaction().execute((trx) =>
        saveAreaDem(trx, area.id, grid, packed, {
          minHeightM: summary.minHeightM,
          maxHeightM: summary.maxHeightM,
          voidsFilled: summary.voidsFilled,
          sources: sources.map((s) => ({ name: s.name, format: s.format })),
          username: params.username,
        }),
      );
    } else {
      replaced = (await db.selectFrom('area_elevation').select('area_id').where('area_id', '=', area.id).executeTakeFirst()) !== undefined;
    }
    return {
      kind: 'dem',
      areaId: area.id,
      ...summary,
      storedBytes: packed.length,
      replaced,
      dryRun: params.dryRun ?? false,
      committed: !params.dryRun,
    };
  } catch (err) {
    if (err instanceof DemError) throw demErrorAnswer(err);
    if (err instanceof EngineInputError)
      throw new UnprocessableError(`the area cannot take a DEM: ${err.message}`, [{ field: 'area', message: err.message }]);
    throw err;
  }
}
