import type { Kysely } from 'kysely';
import type { NetworkApplication, ScenarioEdit as ScenarioEditBody } from '../../contract/scenarios.ts';
import { ScenarioError, type ScenarioChanges } from '../../core/scenario/apply-scenario.ts';
import {
  type CandidateToBuild,
  type ChangeRef,
  changeCount,
  type NetworkChange,
  planNetworkChange,
  type ScenarioEdit,
  planUndo,
  type SiteState,
  touchedSiteCodes,
  withEdit,
  withoutChange,
} from '../../core/scenario/network-change.ts';
import type { Database } from '../../db/types.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.ts';
import { areaDataChanged } from '../areas/area-cache.ts';
import type { Area } from '../areas/repository.ts';
import { findAuditEntry, listAuditEntries } from '../audit/repository.ts';
import { recordAudit } from '../audit/service.ts';
import * as candidateRepo from '../candidates/repository.ts';
import * as siteRepo from '../sites/repository.ts';
import * as repo from './repository.ts';
import type { Scenario } from './repository.ts';
import { requireScenario, type ScenarioCoverage } from './service.ts';

/** The audit log's entity and actions of changes of the network made from scenarios. */
const ENTITY = 'network';
const APPLY = 'apply-scenario';
const UNDO = 'undo-apply-scenario';

/** Who did it, for the audit log. */
export interface Actor {
  username: string;
  ip: string | null;
  method: string;
  route: string;
}

/** The name of a user's working scenario (both languages; a number is added when a named scenario has it). */
export function workingScenarioName(username: string, n = 1): string {
  return `工作方案 Working (${username})${n > 1 ? ` ${n}` : ''}`;
}

export async function findWorkingScenario(db: Kysely<Database>, area: Area, username: string): Promise<Scenario | null> {
  return (await repo.findWorkingScenario(db, area.id, username)) ?? null;
}

/** Checks the changes apply to the network (unknown cells and candidates named under `/body/...`). */
async function checkApplies(coverage: Pick<ScenarioCoverage, 'scenarioCells'>, area: Area, changes: ScenarioChanges, field: string) {
  try {
    await coverage.scenarioCells(area, changes);
  } catch (err) {
    if (err instanceof UnprocessableError) {
      throw new UnprocessableError(`${field}: ${err.message}`, [{ field, message: err.message }]);
    }
    throw err;
  }
}

/** The edit a request body describes; the field its kind needs is required (named when absent). */
function editOf(body: ScenarioEditBody): ScenarioEdit {
  const missing = (field: string) =>
    new UnprocessableError(`/body/${field}: required when kind is "${body.kind}"`, [
      { field: `/body/${field}`, message: `required when kind is "${body.kind}"` },
    ]);
  if (body.kind === 'cell') {
    if (!body.change) throw missing('change');
    return { kind: 'cell', change: body.change };
  }
  if (body.kind === 'add-candidate') {
    if (!body.code) throw missing('code');
    return { kind: 'add-candidate', code: body.code };
  }
  if (!body.cell) throw missing('cell');
  return { kind: 'remove-cell', cell: body.cell };
}

/**
 * Adds one edit made on the map to the user's working scenario, created on the first edit. An edit
 * that does not apply to the network (an unknown cell or candidate) is refused, naming the field.
 */
export async function addWorkingEdit(
  db: Kysely<Database>,
  coverage: Pick<ScenarioCoverage, 'scenarioCells'>,
  area: Area,
  username: string,
  body: ScenarioEditBody,
): Promise<Scenario> {
  const edit = editOf(body);
  const current = await repo.findWorkingScenario(db, area.id, username);
  const changes = withEdit(current?.changes ?? { addCandidates: [], cellChanges: [], removeCells: [] }, edit);
  const field = edit.kind === 'cell' ? '/body/change/cell' : edit.kind === 'add-candidate' ? '/body/code' : '/body/cell';
  await checkApplies(coverage, area, changes, field);
  if (current) return repo.updateScenario(db, current.id, { name: current.name, description: current.description, changes });
  let n = 1;
  while (await repo.findScenario(db, area.id, workingScenarioName(username, n))) n++;
  return repo.insertScenario(db, area.id, {
    name: workingScenarioName(username, n),
    description: null,
    changes,
    createdBy: username,
    workingFor: username,
  });
}

/** Takes one change out of the user's working scenario. */
export async function removeWorkingEdit(db: Kysely<Database>, area: Area, username: string, ref: ChangeRef): Promise<Scenario> {
  const current = await repo.findWorkingScenario(db, area.id, username);
  if (!current) throw new NotFoundError('working scenario of user', username);
  const key = ref.kind === 'add-candidate' ? ref.code : ref.cell;
  const changes = withoutChange(current.changes, ref);
  if (!changes) throw new NotFoundError(`${ref.kind} change`, key);
  return repo.updateScenario(db, current.id, { name: current.name, description: current.description, changes });
}

