import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { NotFoundError } from '../../errors.ts';
import { ShortLivedCache } from '../../lib/short-lived-cache.ts';
import { AREA_CACHE_TTL_MS, areaDataGeneration } from '../areas/area-cache.ts';
import { listAreas, type Area } from '../areas/repository.ts';
import type { LayerExtent } from '../exports/layer-source.ts';
import type { LayerRegistry } from '../exports/sources.ts';
import { collectionId, type OgcCollection } from './collections.ts';

/**
 * The metadata of the OGC collections, cached: the list of areas (hence of collections) and each
 * collection's extent, which otherwise cost one aggregate query per area and layer on every listing
 * (GDAL and QGIS list the collections often; 40 listings at once held the event loop for seconds).
 * An extent is kept per area inputs version (which moves with sites, cells, clutter and settlements)
 * and, like the other read caches, only within the data generation it was read in: every write
 * request through this process drops it, so an edit shows in the next listing. Writes by another
 * process show within AREA_CACHE_TTL_MS.
 */
export class CollectionMetadata {
  private readonly areas = new ShortLivedCache<Area[]>({ ttlMs: AREA_CACHE_TTL_MS, maxEntries: 1, generation: areaDataGeneration });
  private readonly extents = new ShortLivedCache<LayerExtent>({
    ttlMs: AREA_CACHE_TTL_MS,
    maxEntries: 4096,
    generation: areaDataGeneration,
  });

  constructor(
    private readonly db: Kysely<Database>,
    private readonly registry: LayerRegistry,
  ) {}

  /** Every area x every layer, in area then registry order. */
  async collections(): Promise<OgcCollection[]> {
    const areas = (await this.areas.fetch('all', () => listAreas(this.db)))!;
    return areas.flatMap((area) => this.registry.sources.map((source) => ({ id: collectionId(area, source), area, source })));
  }

  /**
   * Resolve `<area code>-<layer>`. Area codes may contain dashes, and layer names too (`gaps-gsm`), so
   * the id is matched against every combination rather than split. Throws 404 naming the id.
   */
  async require(id: string): Promise<OgcCollection> {
    const found = (await this.collections()).find((c) => c.id === id);
    if (!found) throw new NotFoundError('collection', id);
    return found;
  }

  /** A collection's extent (its features' bbox and time interval). */
  async extent(c: OgcCollection): Promise<LayerExtent> {
    const key = `${c.area.id}:${c.area.inputsVersion}:${c.source.name}`;
    return (await this.extents.fetch(key, () => c.source.extent({ db: this.db, area: c.area })))!;
  }
}
