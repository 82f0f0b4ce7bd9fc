import type { Kysely } from 'kysely';
import type {
  CompareQuery,
  Comparison,
  Regions,
  ScenarioCreate,
  Scenario as ScenarioAnswer,
  ScenarioUpdate,
} from '../../contract/scenarios.ts';
import type { CoverageTechnology } from '../../core/coverage/cell-table.ts';
import { coverageDifference } from '../../core/coverage/coverage-difference.ts';
import type { CoverageFigures } from '../../core/coverage/coverage-figures.ts';
import type { CoverageRaster } from '../../core/coverage/coverage-raster.ts';
import { regionPolygons } from '../../core/coverage/gap-polygons.ts';
import type { PreparedArea } from '../../core/coverage/prepared-area.ts';
import type { CellSpec } from '../../core/model.ts';
import { EMPTY_SCENARIO, type ScenarioChanges } from '../../core/scenario/apply-scenario.ts';
import type { Database } from '../../db/types.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.ts';
import type { Area } from '../areas/repository.ts';
import * as repo from './repository.ts';
import type { Scenario } from './repository.ts';

/** A coverage run as scenarios read it: the prepared area and the raster computed on it. */
export interface ScenarioRun {
  prepared: PreparedArea;
  raster: CoverageRaster;
}

/**
 * What scenarios need from the coverage service (features/coverage/service.ts): a scenario's cells, to
 * check its changes apply to the network, and runs with their figures, to compare two scenarios.
 */
export interface ScenarioCoverage<Run extends ScenarioRun = ScenarioRun> {
  scenarioCells(area: Area, changes: ScenarioChanges): Promise<readonly CellSpec[]>;
  run(area: Area, technology: CoverageTechnology, changes: ScenarioChanges): Promise<Run>;
  figures(run: Run, indoor: boolean): Promise<CoverageFigures>;
}

function normalise(changes: Partial<ScenarioChanges> | undefined): ScenarioChanges {
  return { addCandidates: changes?.addCandidates ?? [], cellChanges: changes?.cellChanges ?? [], removeCells: changes?.removeCells ?? [] };
}

/** Check the changes apply to this area's network (unknown cells/candidates are named), then store. */
async function validated(
  coverage: Pick<ScenarioCoverage, 'scenarioCells'>,
  area: Area,
  changes: ScenarioChanges,
): Promise<ScenarioChanges> {
  try {
    await coverage.scenarioCells(area, changes);
  } catch (err) {
    if (err instanceof UnprocessableError) {
      throw new UnprocessableError(
        `/body/changes/${err.message}`,
        err.details.map((d) => ({ ...d, field: `/body/changes/${d.field}` })),
      );
    }
    throw err;
  }
  return changes;
}

export async function requireScenario(db: Kysely<Database>, area: Area, idOrName: string | number): Promise<Scenario> {
  const s = await repo.findScenario(db, area.id, idOrName);
  if (!s) throw new NotFoundError('scenario', idOrName);
  return s;
}

async function checkNameFree(db: Kysely<Database>, area: Area, name: string, selfId?: number): Promise<void> {
  const other = await repo.findScenario(db, area.id, name);
  if (other && other.id !== selfId && other.name === name) {
    throw new ConflictError(`scenario "${name}" already exists in area "${area.code}"`, [
      { field: '/body/name', message: 'already exists', value: name },
    ]);
  }
}

export async function createScenario(
  db: Kysely<Database>,
  coverage: Pick<ScenarioCoverage, 'scenarioCells'>,
  area: Area,
  input: ScenarioCreate,
  username: string | null,
): Promise<Scenario> {
  await checkNameFree(db, area, input.name);
  const changes = await validated(coverage, area, normalise(input.changes));
  return repo.insertScenario(db, area.id, { name: input.name, description: input.description ?? null, changes, createdBy: username });
}

