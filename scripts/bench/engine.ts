/**
 * Coverage engine benchmark on the Ranghulu boundary at 25 m with seeded synthetic networks:
 * full recompute (in-thread and on a 2-thread worker pool), incremental what-if, figures, gaps,
 * rendering, and a naive single-loop baseline. Prints figures; asserts nothing.
 * Run: npx tsx scripts/bench/engine.ts
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { computeCoverageRaster, type CoverageRaster } from '../../server/core/coverage/coverage-raster.ts';
import { coverageFigures, type CoverageReport } from '../../server/core/coverage/coverage-figures.ts';
import { gapPolygons } from '../../server/core/coverage/gap-polygons.ts';
import { type CoverageInputs, type PreparedArea, prepareArea } from '../../server/core/coverage/prepared-area.ts';
import { renderXyzTile } from '../../server/core/coverage/render-xyz-tile.ts';
import { addCellsIncremental, warmWhatIf } from '../../server/core/coverage/what-if.ts';
import { writeGeoTiff } from '../../server/core/coverage/write-geotiff.ts';
import { rasteriseBoundaryMask } from '../../server/core/geo/boundary-mask.ts';
import { lonLatToPixel } from '../../server/core/geo/grid-lookup.ts';
import { type CellSpec, type EnvironmentClass, resolveAreaSettings } from '../../server/core/model.ts';
import { okumuraHataModel } from '../../server/core/radio/okumura-hata.ts';
import { computeCoverageRasterParallel, createCoveragePool, warmUpCoveragePool } from '../../server/workers/coverage-pool.ts';
import { parseCoverageKernel } from '../../server/config.ts';
import { setUpCoverageKernel } from '../../server/workers/coverage-kernel.ts';

const SEED = 20061231;
const SCALES = [60, 110, 120, 240];
const BASELINE_SITES = 120;
const REPEATS = 3;
const WHAT_IF_RUNS = 20;

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function disc(lon: number, lat: number, radiusKm: number): GeoJSON.Polygon {
  const ring = Array.from({ length: 41 }, (_, i) => {
    const a = ((i % 40) / 40) * 2 * Math.PI;
    return [lon + (radiusKm / (111.2 * Math.cos((lat * Math.PI) / 180))) * Math.cos(a), lat + (radiusKm / 111.2) * Math.sin(a)];
  });
  return { type: 'Polygon', coordinates: [ring] };
}

interface Town {
  lon: number;
  lat: number;
  population: number;
}

function randomPointInArea(prepared: PreparedArea, random: () => number, near?: Town, radiusKm = 4): [number, number] {
  const { grid } = prepared;
  for (;;) {
    const [lon, lat] = near
      ? [near.lon + ((random() * 2 - 1) * radiusKm) / 76, near.lat + ((random() * 2 - 1) * radiusKm) / 111]
      : [124.45 + random() * 0.75, 46.35 + random() * 0.65];
    const pixel = lonLatToPixel(grid, lon, lat);
    if (pixel && prepared.mask[pixel.index]) return [lon, lat];
  }
}

/** Seeded area: rural default, ten oil-town clusters (suburban rings, urban cores, two large cores), people in them. */
export function syntheticArea(boundary: GeoJSON.Polygon): { inputs: CoverageInputs; towns: Town[] } {
  const random = seededRandom(SEED);
  const inputs: CoverageInputs = {
    boundary,
    settings: resolveAreaSettings({ defaultEnvironment: 'rural', resolutionM: 25 }),
    clutter: [],
    settlements: [],
  };
  const probe = prepareArea({ ...inputs, settings: { ...inputs.settings, resolutionM: 500 } });
  const towns: Town[] = [];
  for (let k = 0; k < 10; k++) {
    const [lon, lat] = randomPointInArea(probe, random);
    towns.push({ lon, lat, population: Math.round(15000 + random() * 60000) });
    const layers: [EnvironmentClass, number][] = [
      ['suburban', 3.5],
      ['urban', 1.6],
    ];
    if (k < 2) layers.push(['urban-large', 0.8]);
    for (const [environment, radiusKm] of layers) inputs.clutter.push({ environment, geometry: disc(lon, lat, radiusKm) });
    inputs.settlements.push({ population: towns[k].population, geometry: disc(lon, lat, 1.6) });
  }
  for (let k = 0; k < 60; k++) {
    const [lon, lat] = randomPointInArea(probe, random);
    inputs.settlements.push({ population: Math.round(200 + random() * 1500), geometry: { type: 'Point', coordinates: [lon, lat] } });
  }
  return { inputs, towns };
}

