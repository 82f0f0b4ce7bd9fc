/**
 * The whole demo data set for Ranghulu District as file contents, deterministic for a seed.
 * Pure apart from reading the boundary; writing is `writeDemoData`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AreaSettings, LonLat } from '../../server/core/model.ts';
import { readBoundary } from './boundary.ts';
import { buildCandidates, candidateCells } from './candidates.ts';
import { buildLandUse, ClutterIndex } from './clutter.ts';
import { checkRequestedGaps, summarizeCoverage, type CoverageContext, type CoverageSummary, type GapCheck } from './coverage-check.ts';
import { buildDriveTest } from './drive-test.ts';
import { buildElevation } from './elevation.ts';
import type { ElevationGrid } from '../../server/core/geo/elevation/elevation-grid.ts';
import { writeDemGeoTiff } from '../../server/core/geo/elevation/write-dem-geotiff.ts';
import { bestServer } from './hata.ts';
import { NAMED_PLACES, SETTLEMENT_ALIASES } from './layout.ts';
import { buildNetwork, cellsOf } from './network.ts';
import * as out from './output.ts';
import { Random, streamSeed } from './prng.ts';
import { buildReports } from './reports.ts';
import { buildSurveys } from './surveys.ts';

export const DEMO_SEED = 2006;

/** The settings written to area.json (a subset of AreaSettings; the rest keep their defaults). */
export const AREA_SETTINGS: Pick<AreaSettings, 'receiverHeightM' | 'resolutionM' | 'defaultEnvironment' | 'indoorPenetrationLossDb'> & {
  thresholdsDbm: Record<'GSM' | 'CDMA', number>;
} = {
  receiverHeightM: 1.5,
  resolutionM: 25,
  defaultEnvironment: 'suburban',
  thresholdsDbm: { GSM: -90, CDMA: -95 },
  indoorPenetrationLossDb: 15,
};

export const OUTPUT_FILES = [
  'area.json',
  'cells.csv',
  'reports.csv',
  'candidates.csv',
  'measurements.csv',
  'clutter.geojson',
  'settlements.geojson',
  'places.geojson',
  'surveys.csv',
] as const;
export type OutputFile = (typeof OUTPUT_FILES)[number];

/**
 * The elevation model, a deflated Int16 GeoTIFF: binary, so apart from OUTPUT_FILES (deflate's bytes
 * may differ between zlib builds; its heights do not).
 */
export const DEM_FILE = 'dem.tif';

export interface DemoSummary {
  sites: number;
  gsmSites: number;
  cdmaSites: number;
  cells: number;
  reports: number;
  candidates: number;
  measurements: number;
  surveys: number;
  population: number;
  gaps: GapCheck[];
  coverage: CoverageSummary;
}

export interface DemoData {
  files: Record<OutputFile, string>;
  /** The elevation model's grid (whole metres) and its GeoTIFF (DEM_FILE). */
  elevation: { grid: ElevationGrid; tiff: Uint8Array };
  summary: DemoSummary;
}

export interface GenerateOptions {
  boundaryPath: string;
  seed?: number;
  /** Skip the 250 m coverage summary (about a second). */
  skipCoverageSummary?: boolean;
}

