import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../db/types.ts';
import { listAreas } from '../areas/repository.ts';
import { createArea } from '../areas/service.ts';
import { importFile } from '../imports/service.ts';
import { repairPolygon } from '../../core/validation/repair-polygon.ts';
import { fileSource } from '../imports/file-source.ts';
import { importDem } from '../elevation/service.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../core/formats/limits.ts';

/** The Ranghulu demo data set, as an operator would export it (see geo-data/README.md). */
export const DEMO_DIR = fileURLToPath(new URL('../../../geo-data/ranghulu/', import.meta.url));

/** The demo's elevation model (see scripts/demo-data/elevation.ts). */
const DEMO_DEM_FILE = 'dem.tif';

/** Files in load order: the area first, then what refers to it. */
const DEMO_FILES = [
  { kind: 'clutter', file: 'clutter.geojson' },
  { kind: 'settlements', file: 'settlements.geojson' },
  // The gazetteer, before the reports: rows with an address but no coordinates are placed by it.
  { kind: 'places', file: 'places.geojson' },
  { kind: 'cells', file: 'cells.csv' },
  { kind: 'candidates', file: 'candidates.csv' },
  { kind: 'reports', file: 'reports.csv' },
  { kind: 'measurements', file: 'measurements.csv' },
  { kind: 'survey-responses', file: 'surveys.csv' },
] as const;

/**
 * Load the Ranghulu demo area through the same import code users' files go through.
 * Runs only when the database has no area, so a restart reuses the data.
 */
export async function seedDemoIfEmpty(
  db: Kysely<Database>,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
  dir = DEMO_DIR,
): Promise<boolean> {
  if ((await listAreas(db)).length > 0) return false;
  const started = Date.now();
  const meta = JSON.parse(await readFile(dir + 'area.json', 'utf8')) as { code: string; name: string; settings?: Record<string, unknown> };
  const boundaryFile = JSON.parse(await readFile(dir + 'boundary.geojson', 'utf8')) as GeoJSON.FeatureCollection | GeoJSON.Feature;
  const raw = (boundaryFile.type === 'FeatureCollection' ? boundaryFile.features[0].geometry : boundaryFile.geometry) as GeoJSON.Polygon;
  // The real district boundary is coarse (vertices on a ~0.001° grid) and its ring touches itself.
  const { geometry: boundary, notes } = repairPolygon(raw);
  for (const note of notes) log.info({ file: 'boundary.geojson' }, `boundary repaired: ${note}`);
  const area = await createArea(db, { code: meta.code, name: meta.name, boundary, settings: meta.settings });
  for (const { kind, file } of DEMO_FILES) {
    const report = await importFile(db, {
      areaId: area.id,
      kind,
      source: { bytes: fileSource(dir + file) },
      fileName: file,
      username: 'demo-seed',
    });
    if (!report.committed) {
      const first = report.errors[0];
      throw new Error(
        `demo data ${file} did not import: ${report.rowsRejected} bad row(s)${first ? `, first at line ${first.line} (${first.column}): ${first.reason}` : ''}`,
      );
    }
    log.info({ file, inserted: report.rowsInserted }, 'demo data imported');
  }
  // The elevation model (a small GeoTIFF), through the DEM import as an operator's SRTM tiles would go.
  const dem = await importDem(db, {
    area,
    files: [{ name: DEMO_DEM_FILE, bytes: await readFile(dir + DEMO_DEM_FILE) }],
    maxExpandedBytes: DEFAULT_IMPORT_LIMITS.maxExpandedBytes,
    username: 'demo-seed',
  });
  log.info({ file: DEMO_DEM_FILE, minHeightM: dem.minHeightM, maxHeightM: dem.maxHeightM }, 'demo elevation model imported');
  log.info({ area: area.code, ms: Date.now() - started }, 'Ranghulu demo data loaded');
  return true;
}
