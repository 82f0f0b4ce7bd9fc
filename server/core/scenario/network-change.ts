import type { CellRadio, SiteStatus } from '../model.ts';
import { type CellChange, ScenarioError, type ScenarioChanges } from './apply-scenario.ts';

/** A cell as written to the network: its code and radio parameters. */
export interface NamedCell extends CellRadio {
  code: string;
}

/** A site as written to the network ([lon, lat] WGS84 degrees), its cells ordered by code. */
export interface SiteState {
  code: string;
  name: string;
  lon: number;
  lat: number;
  status: SiteStatus;
  address: string | null;
  note: string | null;
  approximate: boolean;
  cells: NamedCell[];
}

/** A candidate a scenario adds, as it would be built. */
export interface CandidateToBuild {
  code: string;
  name: string;
  lon: number;
  lat: number;
  approximate: boolean;
  status: string;
  cells: NamedCell[];
}

/** One site before and after a change of the network; null = the site does not exist. */
export interface SiteTransition {
  code: string;
  before: SiteState | null;
  after: SiteState | null;
}

/** A candidate's status before and after. */
export interface CandidateTransition {
  code: string;
  statusBefore: string;
  statusAfter: string;
}

/** What applying a scenario does to the network, site by site: enough to write it and to undo it. */
export interface NetworkChange {
  sites: SiteTransition[];
  candidates: CandidateTransition[];
}

/** One edit made on the map, as it goes into the working scenario. */
export type ScenarioEdit =
  | { kind: 'cell'; change: CellChange }
  | { kind: 'add-candidate'; code: string }
  | { kind: 'remove-cell'; cell: string };

/** Reference to one change of a scenario, to remove it: a changed cell, an added candidate, a removed cell. */
export type ChangeRef = { kind: 'cell'; cell: string } | { kind: 'add-candidate'; code: string } | { kind: 'remove-cell'; cell: string };

/**
 * The scenario's changes with one more edit: a cell's new values merge into its earlier change (the
 * later value wins); a candidate is added once; a removed cell drops its parameter changes.
 */
export function withEdit(changes: ScenarioChanges, edit: ScenarioEdit): ScenarioChanges {
  const next: ScenarioChanges = {
    addCandidates: [...changes.addCandidates],
    cellChanges: changes.cellChanges.map((c) => ({ ...c })),
    removeCells: [...changes.removeCells],
  };
  switch (edit.kind) {
    case 'cell': {
      const defined = Object.fromEntries(Object.entries(edit.change).filter(([, v]) => v !== undefined)) as CellChange;
      const i = next.cellChanges.findIndex((c) => c.cell === edit.change.cell);
      if (i >= 0) next.cellChanges[i] = { ...next.cellChanges[i], ...defined };
      else next.cellChanges.push(defined);
      return next;
    }
    case 'add-candidate':
      if (!next.addCandidates.includes(edit.code)) next.addCandidates.push(edit.code);
      return next;
    case 'remove-cell':
      next.cellChanges = next.cellChanges.filter((c) => c.cell !== edit.cell);
      if (!next.removeCells.includes(edit.cell)) next.removeCells.push(edit.cell);
      return next;
  }
}

/** The scenario's changes without one of them; null when it has no such change. */
export function withoutChange(changes: ScenarioChanges, ref: ChangeRef): ScenarioChanges | null {
  const next: ScenarioChanges = {
    addCandidates: [...changes.addCandidates],
    cellChanges: changes.cellChanges.map((c) => ({ ...c })),
    removeCells: [...changes.removeCells],
  };
  const before = next.addCandidates.length + next.cellChanges.length + next.removeCells.length;
  if (ref.kind === 'cell') next.cellChanges = next.cellChanges.filter((c) => c.cell !== ref.cell);
  if (ref.kind === 'add-candidate') next.addCandidates = next.addCandidates.filter((c) => c !== ref.code);
  if (ref.kind === 'remove-cell') next.removeCells = next.removeCells.filter((c) => c !== ref.cell);
  return next.addCandidates.length + next.cellChanges.length + next.removeCells.length === before ? null : next;
}

/** Number of changes in a scenario. */
export function changeCount(changes: ScenarioChanges): number {
  return changes.addCandidates.length + changes.cellChanges.length + changes.removeCells.length;
}

/** The site codes a scenario touches: the sites of its changed and removed cells, and its candidates' codes. */
export function touchedSiteCodes(changes: ScenarioChanges): string[] {
  const codes = new Set<string>();
  for (const c of changes.cellChanges) codes.add(siteOf(c.cell));
  for (const key of changes.removeCells) codes.add(siteOf(key));
  for (const code of changes.addCandidates) codes.add(code);
  return [...codes];
}