/** Generate every file; throws if a requested gap is not a gap or its candidate does not close it. */
export function generateDemoData(options: GenerateOptions): DemoData {
  const seed = options.seed ?? DEMO_SEED;
  const rng = (label: string) => new Random(streamSeed(seed, label));
  const boundary = readBoundary(options.boundaryPath);
  const land = buildLandUse(rng('land-use'), boundary);
  const clutter = new ClutterIndex(land.clutter, AREA_SETTINGS.defaultEnvironment);
  const sites = buildNetwork(rng('network'), boundary);
  const candidates = buildCandidates();
  for (const c of candidates) if (!boundary.contains(c.position, 0.3)) throw new Error(`candidate ${c.code} is outside the district`);
  const ctx: CoverageContext = {
    clutter,
    mobileHeightM: AREA_SETTINGS.receiverHeightM,
    thresholdsDbm: AREA_SETTINGS.thresholdsDbm,
    cells: { GSM: cellsOf(sites, 'GSM'), CDMA: cellsOf(sites, 'CDMA') },
  };
  const gaps = checkRequestedGaps(ctx, (code) => {
    const candidate = candidates.find((c) => c.code === code);
    if (!candidate) throw new Error(`missing candidate ${code}`);
    return candidateCells(candidate);
  });
  for (const g of gaps) {
    if (g.levelDbm >= g.thresholdDbm)
      throw new Error(`${g.name}: ${g.technology} ${g.levelDbm.toFixed(1)} dBm is not a gap (threshold ${g.thresholdDbm} dBm)`);
    if (g.levelWithCandidateDbm < g.thresholdDbm) throw new Error(`${g.name}: candidate ${g.candidateCode} does not close the gap`);
  }
  const levelAt = (technology: 'GSM' | 'CDMA', p: LonLat) =>
    bestServer(ctx.cells[technology], p, clutter.environmentAt(p), ctx.mobileHeightM).levelDbm;
  const reports = buildReports(rng('reports'), boundary, land.settlements, levelAt);
  const builtCells = candidates.filter((c) => c.status === 'built').flatMap((c) => candidateCells(c));
  const surveys = buildSurveys(rng('surveys'), boundary, land.settlements, {
    levelAt,
    levelWithNewSitesAt: (technology, p) =>
      Math.max(
        levelAt(technology, p),
        bestServer(
          builtCells.filter((c) => c.technology === technology),
          p,
          clutter.environmentAt(p),
          ctx.mobileHeightM,
        ).levelDbm,
      ),
  });
  const measurements = buildDriveTest(rng('drive-test'), boundary, { cells: ctx.cells, clutter, mobileHeightM: ctx.mobileHeightM });
  const coverage = options.skipCoverageSummary
    ? { areaFraction: { GSM: NaN, CDMA: NaN }, populationFraction: { GSM: NaN, CDMA: NaN }, bySettlement: {} }
    : summarizeCoverage(ctx, boundary, land.settlements);

  const elevationGrid = buildElevation(rng('elevation'), boundary);
  const area = { code: 'ranghulu', name: '让胡路区 Ranghulu District', settings: AREA_SETTINGS };
  return {
    files: {
      'area.json': `${JSON.stringify(area, null, 2)}\n`,
      'cells.csv': out.cellsCsv(sites),
      'reports.csv': out.reportsCsv(reports),
      'candidates.csv': out.candidatesCsv(candidates),
      'measurements.csv': out.measurementsCsv(measurements),
      'clutter.geojson': out.clutterGeoJson(land.clutter),
      'settlements.geojson': out.settlementsGeoJson(land.settlements),
      'places.geojson': out.placesGeoJson(NAMED_PLACES, land.settlements, SETTLEMENT_ALIASES),
      'surveys.csv': out.surveysCsv(surveys),
    },
    elevation: {
      grid: elevationGrid,
      tiff: writeDemGeoTiff(elevationGrid, { sampleType: 'int16', tileSizePx: 256, deflate: true }),
    },
    summary: {
      sites: sites.length,
      gsmSites: sites.filter((s) => s.cells.some((c) => c.technology === 'GSM')).length,
      cdmaSites: sites.filter((s) => s.cells.some((c) => c.technology === 'CDMA')).length,
      cells: sites.reduce((n, s) => n + s.cells.length, 0),
      reports: reports.length,
      candidates: candidates.length,
      measurements: measurements.length,
      surveys: surveys.length,
      population: land.settlements.reduce((n, s) => n + s.population, 0),
      gaps,
      coverage,
    },
  };
}

/** Write the files into `outDir` (created if needed). */
export function writeDemoData(outDir: string, data: DemoData): void {
  mkdirSync(outDir, { recursive: true });
  for (const name of OUTPUT_FILES) writeFileSync(join(outDir, name), data.files[name], 'utf8');
  writeFileSync(join(outDir, DEM_FILE), data.elevation.tiff);
}
