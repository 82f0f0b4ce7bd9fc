import { polygonIssues, type GeometryIssue } from '../core/validation/geometry.ts';
import { packPolygon, packedVertexCount } from '../core/validation/packed-polygon.ts';
import { inlineCpuTasks, type CpuTasks } from './cpu-pool.ts';

/**
 * Polygons with more positions than this are checked on a worker thread: below it the check takes a
 * few ms in place, above it the self-intersection test (and, before the n log n test, far worse)
 * would hold the event loop, and health checks and every other request with it.
 */
export const POLYGON_WORKER_MIN_VERTICES = 2_000;

/** polygonIssues, asynchronous: large polygons are checked off the event loop. */
export type PolygonChecker = (geometry: unknown, path: string) => Promise<GeometryIssue[]>;

/**
 * A checker running large polygons (over POLYGON_WORKER_MIN_VERTICES) on `tasks`, packed into flat
 * arrays so that handing them over costs one copy. Malformed geometries (not arrays of numeric
 * positions) are refused by the structural checks before any costly test, so they stay here.
 */
export function polygonChecker(tasks: CpuTasks): PolygonChecker {
  return async (geometry, path) => {
    const packed = tasks.threads > 0 ? packPolygon(geometry) : null;
    if (!packed || packedVertexCount(packed) <= POLYGON_WORKER_MIN_VERTICES) return polygonIssues(geometry, path);
    return tasks.run('polygonIssues', { polygon: packed, path });
  };
}

/** Checks every polygon in the calling thread (scripts, the demo seed). */
export const inlinePolygonCheck: PolygonChecker = polygonChecker(inlineCpuTasks);
