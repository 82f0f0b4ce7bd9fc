import type { Kysely } from 'kysely';
import type {
  CandidateCollection,
  CandidateCreate,
  CandidateFeature,
  CandidateListQuery,
  CandidateUpdate,
} from '../../contract/candidates.ts';
import type { CellInput } from '../../contract/sites.ts';
import { defaultSectorCells, type NamedCellRadio } from '../../core/default-cells.ts';
import type { CellSpec, Technology } from '../../core/model.ts';
import type { Database } from '../../db/types.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.ts';
import type { Area } from '../areas/repository.ts';
import { POINT_MARGIN_DEG, checkNearArea } from '../shared/location.ts';
import { parseListQuery } from '../shared/paging.ts';
import * as repo from './repository.ts';
import type { Candidate, CandidateWrite } from './repository.ts';

/** A candidate as a GeoJSON point feature ([lon, lat]), its id the candidate id. */
export function candidateFeature(candidate: Candidate): CandidateFeature {
  const { lon, lat, ...properties } = candidate;
  return { type: 'Feature', id: candidate.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
}

/** The engine's cells of a candidate (keys prefixed so they never clash with existing cells). */
export function candidateCellSpecs(c: Pick<Candidate, 'code' | 'lon' | 'lat' | 'cells'>): CellSpec[] {
  return c.cells.map((cell) => ({
    ...cell,
    key: `candidate:${c.code}/${cell.code}`,
    siteCode: c.code,
    cellCode: cell.code,
    lon: c.lon,
    lat: c.lat,
  }));
}

/** Normalise a candidate's cell list: defaults filled, codes unique, technology consistent; errors name /body/cells/<i>. */
export function normaliseCandidateCells(technology: Technology, cells: readonly CellInput[] | undefined): NamedCellRadio[] {
  if (!cells) return defaultSectorCells(technology);
  const seen = new Set<string>();
  return cells.map((c, i) => {
    if (seen.has(c.code)) {
      throw new UnprocessableError(`/body/cells/${i}/code: duplicate cell code "${c.code}"`, [
        { field: `/body/cells/${i}/code`, message: 'duplicate', value: c.code },
      ]);
    }
    seen.add(c.code);
    if (c.technology !== technology) {
      throw new UnprocessableError(`/body/cells/${i}/technology: must match the candidate's technology ${technology}`, [
        { field: `/body/cells/${i}/technology`, message: `must be ${technology}`, value: c.technology },
      ]);
    }
    return {
      code: c.code,
      technology,
      frequencyMhz: c.frequencyMhz,
      heightM: c.heightM,
      azimuthDeg: c.azimuthDeg ?? null,
      beamwidthDeg: c.beamwidthDeg ?? 65,
      tiltDeg: c.tiltDeg ?? 0,
      powerDbm: c.powerDbm,
      gainDbi: c.gainDbi ?? 0,
      lossDb: c.lossDb ?? 0,
    };
  });
}

/** One page of the area's candidates as a GeoJSON FeatureCollection (filters, bbox, offset or keyset paging). */
export async function listCandidates(db: Kysely<Database>, area: Area, query: CandidateListQuery): Promise<CandidateCollection> {
  const { bbox, ...paging } = parseListQuery(query);
  const page = await repo.listCandidates(
    db,
    area.id,
    { bbox, technology: query.technology, status: query.status, origin: query.origin },
    paging,
  );
  const features = page.items.map(candidateFeature);
  return { type: 'FeatureCollection', numberMatched: page.total, numberReturned: features.length, next: page.next, features };
}

/** The candidate of this area with this id, or 404. */
export async function requireCandidate(db: Kysely<Database>, area: Area, id: number): Promise<Candidate> {
  const candidate = await repo.findCandidate(db, area.id, id);
  if (!candidate) throw new NotFoundError('candidate', id);
  return candidate;
}

/** Every candidate of the area, by code (scenarios, coverage and planning read them all). */
export function areaCandidates(db: Kysely<Database>, area: Area): Promise<Candidate[]> {
  return repo.listAreaCandidates(db, area.id);
}

async function checkCodeFree(db: Kysely<Database>, area: Area, code: string | undefined, selfId?: number): Promise<void> {
  if (code === undefined) return;
  const other = await repo.findCandidateByCode(db, area.id, code);
  if (other && other.id !== selfId) {
    throw new ConflictError(`candidate code "${code}" already exists in area "${area.code}"`, [
      { field: '/body/code', message: 'already exists', value: code },
    ]);
  }
}

/** A new candidate near the area (default: three standard sectors, proposed, manual). */
export async function createCandidate(db: Kysely<Database>, area: Area, input: CandidateCreate): Promise<Candidate> {
  checkNearArea(area, input.lon, input.lat, POINT_MARGIN_DEG);
  const cells = normaliseCandidateCells(input.technology, input.cells);
  await checkCodeFree(db, area, input.code);
  return repo.insertCandidate(db, area.id, {
    code: input.code,
    name: input.name,
    lon: input.lon,
    lat: input.lat,
    technology: input.technology,
    cells,
    cost: input.cost ?? null,
    status: input.status ?? 'proposed',
    origin: input.origin ?? 'manual',
    approximate: input.approximate ?? false,
    note: input.note ?? null,
  });
}

/**
 * Change the fields named. New cells, or a new technology, are normalised again: a new technology
 * alone carries the stored cells over to it.
 */
export async function updateCandidate(db: Kysely<Database>, area: Area, id: number, input: CandidateUpdate): Promise<Candidate> {
  const current = await requireCandidate(db, area, id);
  checkNearArea(area, input.lon ?? current.lon, input.lat ?? current.lat, POINT_MARGIN_DEG);
  const { cells, ...fields } = input;
  const changes: Partial<CandidateWrite> = fields;
  if (cells || input.technology) {
    const technology = input.technology ?? current.technology;
    changes.cells = normaliseCandidateCells(technology, cells ?? current.cells.map((c) => ({ ...c, technology })));
  }
  await checkCodeFree(db, area, input.code, id);
  return repo.updateCandidate(db, id, changes);
}

export async function deleteCandidate(db: Kysely<Database>, area: Area, id: number): Promise<void> {
  if (!(await repo.deleteCandidate(db, area.id, id))) throw new NotFoundError('candidate', id);
}

/** Store candidates proposed by planning (origin generated, status proposed, no cost). */
export async function insertGeneratedCandidates(
  db: Kysely<Database>,
  area: Area,
  proposals: Array<Pick<Candidate, 'code' | 'name' | 'lon' | 'lat' | 'technology' | 'cells' | 'note'>>,
): Promise<void> {
  await repo.insertCandidates(
    db,
    area.id,
    proposals.map((p) => ({ ...p, cost: null, status: 'proposed', origin: 'generated', approximate: false })),
  );
}