export async function updateScenario(
  db: Kysely<Database>,
  coverage: Pick<ScenarioCoverage, 'scenarioCells'>,
  area: Area,
  id: string,
  input: ScenarioUpdate,
): Promise<Scenario> {
  const current = await requireScenario(db, area, id);
  if (input.name) await checkNameFree(db, area, input.name, current.id);
  const changes = input.changes ? await validated(coverage, area, normalise(input.changes)) : current.changes;
  return repo.updateScenario(db, current.id, {
    name: input.name ?? current.name,
    description: input.description === undefined ? current.description : input.description,
    changes,
  });
}

/**
 * The scenario a coverage request asks for: `scenario=<id or name>` and/or `candidates=a,b`
 * (candidates are added on top of the scenario). Neither = the existing network.
 */
export async function resolveScenarioQuery(
  db: Kysely<Database>,
  area: Area,
  query: { scenario?: string; candidates?: string },
): Promise<ScenarioChanges> {
  const base = query.scenario ? (await requireScenario(db, area, query.scenario)).changes : EMPTY_SCENARIO;
  const extra = (query.candidates ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (extra.length === 0) return base;
  return { ...base, addCandidates: [...base.addCandidates, ...extra] };
}

/** The API representation of a scenario (times ISO 8601). */
export function scenarioDto(s: Scenario): ScenarioAnswer {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    changes: s.changes,
    createdBy: s.createdBy,
    workingFor: s.workingFor,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** The changes behind a compare side: "existing" (or empty) = the existing network. */
export async function changesFor(
  db: Kysely<Database>,
  area: Area,
  idOrName: string | undefined,
): Promise<{ label: string; changes: ScenarioChanges }> {
  if (!idOrName || idOrName === 'existing') return { label: 'existing', changes: EMPTY_SCENARIO };
  const s = await requireScenario(db, area, idOrName);
  return { label: s.name, changes: s.changes };
}

const COMPARED_NETWORKS = ['GSM', 'CDMA', 'any'] as const;

/**
 * Before/after figures per network (GSM, CDMA, any) of two scenarios, and the difference layer of one
 * network: areas newly covered and newly lost going from `base` to `target`.
 */
export async function compareScenarios<Run extends ScenarioRun>(
  db: Kysely<Database>,
  coverage: ScenarioCoverage<Run>,
  area: Area,
  query: CompareQuery,
): Promise<Comparison> {
  const base = await changesFor(db, area, query.base);
  const target = await changesFor(db, area, query.target);
  const networks = [];
  for (const technology of COMPARED_NETWORKS) {
    const before = await coverage.figures(await coverage.run(area, technology, base.changes), false);
    const after = await coverage.figures(await coverage.run(area, technology, target.changes), false);
    networks.push({
      technology,
      before,
      after,
      delta: {
        coveragePct: after.coveragePct - before.coveragePct,
        populationPct: after.populationPct - before.populationPct,
        coveredKm2: after.coveredKm2 - before.coveredKm2,
        coveredPopulation: after.coveredPopulation - before.coveredPopulation,
        reportsUncovered: after.reportsUncovered - before.reportsUncovered,
      },
    });
  }
  const technology = query.technology ?? 'any';
  const baseRun = await coverage.run(area, technology, base.changes);
  const targetRun = await coverage.run(area, technology, target.changes);
  const { gained, lost } = coverageDifference(baseRun.prepared, baseRun.raster, targetRun.raster);
  const options = { minAreaKm2: query.minAreaKm2 ?? 0, simplifyToleranceM: baseRun.prepared.grid.resolutionM / 2 };
  return {
    base: base.label,
    target: target.label,
    networks,
    difference: {
      technology,
      newlyCovered: withStringIds(regionPolygons(baseRun.prepared, gained, { ...options, idPrefix: 'gained' })),
      newlyLost: withStringIds(regionPolygons(baseRun.prepared, lost, { ...options, idPrefix: 'lost' })),
    },
  };
}

function withStringIds(fc: ReturnType<typeof regionPolygons>): Regions {
  return { type: 'FeatureCollection', features: fc.features.map((f) => ({ ...f, id: String(f.id) })) };
}