function siteState(s: siteRepo.Site): SiteState {
  return {
    code: s.code,
    name: s.name,
    lon: s.lon,
    lat: s.lat,
    status: s.status,
    address: s.address,
    note: s.note,
    approximate: s.approximate,
    cells: s.cells.map(({ id: _id, siteId: _siteId, ...cell }) => cell).sort((a, b) => a.code.localeCompare(b.code)),
  };
}

async function readSites(db: Kysely<Database>, area: Area, codes: readonly string[]): Promise<Map<string, SiteState | null>> {
  const out = new Map<string, SiteState | null>();
  for (const code of codes) {
    const site = await siteRepo.findSiteByCode(db, area.id, code);
    out.set(code, site ? siteState(site) : null);
  }
  return out;
}

/** Writes a network change: sites created, updated (fields and cells) or deleted; candidate statuses set. */
async function writeNetworkChange(db: Kysely<Database>, area: Area, change: NetworkChange): Promise<void> {
  for (const s of change.sites) {
    const current = await siteRepo.findSiteByCode(db, area.id, s.code);
    if (s.after === null) {
      if (current) await siteRepo.deleteSite(db, area.id, current.id);
      continue;
    }
    const { cells, ...fields } = s.after;
    if (current) {
      await siteRepo.updateSite(db, current.id, fields);
      await siteRepo.replaceCells(db, current.id, cells);
    } else {
      await siteRepo.insertSite(db, area.id, fields, cells);
    }
  }
  for (const c of change.candidates) {
    const candidate = await candidateRepo.findCandidateByCode(db, area.id, c.code);
    if (candidate) await candidateRepo.updateCandidate(db, candidate.id, { status: c.statusAfter as candidateRepo.Candidate['status'] });
  }
}

interface ApplyRecord {
  scenario: { id: number; name: string; changes: ScenarioChanges };
  sites: Record<string, SiteState | null>;
  candidates: Record<string, string>;
}

function recordOf(scenario: ApplyRecord['scenario'], change: NetworkChange, side: 'before' | 'after'): ApplyRecord {
  return {
    scenario,
    sites: Object.fromEntries(change.sites.map((s) => [s.code, s[side]])),
    candidates: Object.fromEntries(change.candidates.map((c) => [c.code, side === 'before' ? c.statusBefore : c.statusAfter])),
  };
}

/**
 * Applies a scenario to the existing network in one transaction: changed cells take their new values,
 * removed cells are deleted, added candidates become existing sites (and are marked built). The sites
 * before and after go to the audit log, from which the change can be undone; the scenario is emptied
 * (its changes are now the network). Refused when the caller saw another number of changes.
 */
export async function applyScenarioToNetwork(
  db: Kysely<Database>,
  area: Area,
  idOrName: string,
  expectedChanges: number | undefined,
  actor: Actor,
): Promise<NetworkApplication> {
  const scenario = await requireScenario(db, area, idOrName);
  const count = changeCount(scenario.changes);
  if (count === 0) {
    throw new UnprocessableError(`scenario "${scenario.name}" has no changes to apply`, [
      { field: '/params/scenarioId', message: 'no changes', value: scenario.name },
    ]);
  }
  if (expectedChanges !== undefined && expectedChanges !== count) {
    throw new ConflictError(`scenario "${scenario.name}" has ${count} changes, not ${expectedChanges}: it changed since it was shown`, [
      { field: '/body/expectedChanges', message: `the scenario has ${count} changes`, value: expectedChanges },
    ]);
  }
  const id = await db.transaction().execute(async (trx) => {
    const sites = await readSites(trx, area, touchedSiteCodes(scenario.changes));
    const present = new Map([...sites].filter((e): e is [string, SiteState] => e[1] !== null));
    const candidates = new Map<string, CandidateToBuild>();
    for (const code of scenario.changes.addCandidates) {
      const c = await candidateRepo.findCandidateByCode(trx, area.id, code);
      if (c)
        candidates.set(code, { code, name: c.name, lon: c.lon, lat: c.lat, approximate: c.approximate, status: c.status, cells: c.cells });
    }
    let change: NetworkChange;
    try {
      change = planNetworkChange(present, scenario.changes, candidates);
    } catch (err) {
      if (err instanceof ScenarioError) {
        const field = `/scenario/changes/${err.field}`;
        throw new UnprocessableError(`${field}: ${err.message}`, [{ field, message: err.message }]);
      }
      throw err;
    }
    await writeNetworkChange(trx, area, change);
    // What was written, read back: an undo compares the network with exactly this.
    const written = await readSites(
      trx,
      area,
      change.sites.map((s) => s.code),
    );
    change = { ...change, sites: change.sites.map((s) => ({ ...s, after: written.get(s.code) ?? null })) };
    const summary = { id: scenario.id, name: scenario.name, changes: scenario.changes };
    await repo.updateScenario(trx, scenario.id, {
      name: scenario.name,
      description: scenario.description,
      changes: { addCandidates: [], cellChanges: [], removeCells: [] },
    });
    return recordAudit(trx, {
      username: actor.username,
      ip: actor.ip,
      method: actor.method,
      route: actor.route,
      status: 200,
      areaCode: area.code,
      entity: ENTITY,
      entityKey: scenario.name,
      action: APPLY,
      request: { scenario: scenario.name, changes: scenario.changes },
      before: recordOf(summary, change, 'before'),
      after: recordOf(summary, change, 'after'),
    });
  });
  areaDataChanged();
  return requireApplication(db, area, id);
}

