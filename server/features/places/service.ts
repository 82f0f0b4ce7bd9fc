import type { Kysely } from 'kysely';
import { createGazetteer, type Gazetteer } from '../../core/geo/gazetteer.ts';
import type { Database } from '../../db/types.ts';
import { listGazetteerPlaces } from './repository.ts';

/**
 * The area's gazetteer, for placing rows that have an address but no coordinates (imports of
 * reports, and of any kind in ADDRESS_LOCATABLE_KINDS). Read in the caller's transaction `db`.
 */
export async function loadGazetteer(db: Kysely<Database>, areaId: number): Promise<Gazetteer> {
  return createGazetteer(await listGazetteerPlaces(db, areaId));
}
