/**
 * Generate the synthetic Ranghulu demo data set (deterministic; same bytes on every run).
 *
 *   npm run generate-demo-data [-- [--out DIR] [--boundary FILE] [--seed N]]
 *
 * Defaults: DIR = geo-data/ranghulu, FILE = geo-data/ranghulu/boundary.geojson (the real boundary, input only).
 */
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_SEED, generateDemoData, writeDemoData, type DemoSummary } from './demo-data/generate.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUT_DIR = resolve(REPO_ROOT, 'geo-data/ranghulu');
export const DEFAULT_BOUNDARY = resolve(REPO_ROOT, 'geo-data/ranghulu/boundary.geojson');

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function report(summary: DemoSummary, outDir: string): string {
  const lines = [
    `wrote ${outDir}`,
    `sites ${summary.sites} (G-net ${summary.gsmSites}, C-net ${summary.cdmaSites}), cells ${summary.cells}`,
    `reports ${summary.reports}, candidates ${summary.candidates}, measurements ${summary.measurements}, population ${summary.population}`,
    `area covered: G-net ${pct(summary.coverage.areaFraction.GSM)}, C-net ${pct(summary.coverage.areaFraction.CDMA)}; ` +
      `population covered: G-net ${pct(summary.coverage.populationFraction.GSM)}, C-net ${pct(summary.coverage.populationFraction.CDMA)}`,
    'requested gaps (best same-network level, Okumura-Hata):',
    ...summary.gaps.map(
      (g) =>
        `  ${g.name} ${g.technology} (${g.environment}): ${g.levelDbm.toFixed(1)} dBm < ${g.thresholdDbm} dBm; ` +
        `with ${g.candidateCode}: ${g.levelWithCandidateDbm.toFixed(1)} dBm`,
    ),
  ];
  return lines.join('\n');
}

/** CLI entry: parse arguments, generate, write, print a summary. */
export function main(argv: string[]): DemoSummary {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, boundary: { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' } },
    allowPositionals: true,
  });
  const outDir = resolve(values.out ?? positionals[0] ?? DEFAULT_OUT_DIR);
  const seed = values.seed === undefined ? DEMO_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  const data = generateDemoData({ boundaryPath: resolve(values.boundary ?? DEFAULT_BOUNDARY), seed });
  writeDemoData(outDir, data);
  if (!values.quiet) console.log(report(data.summary, outDir));
  return data.summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
