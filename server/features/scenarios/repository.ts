import type { Kysely } from 'kysely';
import type { ScenarioChanges } from '../../core/scenario/apply-scenario.ts';
import type { Database } from '../../db/types.ts';

export interface Scenario {
  id: number;
  areaId: number;
  name: string;
  description: string | null;
  changes: ScenarioChanges;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function toScenario(r: Record<string, unknown>): Scenario {
  const c = (r.changes ?? {}) as Partial<ScenarioChanges>;
  return {
    id: r.id as number,
    areaId: r.area_id as number,
    name: r.name as string,
    description: (r.description as string | null) ?? null,
    changes: { addCandidates: c.addCandidates ?? [], cellChanges: c.cellChanges ?? [], removeCells: c.removeCells ?? [] },
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

export async function listScenarios(db: Kysely<Database>, areaId: number): Promise<Scenario[]> {
  const rows = await db.selectFrom('scenarios').selectAll().where('area_id', '=', areaId).orderBy('id').execute();
  return rows.map((r) => toScenario(r as unknown as Record<string, unknown>));
}

export async function findScenario(db: Kysely<Database>, areaId: number, idOrName: string | number): Promise<Scenario | undefined> {
  const key = String(idOrName);
  let q = db.selectFrom('scenarios').selectAll().where('area_id', '=', areaId);
  q = /^\d+$/.test(key) && Number(key) <= 2147483647 ? q.where((eb) => eb.or([eb('id', '=', Number(key)), eb('name', '=', key)])) : q.where('name', '=', key);
  const row = await q.executeTakeFirst();
  return row ? toScenario(row as unknown as Record<string, unknown>) : undefined;
}

export async function insertScenario(db: Kysely<Database>, areaId: number, s: { name: string; description: string | null; changes: ScenarioChanges; createdBy: string | null }): Promise<Scenario> {
  const row = await db
    .insertInto('scenarios')
    .values({ area_id: areaId, name: s.name, description: s.description, changes: JSON.stringify(s.changes), created_by: s.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toScenario(row as unknown as Record<string, unknown>);
}

export async function updateScenario(db: Kysely<Database>, id: number, s: { name: string; description: string | null; changes: ScenarioChanges }): Promise<Scenario> {
  const row = await db
    .updateTable('scenarios')
    .set({ name: s.name, description: s.description, changes: JSON.stringify(s.changes), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toScenario(row as unknown as Record<string, unknown>);
}

export async function deleteScenario(db: Kysely<Database>, areaId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('scenarios').where('area_id', '=', areaId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