function siteOf(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

function cellOf(key: string): string {
  return key.slice(key.indexOf('/') + 1);
}

function cloneSite(s: SiteState): SiteState {
  return { ...s, cells: s.cells.map((c) => ({ ...c })) };
}

/**
 * What applying a scenario does to the network: each changed cell takes its new values, each removed
 * cell leaves its site, each added candidate becomes an existing site of the same code with its cells
 * and is marked built. `sites` holds (at least) the sites the scenario touches, by code. Unknown
 * cells, unknown or already built candidates, and a candidate whose code is already a site's are
 * errors naming the field.
 */
export function planNetworkChange(
  sites: ReadonlyMap<string, SiteState>,
  changes: ScenarioChanges,
  candidates: ReadonlyMap<string, CandidateToBuild>,
): NetworkChange {
  const after = new Map<string, SiteState>();
  const edited = (key: string, field: string): { site: SiteState; index: number } => {
    const code = siteOf(key);
    const current = after.get(code) ?? sites.get(code);
    const index = current ? current.cells.findIndex((c) => c.code === cellOf(key)) : -1;
    if (!current || index < 0) throw new ScenarioError(field, `unknown cell "${key}" (expected SITE/CELL of the network)`);
    const site = after.get(code) ?? cloneSite(current);
    after.set(code, site);
    return { site, index };
  };
  changes.removeCells.forEach((key, i) => {
    const { site, index } = edited(key, `removeCells/${i}`);
    site.cells.splice(index, 1);
  });
  changes.cellChanges.forEach((change, i) => {
    const { site, index } = edited(change.cell, `cellChanges/${i}/cell`);
    const { cell: _key, ...radio } = change;
    const defined = Object.fromEntries(Object.entries(radio).filter(([, v]) => v !== undefined));
    site.cells[index] = { ...site.cells[index], ...defined };
  });
  const built: CandidateTransition[] = [];
  const added: SiteTransition[] = [];
  changes.addCandidates.forEach((code, i) => {
    if (built.some((b) => b.code === code)) return;
    const candidate = candidates.get(code);
    if (!candidate) throw new ScenarioError(`addCandidates/${i}`, `unknown candidate "${code}"`);
    if (candidate.status === 'built') throw new ScenarioError(`addCandidates/${i}`, `candidate "${code}" is built already`);
    if (sites.has(code) || after.has(code))
      throw new ScenarioError(`addCandidates/${i}`, `a site with the candidate's code "${code}" exists already`);
    added.push({
      code,
      before: null,
      after: {
        code,
        name: candidate.name,
        lon: candidate.lon,
        lat: candidate.lat,
        status: 'existing',
        address: null,
        note: `built from candidate ${code}`,
        approximate: candidate.approximate,
        cells: [...candidate.cells].map((c) => ({ ...c })).sort((a, b) => a.code.localeCompare(b.code)),
      },
    });
    built.push({ code, statusBefore: candidate.status, statusAfter: 'built' });
  });
  const changed: SiteTransition[] = [...after.entries()].map(([code, site]) => ({
    code,
    before: cloneSite(sites.get(code)!),
    after: site,
  }));
  return { sites: [...changed, ...added], candidates: built };
}

/** A site as compared for an undo: same fields and cells, numbers to 1e-6. */
export function sameSite(a: SiteState | null, b: SiteState | null): boolean {
  if (a === null || b === null) return a === b;
  const { cells: ca, ...fa } = a;
  const { cells: cb, ...fb } = b;
  if (!sameValues(fa, fb) || ca.length !== cb.length) return false;
  const byCode = new Map(cb.map((c) => [c.code, c]));
  return ca.every((c) => {
    const other = byCode.get(c.code);
    return other !== undefined && sameValues(c, other);
  });
}

function sameValues(a: object, b: object): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) {
    const x = ra[k];
    const y = rb[k];
    if (typeof x === 'number' && typeof y === 'number') {
      if (Math.abs(x - y) > 1e-6 * Math.max(1, Math.abs(x))) return false;
    } else if ((x ?? null) !== (y ?? null)) return false;
  }
  return true;
}

/**
 * The change that undoes `applied`, provided the network still is as `applied` left it: `current`
 * holds each touched site as it is now (null = absent) and each candidate's status. Sites or
 * candidates changed since are listed, and nothing is undone.
 */
export function planUndo(
  applied: NetworkChange,
  current: { sites: ReadonlyMap<string, SiteState | null>; candidateStatus: ReadonlyMap<string, string> },
): { undo: NetworkChange; conflicts: string[] } {
  const conflicts: string[] = [];
  for (const s of applied.sites) {
    if (!sameSite(current.sites.get(s.code) ?? null, s.after)) conflicts.push(`site ${s.code}`);
  }
  for (const c of applied.candidates) {
    if (current.candidateStatus.get(c.code) !== c.statusAfter) conflicts.push(`candidate ${c.code}`);
  }
  return {
    undo: {
      sites: applied.sites.map((s) => ({ code: s.code, before: s.after, after: s.before })),
      candidates: applied.candidates.map((c) => ({ code: c.code, statusBefore: c.statusAfter, statusAfter: c.statusBefore })),
    },
    conflicts,
  };
}