function sectorSite(code: string, lon: number, lat: number, random: () => number): CellSpec[] {
  const technology = random() < 0.6 ? 'GSM' : 'CDMA';
  const frequencyMhz = technology === 'CDMA' ? 870 : random() < 0.25 ? 1840 : 940;
  const rotation = random() * 120;
  const heightM = 25 + random() * 20;
  return [0, 1, 2].map((k) => ({
    key: `${code}/${k + 1}`,
    siteCode: code,
    cellCode: String(k + 1),
    technology,
    frequencyMhz,
    heightM,
    azimuthDeg: (rotation + 120 * k) % 360,
    beamwidthDeg: 65,
    tiltDeg: 2 + random() * 4,
    powerDbm: technology === 'GSM' ? 43 : 40,
    gainDbi: 15 + random() * 2,
    lossDb: 2 + random() * 2,
    lon,
    lat,
  }));
}

/** Seeded network: 60% of sites in towns, the rest spread over the district. */
export function syntheticCells(prepared: PreparedArea, towns: Town[], sites: number, seed: number): CellSpec[] {
  const random = seededRandom(seed);
  const cells: CellSpec[] = [];
  for (let s = 0; s < sites; s++) {
    const town = random() < 0.6 ? towns[Math.floor(random() * towns.length)] : undefined;
    const [lon, lat] = randomPointInArea(prepared, random, town);
    cells.push(...sectorSite(`B${s}`, lon, lat, random));
  }
  return cells;
}

function syntheticReports(prepared: PreparedArea, towns: Town[]): CoverageReport[] {
  const random = seededRandom(SEED + 7);
  return Array.from({ length: 2000 }, (_, k) => {
    const [lon, lat] = randomPointInArea(prepared, random, random() < 0.8 ? towns[k % towns.length] : undefined);
    return { lon, lat, technology: k % 3 === 0 ? 'GSM' : k % 3 === 1 ? 'CDMA' : 'unknown' };
  });
}

interface Timing {
  minMs: number;
  medianMs: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timed(runs: number, f: () => unknown): Promise<Timing & { cpuMs: number }> {
  const wall: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await f();
    wall.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  return { minMs: Math.min(...wall), medianMs: median(wall), cpuMs: (cpu.user + cpu.system) / 1000 / runs };
}

/** The naive reference: one loop over pixels × omni sites, Hata distance loss only, best level and server. */
function naiveKernel(prepared: PreparedArea, sitesXy: Float64Array, eirpDbm: number): { ms: number; covered: number } {
  const { grid } = prepared;
  const m = okumuraHataModel(940, 35, prepared.settings.receiverHeightM, 'suburban');
  const best = new Float32Array(grid.width * grid.height);
  const server = new Int32Array(grid.width * grid.height);
  const t0 = performance.now();
  for (let row = 0; row < grid.height; row++) {
    const y = grid.originY - (row + 0.5) * grid.resolutionM;
    for (let col = 0; col < grid.width; col++) {
      const i = row * grid.width + col;
      if (prepared.mask[i] === 0) continue;
      const x = grid.originX + (col + 0.5) * grid.resolutionM;
      let level = -Infinity;
      let cell = -1;
      for (let s = 0; s < sitesXy.length / 2; s++) {
        const dx = x - sitesXy[2 * s];
        const dy = y - sitesXy[2 * s + 1];
        const l = eirpDbm - m.interceptDb - m.slopeDbPerDecade * Math.log10(Math.max(Math.sqrt(dx * dx + dy * dy), 10) / 1000);
        if (l > level) {
          level = l;
          cell = s;
        }
      }
      best[i] = level;
      server[i] = cell;
    }
  }
  const ms = performance.now() - t0;
  let covered = 0;
  for (let i = 0; i < best.length; i++) if (prepared.mask[i] && best[i] >= -90) covered++;
  return { ms, covered };
}

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const rssMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);

