import type { CellRadio, CellSpec } from '../model.ts';

/** A change of one existing cell's radio parameters, identified by its key "SITE/CELL". */
export interface CellChange extends Partial<Omit<CellRadio, 'technology'>> {
  cell: string;
}

/** A scenario: the existing network plus a list of changes. */
export interface ScenarioChanges {
  /** Candidate codes whose cells are added. */
  addCandidates: string[];
  cellChanges: CellChange[];
  /** Keys ("SITE/CELL") of existing cells switched off. */
  removeCells: string[];
}

export const EMPTY_SCENARIO: ScenarioChanges = { addCandidates: [], cellChanges: [], removeCells: [] };

export class ScenarioError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Apply a scenario to the existing cells: remove, then change parameters, then add the candidates'
 * cells (looked up by code). Unknown cells or candidates are errors naming the field, never ignored.
 */
export function applyScenario(
  existing: readonly CellSpec[],
  changes: ScenarioChanges,
  candidateCells: (code: string) => CellSpec[] | undefined,
): CellSpec[] {
  const byKey = new Map(existing.map((c) => [c.key, c]));
  changes.removeCells.forEach((key, i) => {
    if (!byKey.delete(key)) throw new ScenarioError(`removeCells/${i}`, `unknown cell "${key}" (expected SITE/CELL)`);
  });
  changes.cellChanges.forEach((change, i) => {
    const cell = byKey.get(change.cell);
    if (!cell) throw new ScenarioError(`cellChanges/${i}/cell`, `unknown or removed cell "${change.cell}"`);
    const { cell: _key, ...radio } = change;
    const defined = Object.fromEntries(Object.entries(radio).filter(([, v]) => v !== undefined));
    byKey.set(change.cell, { ...cell, ...defined });
  });
  const out = [...byKey.values()];
  const seen = new Set<string>();
  changes.addCandidates.forEach((code, i) => {
    if (seen.has(code)) return;
    seen.add(code);
    const cells = candidateCells(code);
    if (!cells) throw new ScenarioError(`addCandidates/${i}`, `unknown candidate "${code}"`);
    out.push(...cells);
  });
  return out;
}

/** A stable key of a scenario's content, for caching results. */
export function scenarioKey(changes: ScenarioChanges): string {
  if (changes.addCandidates.length === 0 && changes.cellChanges.length === 0 && changes.removeCells.length === 0) return 'base';
  const sorted = {
    a: [...new Set(changes.addCandidates)].sort(),
    c: [...changes.cellChanges].sort((x, y) => x.cell.localeCompare(y.cell)),
    r: [...changes.removeCells].sort(),
  };
  return JSON.stringify(sorted);
}
