/**
 * `npm run bench`: prints the performance figures of the engine, the service, planning and import
 * paths (seeded data, no assertions). `npm run bench -- engine planning` runs a subset;
 * `npm run bench -- geometry health` the polygon checks and /health while a huge polygon is validated;
 * `npm run bench -- browser` the browser figures (first map, 100,000 reports), which need Chromium
 * and the built web client (`npm run build:web`), so they run only when named; so does
 * `npm run bench -- whatif` (from the click on a candidate's preview to the updated figures).
 * `npm run bench -- tiles` checks figures and gaps from tiles against the whole raster (see bench/tiles.ts).
 * `npm run bench -- terrain` times the full recompute and the what-if with a synthetic DEM against flat ground.
 */
import os from 'node:os';

const SUITES: Record<string, () => Promise<void>> = {
  engine: async () => (await import('./bench/engine.ts')).runEngineBench(),
  service: async () => (await import('./bench/service.ts')).runServiceBench(),
  planning: async () => {
    await (await import('./bench/planning.ts')).runPlanningBench();
  },
  import: async () => (await import('./bench/import.ts')).runImportBench(),
  geometry: async () => (await import('./bench/geometry.ts')).runGeometryBench(),
  browser: async () => (await import('./bench/browser.ts')).runBrowserBench(),
  health: async () => (await import('./bench/health.ts')).runHealthBench(),
  whatif: async () => (await import('./bench/whatif.ts')).runWhatIfBench(),
  terrain: async () => (await import('./bench/terrain.ts')).runTerrainBench(),
  tiles: async () => (await import('./bench/tiles.ts')).runTilesBench(),
};
/** What runs when no suite is named. */
const DEFAULT_SUITES = ['engine', 'tiles', 'service', 'planning', 'import'];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : DEFAULT_SUITES;
  const unknown = names.filter((n) => !SUITES[n]);
  if (unknown.length > 0) {
    console.error(`unknown bench suite(s): ${unknown.join(', ')}; available: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  console.log(
    `machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  for (const name of names) {
    console.log(`\n## ${name}`);
    await SUITES[name]();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