function coverageLine(prepared: PreparedArea, raster: CoverageRaster): string {
  const f = coverageFigures(prepared, raster);
  return `${f.coveragePct.toFixed(2)}% of ${f.areaKm2.toFixed(0)} km2`;
}

async function benchScale(
  prepared: PreparedArea,
  towns: Town[],
  sites: number,
  pool: ReturnType<typeof createCoveragePool>,
): Promise<number> {
  const cells = syntheticCells(prepared, towns, sites, SEED + sites);
  const sync = await timed(REPEATS, () => computeCoverageRaster(prepared, cells, 'any'));
  const parallel = await timed(REPEATS, () => computeCoverageRasterParallel(pool, prepared, cells, 'any'));
  // What the service computes for the map and the figures: one raster per network, both at once on the pool.
  const separate = await timed(REPEATS, () =>
    Promise.all([
      computeCoverageRasterParallel(pool, prepared, cells, 'GSM'),
      computeCoverageRasterParallel(pool, prepared, cells, 'CDMA'),
    ]),
  );
  // (pool cpu counts every thread of this process: the workers and the merging main thread)
  const gsm = await timed(1, () => computeCoverageRaster(prepared, cells, 'GSM'));
  const cdma = await timed(1, () => computeCoverageRaster(prepared, cells, 'CDMA'));
  const raster = computeCoverageRaster(prepared, cells, 'any');
  const random = seededRandom(SEED + 99);
  const candidates = Array.from({ length: WHAT_IF_RUNS }, (_, k) => {
    const [lon, lat] = randomPointInArea(prepared, random);
    return sectorSite(`C${k}`, lon, lat, random);
  });
  const whatIf = (indoor: boolean) => {
    const t0 = performance.now();
    warmWhatIf(prepared, raster, { indoor });
    const warmMs = performance.now() - t0;
    const times: number[] = [];
    let gainedKm2 = 0;
    for (const candidate of candidates) {
      const t1 = performance.now();
      gainedKm2 += addCellsIncremental(prepared, raster, candidate, { indoor }).newlyCoveredKm2;
      times.push(performance.now() - t1);
    }
    return `warm-up ${fmt(warmMs)} (uncovered index, base figures), then median of ${WHAT_IF_RUNS} candidates ${fmt(median(times))}, max ${fmt(Math.max(...times))}, mean gain ${(gainedKm2 / WHAT_IF_RUNS).toFixed(2)} km2 (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`;
  };
  console.log(
    `${String(sites).padStart(3)} sites / ${cells.length} cells, 'any' (${coverageLine(prepared, raster)}):` +
      ` in-thread min ${fmt(sync.minMs)} median ${fmt(sync.medianMs)} (cpu ${fmt(sync.cpuMs)});` +
      ` pool(${pool.threads}) min ${fmt(parallel.minMs)} median ${fmt(parallel.medianMs)};` +
      ` GSM and CDMA rasters together on the pool min ${fmt(separate.minMs)} median ${fmt(separate.medianMs)};` +
      ` GSM only ${fmt(gsm.minMs)}, CDMA only ${fmt(cdma.minMs)};` +
      ` pool cpu ${fmt(parallel.cpuMs)};\n    what-if outdoor: ${whatIf(false)}; indoor: ${whatIf(true)}; peak RSS ${rssMb()} MB`,
  );
  return sync.minMs;
}

