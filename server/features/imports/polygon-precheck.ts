import type { SourceCrs } from '../../core/formats/crs.ts';
import type { ImportKind } from '../../core/formats/kinds.ts';
import type { SourceRecord } from '../../core/formats/source-types.ts';
import type { RowPolygonCheck } from '../../core/import/geometry-reader.ts';
import { packPolygon, packedVertexCount, unpackPolygon } from '../../core/validation/packed-polygon.ts';
import type { CpuTasks } from '../../workers/cpu-pool.ts';
import type { RowPolygonJob } from '../../workers/cpu-tasks.ts';
import { POLYGON_WORKER_MIN_VERTICES } from '../../workers/polygon-check.ts';

const POLYGON_KINDS: ReadonlySet<ImportKind> = new Set(['clutter', 'settlements', 'boundary', 'places']);

/** Large row polygons checked ahead of their rows' validation, for the validator to find (ValidationContext.checkedPolygons). */
export interface PolygonPrecheck {
  checked: WeakMap<object, RowPolygonCheck>;
  /** Check the record's polygon on a worker thread when it is large; small ones are left to the validator. */
  before(record: SourceRecord): Promise<void>;
}

/**
 * For polygon imports (clutter, settlements, boundary) with a worker pool: each polygon over
 * POLYGON_WORKER_MIN_VERTICES is checked (ranges, CRS conversion, self-intersections, repair, whether
 * it touches `area`) on a worker thread before its row is validated, so a file of large polygons does
 * not hold the event loop. Null when there is nothing to do (another kind, or no pool).
 */
export function polygonPrecheck(
  kind: ImportKind,
  tasks: CpuTasks | undefined,
  crs: SourceCrs,
  area: RowPolygonJob['area'],
): PolygonPrecheck | null {
  if (!tasks || tasks.threads === 0 || !POLYGON_KINDS.has(kind)) return null;
  const checked = new WeakMap<object, RowPolygonCheck>();
  return {
    checked,
    async before(record) {
      const geometry = record.geometry;
      if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return;
      const packed = packPolygon(geometry);
      if (!packed || packedVertexCount(packed) <= POLYGON_WORKER_MIN_VERTICES) return;
      const result = await tasks.run('rowPolygon', { polygon: packed, crs, area });
      if (!result.ok) {
        checked.set(geometry, result);
        return;
      }
      const { polygon, ...rest } = result;
      checked.set(geometry, { ...rest, geometry: unpackPolygon(polygon) });
    },
  };
}
