/**
 * Polygon validation figures: `polygonIssues` (the n log n sweep) on seeded valid polygons of 10,000,
 * 40,000 and 200,000 vertices and on a 200,000-vertex multipolygon with holes (target: 200,000 in at
 * most 1 s), beside the former pairwise check (Turf `kinks`) at 2,000 and 5,000 vertices, quadratic,
 * never run larger. Medians of a few runs; no assertions. Runnable alone: `npx tsx scripts/bench/geometry.ts`.
 */
import { kinks } from '@turf/turf';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { polygonIssues } from '../../server/core/validation/geometry.ts';
import { seededMultiPolygon, seededPolygon } from './seeded-polygons.ts';

const RUNS = 5;
const BASELINE_RUNS = 3;
const SEED = 20_061_231;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const vertexCount = (g: GeoJSON.Polygon | GeoJSON.MultiPolygon) =>
  (g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2)).length;

interface Timing {
  allMs: number[];
  /** Process CPU time per run, ms: on a busy machine it shows the cost the wall time hides. */
  cpuMs: number[];
}

/** Times of `runs` calls after one warm-up call; throws if `check` says the polygon is not valid. */
function time(runs: number, check: () => boolean): Timing {
  if (!check()) throw new Error('unexpected answer: the seeded polygon should be valid');
  const timing: Timing = { allMs: [], cpuMs: [] };
  for (let k = 0; k < runs; k++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    check();
    timing.allMs.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    timing.cpuMs.push((used.user + used.system) / 1000);
  }
  return timing;
}

function report(label: string, g: GeoJSON.Polygon | GeoJSON.MultiPolygon, r: Timing, note = ''): void {
  const runs = r.allMs.map((v) => v.toFixed(0)).join(', ');
  console.log(
    `${label}, ${vertexCount(g).toLocaleString('en-US')} vertices: median ${median(r.allMs).toFixed(1)} ms (runs ${runs} ms; CPU median ${median(r.cpuMs).toFixed(1)} ms)${note}`,
  );
}

export async function runGeometryBench(): Promise<void> {
  console.log(`load average ${loadAverage()}; ${RUNS} runs each after a warm-up (baseline ${BASELINE_RUNS})`);
  for (const vertices of [10_000, 40_000, 200_000]) {
    const g = seededPolygon(vertices, SEED + vertices);
    report(
      'polygonIssues, Polygon',
      g,
      time(RUNS, () => polygonIssues(g).length === 0),
      vertices === 200_000 ? ' (target ≤ 1000 ms)' : '',
    );
  }
  const multi = seededMultiPolygon(200_000, 8, SEED);
  report(
    `polygonIssues, MultiPolygon of ${multi.coordinates.length} polygons with ${multi.coordinates[0].length - 1} holes each`,
    multi,
    time(RUNS, () => polygonIssues(multi).length === 0),
    ' (target ≤ 1000 ms)',
  );
  for (const vertices of [2_000, 5_000]) {
    const g = seededPolygon(vertices, SEED + vertices);
    report(
      'baseline: Turf kinks (pairwise, the former check), Polygon',
      g,
      time(BASELINE_RUNS, () => kinks(g).features.length === 0),
    );
  }
  console.log(`load average after: ${loadAverage()}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runGeometryBench().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