function isApplyRecord(v: unknown): v is ApplyRecord {
  const r = v as ApplyRecord | null;
  return typeof r === 'object' && r !== null && typeof r.sites === 'object' && typeof r.candidates === 'object' && !!r.scenario;
}

/** An application of a scenario to the network, from the audit log. */
async function requireApplication(db: Kysely<Database>, area: Area, id: number): Promise<NetworkApplication> {
  const entry = await findAuditEntry(db, id);
  if (!entry || entry.entity !== ENTITY || entry.action !== APPLY || entry.areaCode !== area.code || !isApplyRecord(entry.after)) {
    throw new NotFoundError('application of a scenario to the network', id);
  }
  const undo = await listAuditEntries(db, { limit: 1, entity: ENTITY, action: UNDO, areaCode: area.code, entityKey: String(id) });
  return {
    id: entry.id,
    at: entry.at,
    username: entry.username,
    scenario: entry.after.scenario.name,
    changes: entry.after.scenario.changes,
    sites: Object.keys(entry.after.sites),
    undoneBy: undo[0]?.id ?? null,
  };
}

export async function getApplication(db: Kysely<Database>, area: Area, id: number): Promise<NetworkApplication> {
  return requireApplication(db, area, id);
}

/** The scenarios applied to this area's network, newest first (at most `limit`). */
export async function listApplications(db: Kysely<Database>, area: Area, limit = 50): Promise<NetworkApplication[]> {
  const entries = await listAuditEntries(db, { limit, entity: ENTITY, action: APPLY, areaCode: area.code });
  const out: NetworkApplication[] = [];
  for (const e of entries) if (isApplyRecord(e.after)) out.push(await requireApplication(db, area, e.id));
  return out;
}

/**
 * Undoes an application from the audit log's before/after: every site it touched goes back to how
 * it was, and the candidates it built to their earlier status; the scenario gets its changes back
 * when it still exists and is empty. Refused when it was undone already, or when a site or candidate
 * changed since (they are named). Audited.
 */
export async function undoApplication(db: Kysely<Database>, area: Area, id: number, actor: Actor): Promise<NetworkApplication> {
  const application = await requireApplication(db, area, id);
  if (application.undoneBy !== null) {
    throw new ConflictError(`application ${id} was undone already (audit entry ${application.undoneBy})`, [
      { field: '/params/applicationId', message: 'undone already', value: id },
    ]);
  }
  const entry = (await findAuditEntry(db, id))!;
  const before = entry.before as ApplyRecord;
  const after = entry.after as ApplyRecord;
  const applied: NetworkChange = {
    sites: Object.keys(after.sites).map((code) => ({ code, before: before.sites[code] ?? null, after: after.sites[code] ?? null })),
    candidates: Object.keys(after.candidates).map((code) => ({
      code,
      statusBefore: before.candidates[code],
      statusAfter: after.candidates[code],
    })),
  };
  await db.transaction().execute(async (trx) => {
    const sites = await readSites(
      trx,
      area,
      applied.sites.map((s) => s.code),
    );
    const candidateStatus = new Map<string, string>();
    for (const c of applied.candidates) {
      const found = await candidateRepo.findCandidateByCode(trx, area.id, c.code);
      if (found) candidateStatus.set(c.code, found.status);
    }
    const { undo, conflicts } = planUndo(applied, { sites, candidateStatus });
    if (conflicts.length > 0) {
      throw new ConflictError(`the network changed since application ${id}: ${conflicts.join(', ')}; nothing was undone`, [
        { field: '/params/applicationId', message: `changed since: ${conflicts.join(', ')}`, value: id },
      ]);
    }
    await writeNetworkChange(trx, area, undo);
    const scenario = await repo.findScenario(trx, area.id, after.scenario.id);
    if (scenario && changeCount(scenario.changes) === 0) {
      await repo.updateScenario(trx, scenario.id, {
        name: scenario.name,
        description: scenario.description,
        changes: after.scenario.changes,
      });
    }
    await recordAudit(trx, {
      username: actor.username,
      ip: actor.ip,
      method: actor.method,
      route: actor.route,
      status: 200,
      areaCode: area.code,
      entity: ENTITY,
      entityKey: String(id),
      action: UNDO,
      request: { applicationId: id },
      before: { sites: after.sites, candidates: after.candidates },
      after: { sites: before.sites, candidates: before.candidates },
    });
  });
  areaDataChanged();
  return requireApplication(db, area, id);
}
