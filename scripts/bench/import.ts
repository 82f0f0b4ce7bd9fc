/**
 * Import benchmark: a seeded 1,000,000-row problem-reports CSV imported into a fresh embedded PGlite
 * (on disk) and, when reachable, a throwaway PostgreSQL database (BENCH_DATABASE_URL, else the local
 * server at 127.0.0.1:5432). Prints wall time, rows/s, peak RSS (and the RSS the import started
 * from, so a flat profile shows) and the process's CPU time; no assertions.
 * `npx tsx scripts/bench/import.ts` runs it alone; BENCH_IMPORT_ROWS changes the row count,
 * BENCH_IMPORT_TARGETS=pglite or =postgres runs one database only (peak RSS then belongs to it alone),
 * BENCH_IMPORT_REPEAT=2 imports the file again into the same area (every row then an update).
 */
import { booleanPointInPolygon } from '@turf/turf';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { importFile } from '../../server/features/imports/service.ts';
import { withThrowawayDatabase } from './throwaway-postgres.ts';
import { fileSource } from '../../server/features/imports/file-source.ts';

const DEFAULT_ROWS = 1_000_000;
const BOUNDARY_FILE = fileURLToPath(new URL('../../geo-data/ranghulu/boundary.geojson', import.meta.url));

/** Small deterministic PRNG (mulberry32) so every run imports the same file. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Write `rows` canonical report rows at random positions inside the district; returns the file's bytes. */
async function writeReportsCsv(path: string, rows: number, boundary: GeoJSON.Polygon): Promise<number> {
  const random = prng(20061231);
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  const [minLon, minLat, maxLon, maxLat] = [124.6, 46.45, 125.02, 47.0];
  const start = Date.UTC(2005, 11, 31, 16);
  const addresses = [
    '大庆市让胡路区远望高层',
    '方晓小区',
    '宏伟二村',
    '六厂生活区',
    '喇嘛甸镇富强村',
    '银亿阳光城',
    '丽水华城',
    '乘风庄',
    '龙南',
  ];
  await write('external_id,lon,lat,technology,kind,source,customer_tier,reported_at,status,address,note\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    let lon: number;
    let lat: number;
    do {
      // Rounded as written, so a point near the edge cannot move outside.
      lon = Number((minLon + random() * (maxLon - minLon)).toFixed(6));
      lat = Number((minLat + random() * (maxLat - minLat)).toFixed(6));
    } while (!booleanPointInPolygon([lon, lat], boundary));
    const at = new Date(start + Math.floor(random() * 365 * 86_400_000)).toISOString().replace('.000Z', '+00:00');
    chunk +=
      `B${String(i).padStart(7, '0')},${lon.toFixed(6)},${lat.toFixed(6)},${pick(random, ['GSM', 'CDMA', 'unknown'])},` +
      `${pick(random, ['no-signal', 'weak-signal', 'dropped-call', 'indoor', 'data', 'other'])},` +
      `${pick(random, ['callback', 'questionnaire', 'complaint', 'onsite-test', 'drive-test'])},${pick(random, ['high', 'mid', 'regular'])},` +
      `${at},${pick(random, ['open', 'investigating', 'resolved'])},${pick(random, addresses)},\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return statSync(path).size;
}

interface Figures {
  target: string;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  startRssMb: number;
  cpuSeconds: number;
  inserted: number;
  updated: number;
}

/** Import the file into a fresh database (`repeat` times); peak RSS is sampled every 100 ms during each import. */
async function importInto(
  target: string,
  db: { databaseUrl?: string; dataDir: string },
  file: string,
  boundary: GeoJSON.Polygon,
  rows: number,
  repeat: number,
): Promise<Figures[]> {
  const handle = await openDatabase(db);
  try {
    await migrateToLatest(handle.db);
    const ring = boundary.coordinates[0];
    const area = await handle.db
      .insertInto('areas')
      .values({
        code: 'ranghulu-bench',
        name: '让胡路区 (bench)',
        boundary: JSON.stringify(boundary),
        settings: '{}',
        min_lon: Math.min(...ring.map((p) => p[0])),
        min_lat: Math.min(...ring.map((p) => p[1])),
        max_lon: Math.max(...ring.map((p) => p[0])),
        max_lat: Math.max(...ring.map((p) => p[1])),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const figures: Figures[] = [];
    for (let run = 1; run <= repeat; run++) {
      const label = repeat > 1 ? `${target}, run ${run}` : target;
      global.gc?.();
      const startRss = process.memoryUsage().rss;
      let peak = startRss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const report = await importFile(handle.db, {
        areaId: area.id,
        kind: 'reports',
        source: { bytes: fileSource(file) },
        fileName: 'reports-1m.csv',
        username: 'bench',
        onProgress: (n) => {
          peak = Math.max(peak, process.memoryUsage().rss);
          if (n % 200_000 === 0)
            process.stderr.write(
              `  ${label}: ${n.toLocaleString('en')} rows, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`,
            );
        },
      });
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const used = process.cpuUsage(cpu);
      if (!report.committed) throw new Error(`bench import rejected: ${report.errors[0]?.reason ?? 'unknown'}`);
      figures.push({
        target: label,
        seconds,
        rowsPerSecond: rows / seconds,
        peakRssMb: peak / 2 ** 20,
        startRssMb: startRss / 2 ** 20,
        cpuSeconds: (used.user + used.system) / 1e6,
        inserted: report.rowsInserted,
        updated: report.rowsUpdated,
      });
    }
    return figures;
  } finally {
    await handle.close();
  }
}

export async function runImportBench(): Promise<void> {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? DEFAULT_ROWS);
  const boundary = (JSON.parse(readFileSync(BOUNDARY_FILE, 'utf8')) as GeoJSON.FeatureCollection).features[0].geometry as GeoJSON.Polygon;
  const dir = mkdtempSync(join(tmpdir(), 'import-bench-'));
  try {
    const file = join(dir, 'reports.csv');
    const t = performance.now();
    const bytes = await writeReportsCsv(file, rows, boundary);
    console.log(
      `generated ${rows.toLocaleString('en')} report rows, ${(bytes / 2 ** 20).toFixed(0)} MB, in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const results: Figures[] = [];
    const targets = (process.env.BENCH_IMPORT_TARGETS ?? 'pglite,postgres').split(',');
    const repeat = Math.max(1, Number(process.env.BENCH_IMPORT_REPEAT ?? 1));
    if (targets.includes('pglite'))
      results.push(...(await importInto('pglite (disk)', { dataDir: join(dir, 'pglite') }, file, boundary, rows, repeat)));
    if (targets.includes('postgres')) {
      const figures = await withThrowawayDatabase('imports_bench', (databaseUrl) =>
        importInto('postgresql', { databaseUrl, dataDir: '' }, file, boundary, rows, repeat),
      );
      if (figures) results.push(...figures);
    }
    for (const r of results) {
      console.log(
        `import ${rows.toLocaleString('en')} reports into ${r.target}: ${r.seconds.toFixed(1)} s, ${Math.round(r.rowsPerSecond).toLocaleString('en')} rows/s, ` +
          `peak RSS ${r.peakRssMb.toFixed(0)} MB (${r.startRssMb.toFixed(0)} MB at start), process CPU ${r.cpuSeconds.toFixed(1)} s ` +
          `(${r.inserted.toLocaleString('en')} inserted, ${r.updated.toLocaleString('en')} updated)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runImportBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
