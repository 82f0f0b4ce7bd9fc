import type { Kysely, Selectable } from 'kysely';
import type { Scenario as ScenarioAnswer } from '../../contract/scenarios.ts';
import type { CellChange, ScenarioChanges } from '../../core/scenario/apply-scenario.ts';
import type { Database, ScenariosTable } from '../../db/types.ts';

type ScenarioRow = Selectable<ScenariosTable>;

/** A saved scenario of an area, with its times as dates. */
export interface Scenario extends Omit<ScenarioAnswer, 'changes' | 'createdAt' | 'updatedAt'> {
  areaId: number;
  changes: ScenarioChanges;
  createdAt: Date;
  updatedAt: Date;
}

function toScenario(row: ScenarioRow): Scenario {
  return {
    id: row.id,
    areaId: row.area_id,
    name: row.name,
    description: row.description,
    changes: toScenarioChanges(row.changes),
    createdBy: row.created_by,
    workingFor: row.working_for,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const CHANGE_FIELDS = new Set<string>([
  'frequencyMhz',
  'heightM',
  'azimuthDeg',
  'beamwidthDeg',
  'tiltDeg',
  'powerDbm',
  'gainDbi',
  'lossDb',
]);

/**
 * The `changes` column (jsonb, written by the API after validation) as scenario changes: a list that is
 * absent is empty; of a cell change, only the cell key and the radio parameters that are numbers (or a
 * null azimuth) are kept, in their stored order.
 */
function toScenarioChanges(raw: unknown): ScenarioChanges {
  const changes = isRecord(raw) ? raw : {};
  return {
    addCandidates: strings(changes.addCandidates),
    cellChanges: Array.isArray(changes.cellChanges) ? changes.cellChanges.filter(isRecord).map(toCellChange) : [],
    removeCells: strings(changes.removeCells),
  };
}

function toCellChange(raw: Record<string, unknown>): CellChange {
  const change: CellChange = { cell: String(raw.cell) };
  for (const [field, value] of Object.entries(raw)) {
    if (!CHANGE_FIELDS.has(field)) continue;
    if (typeof value === 'number' || (field === 'azimuthDeg' && value === null)) Object.assign(change, { [field]: value });
  }
  return change;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function listScenarios(db: Kysely<Database>, areaId: number): Promise<Scenario[]> {
  const rows = await db.selectFrom('scenarios').selectAll().where('area_id', '=', areaId).orderBy('id').execute();
  return rows.map(toScenario);
}

export async function findScenario(db: Kysely<Database>, areaId: number, idOrName: string | number): Promise<Scenario | undefined> {
  const key = String(idOrName);
  let q = db.selectFrom('scenarios').selectAll().where('area_id', '=', areaId);
  q =
    /^\d+$/.test(key) && Number(key) <= 2147483647
      ? q.where((eb) => eb.or([eb('id', '=', Number(key)), eb('name', '=', key)]))
      : q.where('name', '=', key);
  const row = await q.executeTakeFirst();
  return row ? toScenario(row) : undefined;
}

/** The working scenario of a user in an area, if they have one. */
export async function findWorkingScenario(db: Kysely<Database>, areaId: number, username: string): Promise<Scenario | undefined> {
  const row = await db
    .selectFrom('scenarios')
    .selectAll()
    .where('area_id', '=', areaId)
    .where('working_for', '=', username)
    .executeTakeFirst();
  return row ? toScenario(row) : undefined;
}

export async function insertScenario(
  db: Kysely<Database>,
  areaId: number,
  s: { name: string; description: string | null; changes: ScenarioChanges; createdBy: string | null; workingFor?: string | null },
): Promise<Scenario> {
  const row = await db
    .insertInto('scenarios')
    .values({
      area_id: areaId,
      name: s.name,
      description: s.description,
      changes: JSON.stringify(s.changes),
      created_by: s.createdBy,
      working_for: s.workingFor ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toScenario(row);
}

export async function updateScenario(
  db: Kysely<Database>,
  id: number,
  s: { name: string; description: string | null; changes: ScenarioChanges },
): Promise<Scenario> {
  const row = await db
    .updateTable('scenarios')
    .set({ name: s.name, description: s.description, changes: JSON.stringify(s.changes), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toScenario(row);
}

export async function deleteScenario(db: Kysely<Database>, areaId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('scenarios').where('area_id', '=', areaId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
