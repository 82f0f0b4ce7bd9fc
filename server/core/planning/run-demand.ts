import { pixelCovered, reportWeightsByPixel, type CoverageReport } from '../coverage/coverage-figures.ts';
import type { CoverageRaster } from '../coverage/coverage-raster.ts';
import type { CoverageTechnology } from '../coverage/cell-table.ts';
import type { PreparedArea } from '../coverage/prepared-area.ts';
import { sharedFloat64, sharedUint32 } from '../coverage/shared-arrays.ts';
import { addCellsIncremental } from '../coverage/what-if.ts';
import type { CellSpec } from '../model.ts';
import { buildDemandModel, type CandidateFootprint, type DemandModel, type DemandWeights } from './coverage-demand.ts';

/** What a plan's demand model is built from: a computed coverage run and what each candidate adds to it. */
export interface RunDemandInputs {
  prepared: PreparedArea;
  /** The network the plan builds on (outdoor coverage is locked out of the demand). */
  raster: CoverageRaster;
  technology: CoverageTechnology;
  /** Open problem reports, `weight` = customer-tier weight. */
  reports: readonly CoverageReport[];
  footprints: readonly CandidateFootprint[];
  weights: DemandWeights;
}

/**
 * The demand model of a run (see buildDemandModel): the pixels the run leaves uncovered outdoors and
 * some candidate covers, weighted by residents, tier-weighted reports and area. Its arrays are on
 * shared memory (when the runtime has it), so worker threads read it without a copy. One pass over
 * the raster plus the candidates' footprints: a few hundred ms on a 4 M pixel grid.
 */
export function demandModelOfRun(input: RunDemandInputs): DemandModel {
  const { prepared, raster } = input;
  const mask = prepared.mask;
  const baseCovered = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1 && pixelCovered(raster, i, 0)) baseCovered[i] = 1;
  const demand = buildDemandModel({
    mask,
    population: prepared.population,
    pixelAreaKm2: prepared.pixelAreaKm2,
    baseCovered,
    reportWeights: reportWeightsByPixel(prepared, input.technology, input.reports),
    footprints: input.footprints,
    weights: input.weights,
  });
  return shareDemandModel(demand);
}

/** The same model with its arrays copied to shared memory. */
function shareDemandModel(d: DemandModel): DemandModel {
  const candidates = d.model.candidates.map((c) => ({ ...c, covers: shareUint32(c.covers) }));
  return {
    model: { weights: shareFloat64(d.model.weights), candidates },
    demandPixels: shareUint32(d.demandPixels),
    population: shareFloat64(d.population),
    reports: shareFloat64(d.reports),
    pixelAreaKm2: d.pixelAreaKm2,
  };
}

function shareFloat64(values: Float64Array): Float64Array {
  const out = sharedFloat64(values.length);
  out.set(values);
  return out;
}

function shareUint32(values: Uint32Array): Uint32Array {
  const out = sharedUint32(values.length);
  out.set(values);
  return out;
}

/** Candidates whose footprints over a computed run are wanted: each one's cells. */
export interface FootprintInputs {
  prepared: PreparedArea;
  raster: CoverageRaster;
  candidates: ReadonlyArray<{ cells: readonly CellSpec[] }>;
}

/**
 * The pixels each candidate would newly cover over the run, outdoors (incremental what-if: only the
 * uncovered pixels its cells can reach), sorted, on shared memory. The uncovered-pixel index of the
 * raster is built once for all of them (50-60 ms on the demo), then a few ms per candidate.
 */
export function candidateFootprints(input: FootprintInputs): Uint32Array[] {
  return input.candidates.map((c) => {
    const pixels = Uint32Array.from(addCellsIncremental(input.prepared, input.raster, c.cells).newlyCoveredPixels).sort();
    return shareUint32(pixels);
  });
}