async function benchOutputs(prepared: PreparedArea, towns: Town[]): Promise<void> {
  const cells = syntheticCells(prepared, towns, 110, SEED + 110);
  const raster = computeCoverageRaster(prepared, cells, 'any');
  const reports = syntheticReports(prepared, towns);
  const figures = await timed(3, () => coverageFigures(prepared, raster, { reports }));
  const indoor = coverageFigures(prepared, raster, { reports, indoor: true });
  let gapCount = 0;
  const gaps = await timed(3, () => {
    gapCount = gapPolygons(prepared, raster, { indoor: true, reports }).features.length;
  });
  const tile = await timed(10, () => renderXyzTile(prepared, raster, 12, 3468, 1441, 'level', -90));
  const tiff = await timed(3, () => writeGeoTiff(prepared, raster));
  console.log(
    `outputs at 110 sites: figures ${fmt(figures.medianMs)} (indoor ${indoor.coveragePct.toFixed(1)}%, ${indoor.reportsUncovered}/${indoor.reportsTotal} reports uncovered);` +
      ` indoor gap polygons median of 3 ${fmt(gaps.medianMs)} (${gapCount} gaps >= ${prepared.settings.minGapAreaKm2} km2);` +
      ` XYZ tile z12 median of 10 ${fmt(tile.medianMs)}; GeoTIFF median of 3 ${fmt(tiff.medianMs)}`,
  );
}

/** Print the engine figures (see the file comment). */
export async function runEngineBench(): Promise<void> {
  const cpus = os.cpus();
  const kernel = setUpCoverageKernel(parseCoverageKernel());
  console.log(
    `cpu: ${cpus[0]?.model ?? 'unknown'} x ${cpus.length}, node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`kernel: ${kernel ? 'WebAssembly' : 'JavaScript'} per-pixel passes`);
  const path = fileURLToPath(new URL('../../geo-data/ranghulu/boundary.geojson', import.meta.url));
  const boundary = (JSON.parse(readFileSync(path, 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon>).features[0].geometry;
  const { inputs, towns } = syntheticArea(boundary);
  const t0 = performance.now();
  const prepared = prepareArea(inputs);
  const prepareMs = performance.now() - t0;
  const mask = await timed(5, () => rasteriseBoundaryMask(prepared.grid, boundary));
  const { width, height } = prepared.grid;
  console.log(
    `grid ${width}x${height} = ${((width * height) / 1e6).toFixed(2)} M pixels at 25 m, ${(prepared.insidePixelCount / 1e6).toFixed(2)} M inside;` +
      ` prepareArea ${fmt(prepareMs)} (boundary mask alone ${fmt(mask.medianMs)})`,
  );
  const pool = createCoveragePool({ maxThreads: 2, kernel });
  try {
    await warmUpCoveragePool(pool);
    const byScale = new Map<number, number>();
    for (const sites of SCALES) byScale.set(sites, await benchScale(prepared, towns, sites, pool));
    await benchOutputs(prepared, towns);
    const random = seededRandom(SEED + 3);
    const proj = (await import('../../server/core/geo/utm-projection.ts')).utmProjection(prepared.grid.epsg);
    const sitesXy = new Float64Array(BASELINE_SITES * 2);
    for (let s = 0; s < BASELINE_SITES; s++) sitesXy.set(proj.forward(randomPointInArea(prepared, random)), 2 * s);
    const naive = naiveKernel(prepared, sitesXy, 55);
    const engineMs = byScale.get(BASELINE_SITES)!;
    console.log(
      `baseline: naive loop, ${BASELINE_SITES} omni sites, Hata distance loss + best server over the same ${(prepared.insidePixelCount / 1e6).toFixed(2)} M pixels:` +
        ` ${fmt(naive.ms)}; engine in-thread at ${BASELINE_SITES} sites x 3 sectors (full model, counts, both networks) ${fmt(engineMs)}:` +
        ` ${(naive.ms / engineMs).toFixed(1)}x faster`,
    );
  } finally {
    await pool.close();
  }
  console.log(`peak RSS ${rssMb()} MB`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runEngineBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
